import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";

registry.category("web_tour.tours").add("consignment_sale_fillup_proforma", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open Sales",
            trigger: ".o_app[data-menu-xmlid='sale.sale_menu_root']",
            run: "click",
        },
        {
            content: "New quotation",
            trigger: ".o_control_panel:has(.o_breadcrumb:contains('Quotations')) .o_list_button_add, .o_control_panel:has(.o_breadcrumb:contains('Quotations')) .o-kanban-button-new",
            run: "click",
        },
        {
            content: "For the consignment customer",
            trigger: ".o_field_widget[name=partner_id] input",
            run: "edit Hansen Retail",
        },
        {
            content: "Pick it",
            trigger: ".o-autocomplete--dropdown-item:contains('Hansen Retail ApS')",
            run: "click",
        },
        {
            content: "The order fills up the customer's consignment stock",
            trigger: ".o_field_widget[name=consignment_agreement_id] input:value(/Hansen Retail ApS$/)",
        },
        {
            content: "Add a product",
            trigger: ".o_field_widget[name=order_line] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            content: "The product",
            trigger: ".o_field_widget[name=order_line] .o_selected_row .o_field_widget[name=product_template_id] input",
            run: "edit Espresso Cup",
        },
        {
            content: "Pick it",
            trigger: ".o-autocomplete--dropdown-item:contains('Espresso Cup')",
            run: "click",
        },
        {
            content: "How many to put on the customer's shelf",
            trigger: ".o_field_widget[name=order_line] .o_selected_row .o_field_widget[name=product_uom_qty] input",
            run: "edit 24",
        },
        {
            content: "Confirm the order",
            trigger: ".o_statusbar_buttons button[name=action_confirm]",
            run: "click",
        },
        {
            content: "Open the fill-up",
            trigger: ".o-form-buttonbox button[name=action_view_delivery]",
            run: "click",
        },
        {
            content: "It is a consignment fill-up",
            trigger: ".o_statusbar_buttons button[name=action_print_consignment_proforma]",
        },
        {
            content: "Ship the goods",
            trigger: ".o_statusbar_buttons button[name=button_validate]",
            run: "click",
        },
        {
            content: "They are delivered",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Done')",
        },
        {
            content: "Print the pro-forma delivery note that travels with the goods",
            trigger: ".o_statusbar_buttons button[name=action_print_consignment_proforma]",
            run: "click",
        },
        {
            content: "The chatter keeps the print",
            trigger: ".o-mail-Message:contains('Pro-forma delivery note printed.')",
        },
    ],
});
