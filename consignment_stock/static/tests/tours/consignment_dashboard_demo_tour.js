import { registry } from "@web/core/registry";

// The dashboard of the demo database (setup/screenshots_demo.sh): its six months of history
// put one agreement of each kind on target and the other missing its targets.
registry.category("web_tour.tours").add("consignment_stock_dashboard_demo", {
    url: "/odoo/action-consignment_stock.consignment_dashboard_action",
    steps: () => [
        {
            content: "The vendor agreement meets its targets",
            trigger:
                ".o_form_view .o_field_widget[name=line_ids] .o_data_row:not(.text-danger):contains('Nordic Fasteners AB')",
        },
        {
            content: "The customer agreement missing its targets is shown in red",
            trigger:
                ".o_form_view .o_field_widget[name=line_ids] .o_data_row.text-danger:contains('Harbour Hardware Store')",
        },
        {
            content: "Analyse the figures per month",
            trigger: ".o_form_view button[name=action_view_stockouts]",
            run: "click",
        },
        {
            content: "The graph of the months opens",
            trigger: ".o_graph_renderer canvas",
        },
    ],
});
