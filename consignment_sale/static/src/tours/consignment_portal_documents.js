import { registry } from "@web/core/registry";

// The customer goes from the home tile to its agreement, finds the statement and pro-forma
// downloads and the goods valued at the agreed prices, then opens one of its reports.
registry.category("web_tour.tours").add("consignment_sale_portal_documents", {
    url: "/my",
    steps: () => [
        {
            content: "The home tile shows once its counter is loaded",
            trigger: ".o_portal_index_card:not(.d-none) a[href='/my/consignment']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Open the consignment agreement",
            trigger: ".o_consignment_agreements a.o_consignment_agreement_link",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The goods are valued at the agreed price",
            trigger: "table.o_consignment_stock td.o_consignment_value:contains('80.00')",
        },
        {
            content: "The statement can be downloaded",
            trigger: "a.o_consignment_statement_download[href*='/statement?period=0']",
        },
        {
            content: "The pro-forma delivery note of the fill-up can be downloaded",
            trigger: "table.o_consignment_fillups a.o_consignment_proforma_download[href*='/proforma/']",
        },
        {
            content: "Open a consumption report",
            trigger: "table.o_consignment_reports a.o_consignment_report_link",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The report lists its goods",
            trigger: ".o_consignment_report_lines td:contains('Consigned Widget')",
        },
        {
            content: "valued at the agreed price",
            trigger: ".o_consignment_report_lines td.o_consignment_value:contains('20.00')",
        },
    ],
});
