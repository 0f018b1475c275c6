import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";

registry.category("web_tour.tours").add("consignment_stock_count_variance", {
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
            content: "Open the counts",
            trigger: ".dropdown-item[data-menu-xmlid='consignment_stock.menu_consignment_count']",
            run: "click",
        },
        {
            content: "Start a new count",
            trigger: ".o_control_panel:has(.o_breadcrumb:contains('Counts')) .o_list_button_add",
            run: "click",
        },
        {
            content: "The form says what to do first",
            trigger: ".o_form_view .alert-info:contains('Choose the agreement and save')",
        },
        {
            content: "Find the agreement by its vendor",
            trigger: ".o_field_widget[name=agreement_id] input",
            run: "edit Nordic Fasteners",
        },
        {
            content: "Pick the agreement",
            trigger: ".o-autocomplete--dropdown-item:contains('Nordic Fasteners')",
            run: "click",
        },
        ...stepUtils.saveForm(),
        {
            content: "Nothing is counted yet: the counted column is empty, not zero",
            trigger: ".o_field_widget[name=line_ids] .o_data_row:contains('Stainless Bolt M8') .o_data_cell[name=counted_qty]:not(:contains('0'))",
        },
        {
            content: "Enter the quantity found on the shelf",
            trigger: ".o_field_widget[name=line_ids] .o_data_row:contains('Stainless Bolt M8') .o_data_cell[name=counted_qty]",
            run: "click",
        },
        {
            content: "Two bolts are missing",
            trigger: ".o_field_widget[name=line_ids] .o_selected_row .o_field_widget[name=counted_qty] input",
            run: "edit 8",
        },
        {
            content: "Say why",
            trigger: ".o_field_widget[name=line_ids] .o_selected_row .o_field_widget[name=reason] .o_select_menu_toggler",
            run: "click",
        },
        {
            content: "They were damaged",
            trigger: ".o_select_menu_menu .o_select_menu_item:contains('Damage')",
            run: "click",
        },
        ...stepUtils.saveForm(),
        {
            content: "The variance shows on the line",
            trigger: ".o_field_widget[name=line_ids] .o_data_row:contains('Stainless Bolt M8') .o_data_cell[name=variance_qty]:contains('-2')",
        },
        {
            content: "Validate the count",
            trigger: ".o_statusbar_buttons button[name=action_validate]",
            run: "click",
        },
        {
            content: "Confirm",
            trigger: ".modal .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "The count is validated",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Validated')",
        },
        {
            content: "Open its variance moves",
            trigger: ".o-form-buttonbox button[name=action_view_moves]",
            run: "click",
        },
        {
            content: "The two missing bolts left the consignment location",
            trigger: ".o_list_view .o_data_row:contains('Stainless Bolt M8'):contains('2.00')",
        },
    ],
});
