import { registry } from "@web/core/registry";
import { handScan } from "@consignment_stock/../tests/tours/scan_helpers";

const lastScan = (text) => `.o_consignment_scan_last.text-bg-success:contains('${text}')`;

registry.category("web_tour.tours").add("consignment_sale_fillup_scan", {
    steps: () => [
        {
            content: "The fill-up is in scan mode",
            trigger: ".o_form_view .o_consignment_scan:contains('Scan a product')",
        },
        {
            content: "Scan the label of the first lot",
            trigger: ".o_form_view .o_consignment_scan",
            run: () => handScan("LOT-A"),
        },
        {
            content: "One unit of LOT-A picked",
            trigger: lastScan("(LOT-A): 1"),
            run: () => handScan("LOT-A"),
        },
        {
            content: "Two units of LOT-A picked; scan the label of the second lot",
            trigger: lastScan("(LOT-A): 2"),
            run: () => handScan("LOT-B"),
        },
        {
            content: "One unit of LOT-B picked",
            trigger: lastScan("(LOT-B): 1"),
        },
        {
            content: "The operations hold the three scanned units",
            trigger:
                ".o_field_widget[name=move_ids] .o_data_row:contains('Consigned Lot Widget') .o_data_cell[name=quantity]:contains('3')",
        },
        {
            content: "Validate the fill-up",
            trigger: ".o_form_view .o_statusbar_buttons button[name=button_validate]",
            run: "click",
        },
        {
            content: "The fill-up is done",
            trigger: ".o_form_view .o_statusbar_status .o_arrow_button_current:contains('Done')",
        },
        {
            content: "A done fill-up takes no more scans",
            trigger: ".o_form_view:not(:has(.o_consignment_scan))",
        },
    ],
});

registry.category("web_tour.tours").add("consignment_sale_receipt_no_scan", {
    steps: () => [
        {
            content: "An ordinary receipt has no scan panel",
            trigger:
                ".o_form_view:has(.o_field_widget[name=move_ids] .o_data_row):not(:has(.o_consignment_scan_panel))",
        },
    ],
});
