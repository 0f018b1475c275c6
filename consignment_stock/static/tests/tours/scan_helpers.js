/* global ZXing */
import { loadJS } from "@web/core/assets";
import { browser } from "@web/core/browser/browser";

/* A hand scanner types the code fast and ends it with Enter: the barcode service receives
   the key presses on the page's body. */
export function handScan(barcode) {
    for (const key of [...barcode, "Enter"]) {
        document.body.dispatchEvent(new KeyboardEvent("keydown", { key, bubbles: true }));
    }
}

/* A camera that films a QR code, the way Odoo's own tests feed its camera scanner:
   getUserMedia answers with the stream of a canvas the code is drawn on. */
export function fakeCamera(barcode) {
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
