import { registry } from "@web/core/registry";
import { fakeCamera, handScan } from "@consignment_stock/../tests/tours/scan_helpers";

const GS = "\x1d";

const form = "form.o_consignment_report_form";
const quantity = (product, value) => `${form} input[data-product='${product}']:value(${value})`;
const scanRow = (text) => `${form} .o_consignment_scans > tbody > tr:contains('${text}')`;

registry.category("web_tour.tours").add("consignment_sale_portal_scan", {
    steps: () => [
        {
            content: "Scan the widget's label with the phone's camera",
            trigger: `${form} .o_consignment_portal_scan:not(.d-none) .o_consignment_scan_camera`,
            async run(actions) {
                fakeCamera("7612345678900");
                await actions.click();
            },
        },
        {
            content: "The scan is listed and fills the widget's quantity",
            trigger: `${scanRow("Consigned Widget")} .o_consignment_scan_remove`,
        },
        {
            content: "One widget",
            trigger: `${quantity("Consigned Widget", 1)}[readonly]`,
        },
        {
            content: "A hand scanner types the widget's barcode into the code field",
            trigger: `${form} .o_consignment_scan_code`,
            async run(actions) {
                await actions.edit("7612345678900");
                await actions.press("Enter");
            },
        },
        {
            content: "Two widgets",
            trigger: quantity("Consigned Widget", 2),
        },
        {
            content: "The hand scanner reads a GS1 label: lot LOT-A, three pieces",
            trigger: `${form} .o_consignment_scan_message.alert-success`,
            run: () => handScan(`010400638133393110LOT-A${GS}303`),
        },
        {
            content: "Three lot widgets of LOT-A",
            trigger: quantity("Consigned Lot Widget", 3),
        },
        {
            content: "A code nobody knows",
            trigger: scanRow("LOT-A"),
            run: () => handScan("NOPE-42"),
        },
        {
            content: "is refused with a message",
            trigger: `${form} .o_consignment_scan_message.alert-danger:contains('Unknown code NOPE-42')`,
        },
        {
            content: "Remove one widget scan",
            trigger: `${scanRow("Consigned Widget")}:first .o_consignment_scan_remove`,
            run: "click",
        },
        {
            content: "One widget again, two scans listed",
            trigger: `${quantity("Consigned Widget", 1)}`,
        },
        {
            content: "The list shows the widget and the lot",
            trigger: `${form} .o_consignment_scans > tbody:not(:has(tr:nth-child(3)))`,
        },
    ],
});

registry.category("web_tour.tours").add("consignment_sale_portal_scan_submit", {
    steps: () => [
        {
            content: "The scans are still listed after reloading the page",
            trigger: `${scanRow("LOT-A")} .o_consignment_scan_remove`,
        },
        {
            content: "with the quantities they make",
            trigger: `${quantity("Consigned Widget", 1)}[readonly]`,
        },
        {
            content: "Submit the report",
            trigger: `${form} button.o_consignment_report_submit`,
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The report is submitted",
            trigger: ".o_consignment_submitted",
        },
    ],
});
