import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("consignment_stock_dashboard_figures", {
    url: "/odoo/action-consignment_stock.consignment_dashboard_action",
    steps: () => [
        {
            content: "The agreement has its line, with its figures",
            trigger: ".o_form_view .o_field_widget[name=line_ids] .o_data_row:contains('Tour Vendor')",
        },
        {
            content: "The run-out misses the 0 stock-outs a month of the guide: shown in red",
            trigger: ".o_form_view .o_field_widget[name=stockout_incidents_per_month].text-danger",
        },
        {
            content: "Analyse the figures per month and product",
            trigger: ".o_form_view button[name=action_view_stockouts]",
            run: "click",
        },
        {
            content: "The graph opens first",
            trigger: ".o_graph_renderer canvas",
        },
        {
            content: "Switch to the pivot",
            trigger: ".o_switch_view.o_pivot",
            run: "click",
        },
        {
            content: "The pivot shows the agreement's figures",
            trigger: ".o_pivot .o_pivot_cell_value",
        },
        {
            content: "Switch to the list",
            trigger: ".o_switch_view.o_list",
            run: "click",
        },
        {
            content: "A row opens its agreement",
            trigger: ".o_list_renderer .o_data_row:contains('Tour Vendor') .o_data_cell[name=product_id]",
            run: "click",
        },
        {
            content: "Open the agreement's key figures",
            trigger: ".o_form_view .o_notebook .nav-link[name=kpi]",
            run: "click",
        },
        {
            content: "Each figure says whether it is on target",
            trigger: ".o_form_view div[name=kpi_stockouts_with_unit] .badge.text-bg-danger:contains('Off target')",
        },
        {
            content: "The turnover is on target",
            trigger: ".o_form_view div[name=kpi_turnover_with_unit] .badge.text-bg-success:contains('On target')",
        },
    ],
});
