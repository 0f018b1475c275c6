import { registry } from "@web/core/registry";
import { fakeCamera, handScan } from "@consignment_stock/../tests/tours/scan_helpers";

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
            content: "Add them",
            trigger: ".modal .modal-footer .btn-primary:contains('Add')",
            run: "click",
        },
        {
            content: "Four bolts counted",
            trigger: countedCell("Scan Bolt", "4"),
        },
    ],
});
