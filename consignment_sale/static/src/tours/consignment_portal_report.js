import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("consignment_sale_portal_report", {
    url: "/my/consignment",
    steps: () => [
        {
            content: "Open the consignment agreement",
            trigger: "a.o_consignment_agreement_link",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Report the quantity sold",
            trigger: "form.o_consignment_report_form input[data-product='Consigned Widget']",
            run: "edit 3",
        },
        {
            content: "Submit the report",
            trigger: "button.o_consignment_report_submit",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The report is submitted",
            trigger: ".o_consignment_submitted",
        },
        {
            content: "and listed as submitted",
            trigger: "table.o_consignment_reports td:contains('Submitted')",
        },
    ],
});
