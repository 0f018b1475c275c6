import { scanBarcode } from "@web/core/barcode/barcode_dialog";
import { isBarcodeScannerSupported } from "@web/core/barcode/barcode_video_scanner";
import { rpc } from "@web/core/network/rpc";
import { registry } from "@web/core/registry";
import { Interaction } from "@web/public/interaction";

// A hand scanner types a whole code faster than anybody: keys closer than this (ms) belong
// to one code.
const SCANNER_KEY_GAP = 100;
const SCANNER_MIN_LENGTH = 3;

/* Scanning on the portal report form. Each code, from the phone's camera (Odoo's barcode
   dialog) or a hand scanner (typing into the code field or anywhere on the page), is read by
   the server, which checks it for the customer's agreement and logs it; accepted scans are
   listed and fill the product's quantity, which the server takes again on Submit. */
export class ConsignmentPortalScan extends Interaction {
    static selector = "form.o_consignment_report_form";
    dynamicContent = {
        ".o_consignment_portal_scan": { "t-att-class": () => ({ "d-none": false }) },
        ".o_consignment_scan_camera": {
            "t-on-click": this.onCameraClick,
            "t-att-class": () => ({ "d-none": !this.cameraSupported }),
        },
        ".o_consignment_scan_code": { "t-on-keydown": this.onCodeKeydown },
        ".o_consignment_scans > tbody": { "t-on-click": this.onListClick },
        _document: { "t-on-keydown": this.onDocumentKeydown },
    };

    setup() {
        this.cameraSupported = isBarcodeScannerSupported();
        this.agreementId = this.el.querySelector(".o_consignment_portal_scan").dataset.agreementId;
        this.buffer = "";
        this.lastKeyTime = 0;
    }

    get reportType() {
        return this.el.querySelector("input[name=report_type]:checked")?.value || "sold";
    }

    async onCameraClick() {
        let barcode;
        try {
            barcode = await this.waitFor(scanBarcode(this.env));
        } catch (error) {
            this.showMessage(error.message, false);
            return;
        }
        if (barcode) {
            await this.scan(barcode);
        }
    }

    onCodeKeydown(ev) {
        if (ev.key !== "Enter") {
            return;
        }
        // Enter ends the code: it must not submit the report.
        ev.preventDefault();
        const barcode = ev.currentTarget.value;
        ev.currentTarget.value = "";
        if (barcode.trim()) {
            this.scan(barcode);
        }
    }

    onDocumentKeydown(ev) {
        // Typing into a field is the person's, and the code field reads its own Enter.
        if (ev.target.closest?.("input, textarea, select, [contenteditable], .modal")) {
            return;
        }
        if (ev.ctrlKey || ev.metaKey || ev.altKey) {
            return;
        }
        const now = Date.now();
        if (now - this.lastKeyTime > SCANNER_KEY_GAP) {
            this.buffer = "";
        }
        this.lastKeyTime = now;
        if (ev.key === "Enter") {
            const barcode = this.buffer;
            this.buffer = "";
            if (barcode.length >= SCANNER_MIN_LENGTH) {
                ev.preventDefault();
                this.scan(barcode);
            }
        } else if (ev.key.length === 1) {
            this.buffer += ev.key;
        }
    }

    async scan(barcode) {
        let answer;
        try {
            answer = await this.waitFor(
                rpc(`/my/consignment/${this.agreementId}/scan`, {
                    barcode,
                    report_type: this.reportType,
                })
            );
        } catch (error) {
            this.showMessage(error.data?.message || error.message, false);
            return;
        }
        this.showMessage(answer.message, answer.result === "ok");
        if (answer.result === "ok") {
            this.addRow(answer.scan);
            this.setQuantity(answer.scan.field, answer.value);
        }
    }

    async onListClick(ev) {
        const button = ev.target.closest(".o_consignment_scan_remove");
        if (!button) {
            return;
        }
        const row = button.closest("tr");
        let answer;
        try {
            answer = await this.waitFor(
                rpc(`/my/consignment/${this.agreementId}/scan/${row.dataset.scanId}/remove`)
            );
        } catch (error) {
            this.showMessage(error.data?.message || error.message, false);
            return;
        }
        row.remove();
        this.setQuantity(answer.field, answer.value);
        this.updateList();
    }

    addRow(scan) {
        const row = this.el.querySelector(".o_consignment_scan_prototype tr").cloneNode(true);
        row.dataset.scanId = scan.id;
        row.dataset.field = scan.field;
        row.querySelector(".o_consignment_scan_product").textContent = scan.product;
        row.querySelector(".o_consignment_scan_lot").textContent = scan.lot;
        row.querySelector(".o_consignment_scan_quantity").textContent = scan.quantity;
        this.el.querySelector(".o_consignment_scans > tbody").append(row);
        this.updateList();
    }

    updateList() {
        const rows = [...this.el.querySelectorAll(".o_consignment_scans > tbody > tr")];
        this.el.querySelector(".o_consignment_scans").classList.toggle("d-none", !rows.length);
        this.el.querySelector(".o_consignment_scan_ids").value = rows
            .map((row) => row.dataset.scanId)
            .join(",");
    }

    setQuantity(field, value) {
        const input = this.el.querySelector(`input[name="${field}"]`);
        if (input) {
            // A scanned quantity is the scans' total: remove scans to change it.
            input.value = value;
            input.readOnly = Boolean(value);
        }
    }

    showMessage(message, ok) {
        const box = this.el.querySelector(".o_consignment_scan_message");
        box.textContent = message;
        box.classList.remove("d-none");
        box.classList.toggle("alert-success", ok);
        box.classList.toggle("alert-danger", !ok);
    }
}

registry.category("public.interactions").add("consignment_sale.portal_scan", ConsignmentPortalScan);
