import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";

/* Warehouse staff pick part of the unsold goods up through the Pick Up dialog (see
   test_pickup.py): one lot of two, and part of the untracked widgets. */

const dialogRow = (label) => `.modal .o_field_widget[name=line_ids] .o_data_row:contains('${label}')`;

function lowerQuantity(label, quantity) {
    return [
        {
            content: `Edit the quantity of ${label}`,
            trigger: `${dialogRow(label)} .o_data_cell[name=quantity]`,
            run: "click",
        },
        {
            content: `Pick up ${quantity} only`,
            trigger: `${dialogRow(label)}.o_selected_row .o_field_widget[name=quantity] input`,
            run: `edit ${quantity}`,
        },
    ];
}

registry.category("web_tour.tours").add("consignment_sale_pickup_dialog", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open Inventory",
            trigger: ".o_app[data-menu-xmlid='stock.menu_stock_root']",
            run: "click",
        },
        {
            content: "Open the Consignment menu",
            trigger: ".o_main_navbar [data-menu-xmlid='consignment_stock.menu_consignment_root']",
            run: "click",
        },
        {
            content: "Open the agreements",
            trigger: ".dropdown-item[data-menu-xmlid='consignment_stock.menu_consignment_agreement']",
            run: "click",
        },
        {
            content: "Open the customer's agreement",
            trigger: ".o_list_view .o_data_row:contains('Customer Consign') .o_data_cell[name=partner_id]",
            run: "click",
        },
        {
            content: "Pick up unsold goods",
            trigger: ".o_statusbar_buttons button[name=action_pickup]",
            run: "click",
        },
        {
            content: "The dialog offers LOT-B in full",
            trigger: `${dialogRow("LOT-B")} .o_data_cell[name=quantity]:contains('3.00')`,
        },
        {
            content: "Leave LOT-B at the customer's site",
            trigger: `${dialogRow("LOT-B")} .o_list_record_remove`,
            run: "click",
        },
        ...lowerQuantity("LOT-A", 1),
        ...lowerQuantity("Consigned Widget", 4),
        {
            content: "Create the pick-up",
            trigger: ".modal .modal-footer button[name=action_create_pickup]",
            run: "click",
        },
        {
            content: "The pick-up transfer opens, ready",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('Ready')",
        },
        {
            content: "It brings back one lot widget",
            trigger: ".o_field_widget[name=move_ids] .o_data_row:contains('Consigned Lot Widget') .o_data_cell[name=product_uom_qty]:contains('1.00')",
        },
        {
            content: "Validate it as it stands",
            trigger: ".o_statusbar_buttons button[name=button_validate]",
            run: "click",
        },
        {
            content: "The goods are back",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Done')",
        },
    ],
});
