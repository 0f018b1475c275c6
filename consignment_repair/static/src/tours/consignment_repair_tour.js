import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("consignment_repair_end", {
    url: "/odoo/repairs",
    steps: () => [
        {
            content: "Open the repair order of the machine",
            trigger: ".o_list_view .o_data_row td[name=product_id]:contains('Machine to Repair')",
            run: "click",
        },
        {
            content: "The repair is confirmed, its consigned part reserved",
            trigger: ".o_form_view .o_statusbar_status .o_arrow_button_current:contains('Confirmed')",
        },
        {
            content: "The consigned part is on the repair",
            trigger: ".o_field_widget[name=move_ids] .o_data_row:contains('Consigned Widget')",
        },
        {
            content: "Start the repair",
            trigger: ".o_statusbar_buttons button[name=action_repair_start]",
            run: "click",
        },
        {
            content: "End the repair",
            trigger: ".o_statusbar_buttons button[name=action_repair_end]:visible",
            run: "click",
        },
        {
            content: "The repair is done",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Repaired')",
        },
    ],
});
