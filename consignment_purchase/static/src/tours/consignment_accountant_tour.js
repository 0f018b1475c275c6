import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";

/* Accounts payable with Invoicing rights only: vendor consignment under Invoicing > Vendors
   (see test_tours.py, TestAccountantConsignmentTour). */

function openVendorsMenu(menuXmlid) {
    return [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open Invoicing",
            trigger: ".o_app[data-menu-xmlid='account.menu_finance']",
            run: "click",
        },
        {
            content: "Open Vendors",
            trigger: ".o_main_navbar [data-menu-xmlid='account.menu_finance_payables']",
            run: "click",
        },
        {
            content: "Open the consignment menu item",
            trigger: `.dropdown-item[data-menu-xmlid='${menuXmlid}']`,
            run: "click",
        },
    ];
}

registry.category("web_tour.tours").add("consignment_purchase_role_accountant_bill", {
    url: "/odoo",
    steps: () => [
        ...openVendorsMenu("consignment_purchase.menu_account_vendor_consignment_ledger"),
        {
            content: "The consumed goods are to invoice",
            trigger: ".o_list_view .o_data_row:contains('Consigned Widget') .o_data_cell[name=quantity]:contains('4')",
        },
        ...openVendorsMenu("consignment_purchase.menu_account_vendor_consignment_agreement"),
        {
            content: "Open the vendor's agreement",
            trigger: ".o_list_view .o_data_row:contains('Vendor Consign') .o_data_cell[name=partner_id]",
            run: "click",
        },
        {
            content: "The agreement opens for reading",
            trigger: ".o_form_view .o_field_widget[name=partner_id]:contains('Vendor Consign')",
        },
        ...openVendorsMenu("consignment_purchase.menu_account_vendor_consignment_billing"),
        {
            content: "Choose the agreement",
            trigger: ".modal .o_field_widget[name=agreement_ids] input",
            run: "edit Vendor Consign",
        },
        {
            content: "Pick it",
            trigger: ".o-autocomplete--dropdown-item:contains('Vendor Consign')",
            run: "click",
        },
        {
            content: "Create the bill",
            trigger: ".modal .modal-footer button[name=action_create_invoices]",
            run: "click",
        },
        {
            content: "The draft consumption bill opens",
            trigger: ".o_form_view .o_field_widget[name=invoice_line_ids] .o_data_row:contains('Consigned Widget')",
        },
        {
            content: "It is a draft",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Draft')",
        },
        {
            content: "The line shows the quantity the ledger records",
            trigger: ".o_field_widget[name=invoice_line_ids] .o_data_row:contains('Consigned Widget') .o_data_cell[name=consignment_ledger_quantity]:contains('4')",
        },
        {
            content: "and the ledger's unit price",
            trigger: ".o_field_widget[name=invoice_line_ids] .o_data_row .o_data_cell[name=consignment_ledger_price_unit]:contains('10')",
        },
        {
            content: "The reference is left for the vendor's bill number",
            trigger: ".o_form_view .o_field_widget[name=ref] input",
            run: "edit VEND-2026-118",
        },
        {
            content: "Post the bill",
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_post]",
            run: "click",
        },
        {
            content: "The bill is posted",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Posted')",
        },
    ],
});
