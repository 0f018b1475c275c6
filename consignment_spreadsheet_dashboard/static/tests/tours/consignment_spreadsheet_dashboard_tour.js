import { registry } from "@web/core/registry";

/** Waits until the cell of the Data sheet at (col, row) evaluates to `expected`: the
 * dashboard loads its pivots after it shows, and the figures are drawn on a canvas. */
async function waitForDataCell(col, row, expected) {
    const loader = odoo.__WOWL_DEBUG__.root.env.services.spreadsheet_dashboard_loader;
    const model = loader.getActiveDashboard().model;
    const sheetId = model.getters.getSheetIdByName("Data");
    let cell;
    for (let attempt = 0; attempt < 250; attempt++) {
        cell = model.getters.getEvaluatedCell({ sheetId, col, row });
        if (cell.value === expected) {
            return;
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`Data cell ${col},${row} shows ${cell.value}, not ${expected}`);
}

registry.category("web_tour.tours").add("consignment_spreadsheet_dashboard", {
    steps: () => [
        {
            content: "Open Dashboards > Consignment",
            trigger: ".o_search_panel_category_value[data-name='Consignment']",
            // The dashboards and the spreadsheet bundle load first: slow on a busy machine.
            timeout: 30000,
            run: "click",
        },
        {
            content: "The Consignment dashboard is open",
            trigger: ".o_search_panel_category_value.active[data-name='Consignment']",
        },
        {
            content: "Its key figures are drawn, from live data (not the sample)",
            trigger:
                ".o_spreadsheet_dashboard_action .o_renderer:not(.o-sample-dashboard) .o-scorecard",
            timeout: 30000,
        },
        {
            content: "Consumed value: the ledger's 6 widgets at 10.00 of the last 90 days",
            trigger: ".o_spreadsheet_dashboard_action .o-scorecard",
            timeout: 30000,
            run: async () => {
                await waitForDataCell(1, 1, 60);
                await waitForDataCell(2, 1, 6);
            },
        },
        {
            content: "One open dispute",
            trigger: ".o_spreadsheet_dashboard_action .o-scorecard",
            timeout: 30000,
            run: () => waitForDataCell(1, 3, 1),
        },
    ],
});

registry.category("web_tour.tours").add("consignment_spreadsheet_dashboard_sample", {
    steps: () => [
        {
            content: "Open Dashboards > Consignment",
            trigger: ".o_search_panel_category_value[data-name='Consignment']",
            timeout: 30000,
            run: "click",
        },
        {
            content: "An empty ledger: the sample's key figures are drawn",
            trigger: ".o_spreadsheet_dashboard_action .o_renderer.o-sample-dashboard .o-scorecard",
            timeout: 30000,
        },
    ],
});
