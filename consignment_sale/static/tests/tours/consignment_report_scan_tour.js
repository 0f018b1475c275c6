import { registry } from "@web/core/registry";
import { handScan } from "@consignment_stock/../tests/tours/scan_helpers";

const soldCell = (product, quantity) =>
    `.o_field_widget[name=line_ids] .o_data_row:contains('${product}') .o_data_cell[name=quantity]:contains('${quantity}')`;

registry.category("web_tour.tours").add("consignment_sale_report_scan", {
    steps: () => [
        {
            content: "The draft report is in scan mode",
            trigger: ".o_form_view .o_consignment_scan:contains('Scan a product')",
        },
        {
            content: "Scan the first widget sold",
            trigger: ".o_form_view .o_consignment_scan",
            run: () => handScan("7612345678900"),
        },
        {
            content: "One widget reported",
            trigger: soldCell("Consigned Widget", "1"),
        },
        {
            content: "Scan the second widget",
            trigger: ".o_consignment_scan_last:contains('1')",
            run: () => handScan("7612345678900"),
        },
        {
            content: "Two widgets reported",
            trigger: soldCell("Consigned Widget", "2"),
        },
        {
            content: "Scan the lot number of a lot widget sold",
            trigger: ".o_consignment_scan_last:contains('2')",
            run: () => handScan("LOT-A"),
        },
        {
            content: "One lot widget of LOT-A reported",
            trigger: soldCell("Consigned Lot Widget", "1"),
        },
        {
            content: "A product outside the agreement is refused",
            trigger: ".o_consignment_scan_last:contains('LOT-A')",
            run: () => handScan("8712345678906"),
        },
        {
            content: "The refusal is shown in red",
            trigger:
                ".o_notification:has(.o_notification_bar.bg-danger):contains('is not part of this agreement')",
        },
        {
            content: "The scans are listed on the report",
            trigger: "button[name=action_view_scans]:contains('4')",
        },
    ],
});
