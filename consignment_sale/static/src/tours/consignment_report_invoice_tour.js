import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";

registry.category("web_tour.tours").add("consignment_sale_report_invoice", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open Sales",
            trigger: ".o_app[data-menu-xmlid='sale.sale_menu_root']",
            run: "click",
        },
        {
            content: "Open the Consignment menu",
            trigger: ".o_main_navbar [data-menu-xmlid='consignment_sale.menu_sale_consignment']",
            run: "click",
        },
        {
            content: "Open the consumption reports",
            trigger: ".dropdown-item[data-menu-xmlid='consignment_sale.menu_sale_consignment_report']",
            run: "click",
        },
        {
            content: "Record what the customer sold",
            trigger: ".o_control_panel:has(.o_breadcrumb:contains('Consumption Reports')) .o_list_button_add",
            run: "click",
        },
        {
            content: "Find the agreement by its customer",
            trigger: ".o_field_widget[name=agreement_id] input",
            run: "edit Hansen Retail",
        },
        {
            content: "Pick it",
            trigger: ".o-autocomplete--dropdown-item:contains('Hansen Retail ApS')",
            run: "click",
        },
        {
            content: "List the goods at the customer",
            trigger: ".o_statusbar_buttons button[name=action_load_stock]",
            run: "click",
        },
        {
            content: "Enter the quantity sold",
            trigger: ".o_field_widget[name=line_ids] .o_data_row:contains('Espresso Cup') .o_data_cell[name=quantity]",
            run: "click",
        },
        {
            content: "Six cups were sold",
            trigger: ".o_field_widget[name=line_ids] .o_selected_row .o_field_widget[name=quantity] input",
            run: "edit 6",
        },
        ...stepUtils.saveForm(),
        {
            content: "Validate the report",
            trigger: ".o_statusbar_buttons button[name=action_validate]",
            run: "click",
        },
        {
            content: "Confirm",
            trigger: ".modal .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "The report is validated",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Validated')",
        },
        {
            content: "Open the Consignment menu",
            trigger: ".o_main_navbar [data-menu-xmlid='consignment_sale.menu_sale_consignment']",
            run: "click",
        },
        {
            content: "Open the agreements",
            trigger: ".dropdown-item[data-menu-xmlid='consignment_sale.menu_sale_consignment_agreement']",
            run: "click",
        },
        {
            content: "Open the customer's agreement",
            trigger: ".o_list_view .o_data_row:contains('Hansen Retail ApS') .o_data_cell[name=partner_id]",
            run: "click",
        },
        {
            content: "Invoice the consumption",
            trigger: ".o_statusbar_buttons button:contains('Bill Consumption')",
            run: "click",
        },
        {
            content: "Create the invoice",
            trigger: ".modal button[name=action_create_invoices]",
            run: "click",
        },
        {
            content: "The draft invoice opens",
            trigger: ".o_form_view .o_field_widget[name=invoice_line_ids] .o_data_row:contains('Espresso Cup')",
        },
        {
            content: "Confirm it",
            trigger: ".o_statusbar_buttons button[name=action_post]",
            run: "click",
        },
        {
            content: "The invoice is posted",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Posted')",
        },
    ],
});
