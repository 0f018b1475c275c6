import { Component, useRef, useState } from "@odoo/owl";
import { scanBarcode } from "@web/core/barcode/barcode_dialog";
import { isBarcodeScannerSupported } from "@web/core/barcode/barcode_video_scanner";
import { Dialog } from "@web/core/dialog/dialog";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { url } from "@web/core/utils/urls";
import { useBus, useService } from "@web/core/utils/hooks";
import { standardWidgetProps } from "@web/views/widgets/standard_widget_props";

/* How many were found, when the company asks for the quantity on scan. */
export class ConsignmentScanQuantityDialog extends Component {
    static template = "consignment_stock.ScanQuantityDialog";
    static components = { Dialog };
    static props = ["product", "close", "onConfirm"];

    setup() {
        this.inputRef = useRef("quantity");
        this.state = useState({ quantity: "1" });
    }

    onKeydown(ev) {
        if (ev.key === "Enter") {
            this.confirm();
        }
    }

    confirm() {
        this.props.onConfirm(this.state.quantity);
        this.props.close();
    }
}

/* The scan mode of a count or a consumption report: codes from a hand scanner (the barcode
   service) or from the camera go to the document's action_scan while it is a draft; the server decides,
   logs the scan and says what to show and which sound to play. */
export class ConsignmentScanPanel extends Component {
    static template = "consignment_stock.ScanPanel";
    static props = { ...standardWidgetProps, scanField: { type: String, optional: true } };

    setup() {
        this.orm = useService("orm");
        this.notification = useService("notification");
        this.dialog = useService("dialog");
        this.state = useState({ last: null });
        this.cameraSupported = isBarcodeScannerSupported();
        useBus(useService("barcode").bus, "barcode_scanned", (ev) =>
            this.onBarcodeScanned(ev.detail.barcode)
        );
    }

    get record() {
        return this.props.record;
    }

    get canScan() {
        // scan_field: a boolean field of documents that are not scanned while in draft.
        const open = this.props.scanField
            ? this.record.data[this.props.scanField]
            : this.record.data.state === "draft";
        return Boolean(this.record.resId) && Boolean(open);
    }

    async onBarcodeScanned(barcode, quantity = undefined) {
        if (!this.canScan) {
            return;
        }
        // Unsaved edits first: the scan reloads the lines from the server.
        if (!(await this.record.save())) {
            return;
        }
        const kwargs = quantity === undefined ? {} : { quantity };
        const result = await this.orm.call(
            this.record.resModel,
            "action_scan",
            [[this.record.resId], barcode],
            kwargs
        );
        if (result.result === "ask_quantity") {
            this.dialog.add(ConsignmentScanQuantityDialog, {
                product: result.product,
                onConfirm: (value) => this.onBarcodeScanned(barcode, value),
            });
            return;
        }
        await this.record.load();
        this.state.last = result;
        this.notification.add(result.message, {
            type: result.result === "error" ? "danger" : "success",
        });
        this.playSound(result.sound);
    }

    async onCameraClick() {
        let barcode;
        try {
            barcode = await scanBarcode(this.env);
        } catch (error) {
            this.notification.add(error.message, { type: "danger" });
            return;
        }
        if (barcode) {
            await this.onBarcodeScanned(barcode);
        }
    }

    playSound(sound) {
        try {
            if (sound === "error") {
                const extension = new Audio().canPlayType("audio/ogg") ? "ogg" : "mp3";
                const audio = new Audio(url(`/barcodes/static/src/audio/error.${extension}`));
                audio.play().catch(() => {});
                return;
            }
            // A short beep: no sound file to load for the scans that go well.
            const context = new AudioContext();
            const oscillator = context.createOscillator();
            oscillator.frequency.value = 880;
            oscillator.connect(context.destination);
            oscillator.start();
            oscillator.stop(context.currentTime + 0.08);
            oscillator.onended = () => context.close();
        } catch {
            // A browser that may not play sounds still shows the notification.
        }
    }
}

registry.category("view_widgets").add("consignment_scan_panel", {
    component: ConsignmentScanPanel,
    extractProps: ({ attrs }) => ({ scanField: attrs.scan_field }),
    additionalClasses: ["o_consignment_scan_panel", "w-100"],
    label: _t("Scan"),
});
