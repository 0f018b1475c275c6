/* global ZXing */
import { loadJS } from "@web/core/assets";
import { browser } from "@web/core/browser/browser";
import { registry } from "@web/core/registry";

/* A hand scanner types the code fast and ends it with Enter: the barcode service receives
   the key presses on the page's body. */
function handScan(barcode) {
    for (const key of [...barcode, "Enter"]) {
        document.body.dispatchEvent(new KeyboardEvent("keydown", { key, bubbles: true }));
    }
}

/* A camera that films a QR code, the way Odoo's own tests feed its camera scanner:
   getUserMedia answers with the stream of a canvas the code is drawn on. */
function fakeCamera(barcode) {
    // The scanner reads the frame the user last dragged: here the whole picture, as Odoo's
    // test gets by dragging the crop handle to the corner.
    browser.localStorage.setItem("o-barcode-scanner-overlay", JSON.stringify({ x: 0, y: 0 }));
    browser.navigator.mediaDevices.getUserMedia = async () => {
        await loadJS("/web/static/lib/zxing-library/zxing-library.js");
        const matrix = new ZXing.MultiFormatWriter().encode(
            barcode,
            ZXing.BarcodeFormat.QR_CODE,
            250,
            250,
            null
        );
        const canvas = document.createElement("canvas");
        const context = canvas.getContext("2d");
        const stream = canvas.captureStream();
        canvas.width = matrix.width;
        canvas.height = matrix.height;
        context.fillStyle = "white";
        context.fillRect(0, 0, canvas.width, canvas.height);
        context.fillStyle = "black";
        for (let x = 0; x < matrix.width; x++) {
            for (let y = 0; y < matrix.height; y++) {
                if (matrix.get(x, y)) {
                    context.fillRect(x, y, 1, 1);
                }
            }
        }
        return stream;
    };
}

const countedCell = (product, quantity) =>
    `.o_field_widget[name=line_ids] .o_data_row:contains('${product}') .o_data_cell[name=counted_qty]:contains('${quantity}')`;

registry.category("web_tour.tours").add("consignment_stock_count_scan", {
    steps: () => [
        {
            content: "The count in progress is in scan mode",
            trigger: ".o_form_view .o_consignment_scan:contains('Scan a product')",
        },
        {
            content: "Scan the bolt's barcode with the hand scanner",
            trigger: ".o_form_view .o_consignment_scan",
            run: () => handScan("7612345678900"),
        },
        {
            content: "One bolt counted",
            trigger: countedCell("Scan Bolt", "1"),
        },
        {
            content: "Scan the bolt again",
            trigger: ".o_consignment_scan_last:contains('1')",
            run: () => handScan("7612345678900"),
        },
        {
            content: "Two bolts counted",
            trigger: countedCell("Scan Bolt", "2"),
        },
        {
            content: "Scan the nut by its internal reference",
            trigger: ".o_consignment_scan_last:contains('2')",
            run: () => handScan("NUT-M8"),
        },
        {
            content: "One nut counted",
            trigger: countedCell("Scan Nut", "1"),
        },
        {
            content: "A code nobody knows is refused, with a message",
            trigger: ".o_consignment_scan_last:contains('Scan Nut')",
            run: () => handScan("NOPE-42"),
        },
        {
            content: "The refusal is shown in red",
            trigger: ".o_notification:has(.o_notification_bar.bg-danger):contains('Unknown code NOPE-42')",
        },
        {
            content: "Point the camera at the nut's label",
            trigger: ".o_consignment_scan_camera",
            async run(actions) {
                fakeCamera("NUT-M8");
                await actions.click();
            },
        },
        {
            content: "The camera read the label: two nuts counted",
            trigger: countedCell("Scan Nut", "2"),
        },
        {
            content: "The scans are listed on the count",
            trigger: "button[name=action_view_scans]:contains('5')",
        },
    ],
});

registry.category("web_tour.tours").add("consignment_stock_count_scan_mobile", {
    steps: () => [
        {
            content: "On the phone, scan the bolt's label with the camera",
            // o_xxs_form_view: the web client's mobile layout of the form.
            trigger: ".o_xxs_form_view .o_consignment_scan .o_consignment_scan_camera",
            async run(actions) {
                fakeCamera("7612345678900");
                await actions.click();
            },
        },
        {
            content: "The bolt is counted",
            trigger: ".o_notification:has(.o_notification_bar.bg-success):contains('Scan Bolt')",
        },
    ],
});

registry.category("web_tour.tours").add("consignment_stock_count_scan_quantity", {
    steps: () => [
        {
            content: "Scan the bolt's barcode",
            trigger: ".o_form_view .o_consignment_scan",
            run: () => handScan("7612345678900"),
        },
        {
            content: "The company asks for the quantity on scan: four bolts were found",
            trigger: ".modal:contains('Scan Bolt') input.o_consignment_scan_quantity",
            run: "edit 4",
        },
        {
            content: "Count them",
            trigger: ".modal .modal-footer .btn-primary:contains('Count')",
            run: "click",
        },
        {
            content: "Four bolts counted",
            trigger: countedCell("Scan Bolt", "4"),
        },
    ],
});
