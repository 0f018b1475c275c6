"""The user guide's pictures of the dashboard with the demo data.

Not a test of the add-ons: ``bash setup/screenshots_demo.sh`` installs a database with demo
data and runs this file with ``CONSIGNMENT_DEMO_SCREENSHOTS`` set. Without that variable
it defines nothing, so that test runs (which never rely on demo data) skip nothing here."""

import os

from odoo.tests import tagged

from .user_guide import UserGuideCase

DEMO_VARIABLE = "CONSIGNMENT_DEMO_SCREENSHOTS"
# A consignment user of the demo (Inventory / User): Marc Demo, password "demo".
DEMO_LOGIN = "demo"

if os.environ.get(DEMO_VARIABLE):

    @tagged("post_install", "-at_install")
    class TestDemoDashboardScreens(UserGuideCase):
        def _open_rows_action(self, dashboard, method, **context):
            """A window action of the rows ``method`` of ``dashboard`` shows, to open by URL."""
            values = getattr(dashboard, method)()
            values["context"].update(context)
            action = self.env["ir.actions.act_window"].create(
                {
                    "name": values["name"],
                    "res_model": values["res_model"],
                    "view_mode": values["view_mode"],
                    "domain": str(values["domain"]),
                    "context": str(values["context"]),
                }
            )
            return f"/odoo/action-{action.id}"

        def test_dashboard_with_demo_data(self):
            user = self.env["res.users"].search([("login", "=", DEMO_LOGIN)])
            self.assertTrue(user.has_group("consignment_stock.group_consignment_user"))
            vendor = self.env.ref("consignment_stock.demo_agreement_vendor")
            customer = self.env.ref("consignment_stock.demo_agreement_customer")
            dashboard = self.env["consignment.dashboard"].with_user(user).create({})
            dashboard.action_refresh()
            lines = {line.agreement_id: line for line in dashboard.line_ids}
            self.assertFalse(lines[vendor].target_missed)
            self.assertTrue(lines[customer].target_missed)
            self.start_tour("/odoo", "consignment_stock_dashboard_demo", login=DEMO_LOGIN)
            self.capture_screen(
                "consignment_stock",
                "dashboard_demo",
                "/odoo/action-consignment_stock.consignment_dashboard_action",
                # Scrolled down to the last agreement: every line shows, below the totals.
                ".o_form_view .o_field_widget[name=line_ids] .o_data_row:last-child",
                DEMO_LOGIN,
                scroll=True,
            )
            self.capture_screen(
                "consignment_stock",
                "dashboard_demo_pivot",
                self._open_rows_action(dashboard, "action_view_lines"),
                ".o_pivot .o_pivot_cell_value",
                DEMO_LOGIN,
            )
            self.capture_screen(
                "consignment_stock",
                "dashboard_demo_graph",
                # The turnover of the agreements month by month.
                self._open_rows_action(dashboard, "action_view_months"),
                ".o_graph_renderer canvas",
                DEMO_LOGIN,
            )
            # The spreadsheet dashboard of the same demo (its bridge installs with it),
            # once the dashboard above has its monthly key figures.
            sheet = self.env.ref(
                "consignment_spreadsheet_dashboard.spreadsheet_dashboard_consignment"
            )
            self.capture_screen(
                "consignment_spreadsheet_dashboard",
                "spreadsheet_dashboard_demo",
                f"/odoo/dashboards?dashboard_id={sheet.id}",
                ".o_spreadsheet_dashboard_action .o-scorecard",
                DEMO_LOGIN,
            )
