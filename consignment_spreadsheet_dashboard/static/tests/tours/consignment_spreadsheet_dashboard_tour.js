import { registry } from "@web/core/registry";

/** Waits until the cell of the Data sheet (or of `sheetName`) at (col, row) evaluates to
 * `expected` (a value, or a test of the value): the dashboard loads its pivots after it
 * shows, and the figures are drawn on a canvas. */
async function waitForDataCell(col, row, expected, sheetName = "Data") {
    const loader = odoo.__WOWL_DEBUG__.root.env.services.spreadsheet_dashboard_loader;
    const model = loader.getActiveDashboard().model;
    const sheetId = model.getters.getSheetIdByName(sheetName);
    const matches = typeof expected === "function" ? expected : (value) => value === expected;
    let cell;
    for (let attempt = 0; attempt < 250; attempt++) {
        cell = model.getters.getEvaluatedCell({ sheetId, col, row });
        if (matches(cell.value)) {
            return;
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`${sheetName} cell ${col},${row} shows ${cell.value}, not ${expected}`);
}

/** Waits until the Odoo chart `chartId` has loaded its data, with a value per label. */
async function waitForChartData(chartId) {
    const loader = odoo.__WOWL_DEBUG__.root.env.services.spreadsheet_dashboard_loader;
    const model = loader.getActiveDashboard().model;
    let data;
    for (let attempt = 0; attempt < 250; attempt++) {
        data = model.getters.getChartDataSource(chartId).getData();
        const values = data.datasets[0]?.data || [];
        if (data.labels.length && values.length === data.labels.length) {
            if (values.every((value) => typeof value === "number")) {
                return;
            }
            break;
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`Chart ${chartId} shows ${JSON.stringify(data)}`);
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
                // The top 10 agreements: the first one, below the column and measure titles.
                await waitForDataCell(1, 51, 60, "Dashboard");
            },
        },
        {
            content: "One open dispute",
            trigger: ".o_spreadsheet_dashboard_action .o-scorecard",
            timeout: 30000,
            run: () => waitForDataCell(1, 3, 1),
        },
        {
            content: "The stored key figures of the month: turnover, stock-outs, cash benefit",
            trigger: ".o_spreadsheet_dashboard_action .o-scorecard",
            timeout: 30000,
            run: async () => {
                const isNumber = (value) => typeof value === "number";
                for (const row of [7, 8, 9]) {
                    await waitForDataCell(1, row, isNumber);
                }
            },
        },
        {
            content: "Turnover and stock-outs by month, from the same facts",
            trigger: ".o_spreadsheet_dashboard_action .o-scorecard",
            timeout: 30000,
            run: async () => {
                await waitForChartData("c0a51a2d-1b7e-4f0e-9d6a-000000000014");
                await waitForChartData("c0a51a2d-1b7e-4f0e-9d6a-000000000015");
            },
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
