import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("consignment_mrp_produce", {
    url: "/odoo/action-mrp.mrp_production_action",
    steps: () => [
        {
            content: "Open the manufacturing order of the assembled widgets",
            trigger: ".o_list_view .o_data_row td[name=product_id]:contains('Assembled Widget')",
            run: "click",
        },
        {
            content: "The order is confirmed, its consigned components reserved",
            trigger: ".o_form_view .o_statusbar_status .o_arrow_button_current:contains('Confirmed')",
        },
        {
            content: "The consigned component is on the order",
            trigger: ".o_field_widget[name=move_raw_ids] .o_data_row:contains('Consigned Widget')",
        },
        {
            content: "Produce all",
            trigger: ".o_statusbar_buttons button[name=button_mark_done]:contains('Produce All')",
            run: "click",
        },
        {
            content: "The order is done",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Done')",
        },
    ],
});
