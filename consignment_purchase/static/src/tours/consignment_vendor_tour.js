import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";

registry.category("web_tour.tours").add("consignment_purchase_vendor_setup", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open Purchase",
            trigger: ".o_app[data-menu-xmlid='purchase.menu_purchase_root']",
            run: "click",
        },
        {
            content: "Open the Orders menu",
            trigger: ".o_main_navbar [data-menu-xmlid='purchase.menu_procurement_management']",
            run: "click",
        },
        {
            content: "Open the consignment agreements",
            trigger: ".dropdown-item[data-menu-xmlid='consignment_purchase.menu_purchase_consignment_agreement']",
            run: "click",
        },
        {
            content: "Create an agreement",
            trigger: ".o_breadcrumb:contains('Consignment Agreements') ~ * .o_list_button_add, .o_control_panel:has(.o_breadcrumb:contains('Consignment Agreements')) .o_list_button_add",
            run: "click",
        },
        {
            content: "Choose the vendor",
            trigger: ".o_field_widget[name=partner_id] input",
            run: "edit Nordic Fasteners",
        },
        {
            content: "Pick it",
            trigger: ".o-autocomplete--dropdown-item:contains('Nordic Fasteners A/S')",
            run: "click",
        },
        {
            content: "It is a vendor agreement",
            trigger: ".o_field_widget[name=consignment_type] input[data-value=vendor]:checked",
        },
        {
            content: "Add a consigned product",
            trigger: ".o_field_widget[name=line_ids] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            content: "The product",
            trigger: ".o_field_widget[name=line_ids] .o_selected_row .o_field_widget[name=product_id] input",
            run: "edit Stainless Bolt",
        },
        {
            content: "Pick it",
            trigger: ".o-autocomplete--dropdown-item:contains('Stainless Bolt M8')",
            run: "click",
        },
        {
            content: "Its agreed price",
            trigger: ".o_field_widget[name=line_ids] .o_selected_row .o_field_widget[name=price_unit] input",
            run: "edit 0.45",
        },
        {
            content: "Keep at least 100",
            trigger: ".o_field_widget[name=line_ids] .o_selected_row .o_field_widget[name=min_qty] input",
            run: "edit 100",
        },
        {
            content: "and at most 500",
            trigger: ".o_field_widget[name=line_ids] .o_selected_row .o_field_widget[name=max_qty] input",
            run: "edit 500",
        },
        ...stepUtils.saveForm(),
        {
            content: "Activate the agreement",
            trigger: ".o_statusbar_buttons button[name=action_activate]",
            run: "click",
        },
        {
            content: "It is active",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Active')",
        },
        {
            content: "with its consignment location",
            trigger: ".o_field_widget[name=location_id]:contains('Nordic Fasteners A/S')",
        },
        {
            content: "Open the Orders menu",
            trigger: ".o_main_navbar [data-menu-xmlid='purchase.menu_procurement_management']",
            run: "click",
        },
        {
            content: "Open the requests for quotation",
            trigger: ".dropdown-item[data-menu-xmlid='purchase.menu_purchase_rfq']",
            run: "click",
        },
        {
            content: "New request for quotation",
            trigger: ".o_control_panel:has(.o_breadcrumb:contains('Requests for Quotation')) .o_list_button_add, .o_control_panel:has(.o_breadcrumb:contains('Requests for Quotation')) .o-kanban-button-new",
            run: "click",
        },
        {
            content: "Order from the consignment vendor",
            trigger: ".o_field_widget[name=partner_id] input",
            run: "edit Nordic Fasteners",
        },
        {
            content: "Pick it",
            trigger: ".o-autocomplete--dropdown-item:contains('Nordic Fasteners A/S')",
            run: "click",
        },
        {
            content: "Add the product",
            trigger: ".o_field_widget[name=order_line] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            content: "The product",
            trigger: ".o_field_widget[name=order_line] .o_selected_row .o_field_widget[name=product_id] input",
            run: "edit Stainless Bolt",
        },
        {
            content: "Pick it",
            trigger: ".o-autocomplete--dropdown-item:contains('Stainless Bolt M8')",
            run: "click",
        },
        {
            content: "How many",
            trigger: ".o_field_widget[name=order_line] .o_selected_row .o_field_widget[name=product_qty] input",
            run: "edit 400",
        },
        {
            content: "The order becomes a consignment order under the agreement",
            trigger: ".o_field_widget[name=consignment_agreement_id] input:value(/Nordic Fasteners A\/S$/)",
        },
        {
            content: "Confirm the order",
            trigger: ".o_statusbar_buttons button[name=button_confirm]",
            run: "click",
        },
        {
            content: "Open the receipt",
            trigger: ".o-form-buttonbox button[name=action_view_picking]",
            run: "click",
        },
        {
            content: "The receipt says the goods stay the vendor's",
            trigger: ".o_form_view .alert-info:contains('Consignment receipt.')",
        },
        {
            content: "Receive the goods",
            trigger: ".o_statusbar_buttons button[name=button_validate]",
            run: "click",
        },
        {
            content: "They are received",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Done')",
        },
    ],
});
