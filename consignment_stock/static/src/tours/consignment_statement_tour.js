import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";

/* An accountant with invoicing rights only opens a vendor's statement from Invoicing, prints
   it and shows it (see test_statement_dialog.py). The agreement ended on 10 March 2026, so
   its default period does not depend on the day the tour runs. */

function dateTrigger(field, day) {
    // A filled date field shows a short date, the full one in its tooltip.
    return `.modal .o_field_widget[name=${field}] button[data-tooltip='${day}']`;
}

registry.category("web_tour.tours").add("consignment_stock_statement_accountant", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open Invoicing",
            trigger: ".o_app[data-menu-xmlid='account.menu_finance']",
            run: "click",
        },
        {
            content: "Open Vendors",
            trigger: ".o_main_navbar [data-menu-xmlid='account.menu_finance_payables']",
            run: "click",
        },
        {
            content: "Open Consignment Statements",
            trigger:
                ".dropdown-item[data-menu-xmlid='consignment_purchase.menu_account_vendor_consignment_statement']",
            run: "click",
        },
        {
            content: "Choose the agreement",
            trigger: ".modal .o_field_widget[name=agreement_id] input",
            run: "edit Statement Tour Vendor",
        },
        {
            content: "Pick it",
            trigger: ".o-autocomplete--dropdown-item:contains('Statement Tour Vendor')",
            run: "click",
        },
        {
            content: "The period starts with its last billing period",
            trigger: dateTrigger("date_from", "03/01/2026"),
        },
        {
            content: "and ends with the agreement",
            trigger: dateTrigger("date_to", "03/10/2026"),
        },
        {
            content: "Print",
            trigger: ".modal footer button[name=action_print]",
            run: "click",
        },
        {
            content: "Show, once the download the screen waits for is done",
            trigger: ".modal footer button[name=action_show]",
            run: "click",
            // The tour waits while the download blocks the screen: a PDF can take a while.
            timeout: 60000,
        },
        {
            content: "The statement's line",
            trigger:
                ".o_list_view .o_data_row:contains('Consigned Widget') td[name=received_qty]:contains('12.00')",
        },
    ],
});
