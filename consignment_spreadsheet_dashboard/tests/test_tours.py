from datetime import timedelta

from freezegun import freeze_time

from odoo import Command, fields
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from odoo.addons.consignment_stock.tests.user_guide import UserGuideCase

from .common import ConsignmentSpreadsheetCase


@tagged("post_install", "-at_install")
class TestSpreadsheetDashboardTour(UserGuideCase, ConsignmentSpreadsheetCase):
    """Besides the common fixture, 1 and 2 widgets consumed 60 and 30 days ago (the
    dashboard's default period is the last 90 days): 6 widgets, 60.00 in all."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        now = fields.Datetime.now()
        for days, quantity in ((60, 1), (30, 2)):
            with freeze_time(now - timedelta(days=days)):
                cls._move(
                    cls.product,
                    quantity,
                    cls.agreement.location_id,
                    cls.customer_location,
                    owner=cls.vendor,
                )
        resolved = cls.env["consignment.dispute"].search(
            [("agreement_id", "=", cls.agreement.id), ("state", "=", "resolved")]
        )
        resolved.sudo().opened_date = resolved.resolved_date - timedelta(days=2)

    def test_stock_user_opens_the_consignment_dashboard(self):
        # Warehouse staff (Inventory / User, a consignment user through it) open
        # Dashboards > Consignment; the tour checks the figures the ledger gives.
        self.start_tour(
            f"/odoo/dashboards?dashboard_id={self.dashboard.id}",
            "consignment_spreadsheet_dashboard",
            login="consign_stock_user",
        )
        self.capture_screen(
            "consignment_spreadsheet_dashboard",
            "spreadsheet_dashboard",
            f"/odoo/dashboards?dashboard_id={self.dashboard.id}",
            ".o_spreadsheet_dashboard_action .o-scorecard",
            "consign_stock_user",
        )

    def _empty_company_user(self):
        """A consignment user of a company whose ledger is empty."""
        company = self.env["res.company"].create({"name": "Empty Consignment Co"})
        return new_test_user(
            self.env,
            login="sheet_empty_user",
            groups="consignment_stock.group_consignment_user",
            company_id=company.id,
            company_ids=[Command.set(company.ids)],
        )

    def test_empty_ledger_shows_the_sample(self):
        self._empty_company_user()
        self.start_tour(
            f"/odoo/dashboards?dashboard_id={self.dashboard.id}",
            "consignment_spreadsheet_dashboard_sample",
            login="sheet_empty_user",
        )

    def test_data_route_live_sample_and_refused(self):
        url = f"/spreadsheet/dashboard/data/{self.dashboard.id}"
        self.authenticate("sheet_consign_user", "sheet_consign_user")
        live = self.url_open(url).json()
        self.assertFalse(live.get("is_sample"))
        self.assertEqual(len(live["snapshot"]["pivots"]), 9)
        # A company whose ledger is empty sees the sample, as Odoo's dashboards do.
        self._empty_company_user()
        self.authenticate("sheet_empty_user", "sheet_empty_user")
        sample = self.url_open(url).json()
        self.assertTrue(sample["is_sample"])
        self.assertFalse(sample["snapshot"]["pivots"])
        # Without consignment rights the dashboard is not there to open.
        self.authenticate("sheet_outsider", "sheet_outsider")
        with mute_logger("odoo.http"):  # Odoo warns of the refused record: the point here
            self.assertIn(self.url_open(url).status_code, (403, 404))
