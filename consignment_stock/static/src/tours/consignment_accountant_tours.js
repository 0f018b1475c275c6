import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";
import { showProductColumn } from "@account/js/tours/tour_utils";

/* An accountant with invoicing rights only, no consignment group: ordinary invoicing works
   exactly as without the consignment add-ons (see test_tours.py). */

function openInvoicingMenu(parentXmlid, menuXmlid) {
    return [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open Invoicing",
            trigger: ".o_app[data-menu-xmlid='account.menu_finance']",
            run: "click",
        },
        {
            content: "Open the menu",
            trigger: `.o_main_navbar [data-menu-xmlid='${parentXmlid}']`,
            run: "click",
        },
        {
            content: "Open the menu item",
            trigger: `.dropdown-item[data-menu-xmlid='${menuXmlid}']`,
            run: "click",
        },
    ];
}

registry.category("web_tour.tours").add("consignment_stock_role_accountant_invoice", {
    url: "/odoo",
    steps: () => [
        ...openInvoicingMenu(
            "account.menu_finance_receivables",
            "account.menu_action_move_out_invoice_type"
        ),
        {
            content: "New invoice",
            trigger: ".o_control_panel .o_list_button_add",
            run: "click",
        },
        {
            content: "For an ordinary customer",
            trigger: ".o_field_widget[name=partner_id] input",
            run: "edit Ordinary Customer",
        },
        {
            content: "Pick it",
            trigger: ".o-autocomplete--dropdown-item:contains('Ordinary Customer ApS')",
            run: "click",
        },
        {
            content: "Add a line",
            trigger: ".o_field_widget[name=invoice_line_ids] .o_field_x2many_list_row_add a:contains('Add a line')",
            run: "click",
        },
        ...showProductColumn(),
        {
            content: "A service",
            trigger: ".o_field_widget[name=invoice_line_ids] .o_selected_row .o_field_widget[name=product_id] input",
            run: "edit Consulting Hour",
        },
        {
            content: "Pick it",
            trigger: ".o-autocomplete--dropdown-item:contains('Consulting Hour')",
            run: "click",
        },
        {
            content: "At its sales price",
            trigger: ".o_field_widget[name=invoice_line_ids] .o_selected_row .o_field_widget[name=price_unit] input:value(/^120/)",
        },
        ...stepUtils.saveForm(),
        {
            content: "Confirm the invoice",
            trigger: ".o_statusbar_buttons button[name=action_post]",
            run: "click",
        },
        {
            content: "The invoice is posted",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Posted')",
        },
    ],
});

registry.category("web_tour.tours").add("consignment_stock_role_accountant_bill", {
    url: "/odoo",
    steps: () => [
        ...openInvoicingMenu("account.menu_finance_payables", "account.menu_action_move_in_invoice_type"),
        {
            content: "Open the vendor's draft bill",
            trigger: ".o_list_view .o_data_row:contains('Ordinary Supplier A/S') .o_data_cell[name=invoice_partner_display_name]",
            run: "click",
        },
        {
            content: "It is a draft",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Draft')",
        },
        {
            content: "Confirm the bill",
            trigger: ".o_statusbar_buttons button[name=action_post]",
            run: "click",
        },
        {
            content: "The bill is posted",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Posted')",
        },
    ],
});
