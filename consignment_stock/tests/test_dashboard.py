from datetime import timedelta

from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import AccessError
from odoo.tests import Form, HttpCase, new_test_user, tagged

from .common import ConsignmentCase


@tagged("post_install", "-at_install")
class TestDashboard(ConsignmentCase):
    """January 2026 (31 days) at a vendor location, one product at 10.00:

    10 units arrive on 1 January and are all consumed on 21 January. End-of-day stock is 10
    for 20 days and 0 for 11 days: average 200/31 units, worth 64.52; consumed value 100.00.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.consignment_capital_rate = 10.0
        cls.agreement = cls._create_agreement(lines=[(cls.product, 10.0)])
        cls.location = cls.agreement.location_id
        with freeze_time("2026-01-01 10:00:00"):
            cls._receive_consignment(cls.agreement, cls.product, 10)
        with freeze_time("2026-01-21 10:00:00"):
            cls._move(cls.product, 10, cls.location, cls.customer_location, owner=cls.vendor)
        cls.average_value = 200.0 / 31 * 10.0

    def test_kpis_of_an_agreement(self):
        kpis = self.agreement._get_kpis("2026-01-01", "2026-01-31")[self.agreement.id]
        self.assertAlmostEqual(kpis["avg_stock_value"], self.average_value, places=2)
        self.assertAlmostEqual(kpis["consumed_value"], 100.0)
        self.assertAlmostEqual(kpis["turnover"], 100.0 / self.average_value * 365 / 31, places=2)
        # One run-out (21 January), not the 11 days the stock then sat at zero.
        self.assertEqual(kpis["stockout_incidents"], 1)
        self.assertEqual(kpis["stockouts_by_month"], {self.agreement.date_start.replace(day=1): 1})
        self.assertAlmostEqual(kpis["stockout_incidents_per_month"], 1 / (31 * 12 / 365))
        self.assertEqual(kpis["window_days"], 31)
        self.assertTrue(kpis["turnover_annualised"])
        self.assertAlmostEqual(kpis["avg_days"], 20.0, places=2)
        # 64.52 of the vendor's goods held 31 days at 10 % a year.
        self.assertAlmostEqual(
            kpis["cash_benefit"], round(self.average_value * 31 / 365 * 0.10, 2), places=2
        )
        self.assertEqual(kpis["variance_pct"], 0.0)

    def test_stockouts_per_month(self):
        kpis = self.agreement._get_kpis("2026-01-01", "2026-02-28")[self.agreement.id]
        # The stock stays at zero through February: still the one run-out of January.
        self.assertEqual(
            kpis["stockouts_by_month"], {self.agreement.date_start.replace(month=1, day=1): 1}
        )
        self.assertEqual(kpis["stockout_incidents"], 1)

    def test_count_variance_percentage(self):
        with freeze_time("2026-02-01 10:00:00"):
            count = self.env["consignment.count"].create(
                {"agreement_id": self.agreement.id, "date": "2026-01-10"}
            )
            self.assertEqual(count.line_ids.expected_qty, 10.0)
            count.line_ids.write({"counted_qty": 9.0, "reason": "theft"})
            count.action_validate()
        kpis = self.agreement._get_kpis("2026-01-01", "2026-01-31")[self.agreement.id]
        self.assertAlmostEqual(kpis["variance_pct"], 10.0)

    def test_customer_consignment_has_no_cash_benefit(self):
        agreement = self._create_agreement(
            consignment_type="customer", lines=[(self.product, 10.0)]
        )
        with freeze_time("2026-01-01 10:00:00"):
            self._move(self.product, 10, self.supplier_location, self.stock_location)
            self._move(self.product, 10, self.stock_location, agreement.location_id)
        kpis = agreement._get_kpis("2026-01-01", "2026-01-31")[agreement.id]
        self.assertAlmostEqual(kpis["avg_stock_value"], 100.0)
        self.assertEqual(kpis["cash_benefit"], 0.0)
        self.assertEqual(kpis["stockout_incidents"], 0)

    def test_targets_find_agreements_that_miss_them(self):
        other = self._create_agreement(
            partner=self.env["res.partner"].create({"name": "On Target", "is_company": True}),
            lines=[(self.product, 10.0)],
        )
        # This test is about the agreements' own targets: the January run-out stays within
        # the company's stock-out target.
        self.company.consignment_target_stockouts = 1.0
        with freeze_time("2026-02-01 12:00:00"):
            self.agreement.target_turnover = 100.0
            self.assertTrue(self.agreement.kpi_target_missed)
            self.assertFalse(other.kpi_target_missed, "No target, nothing missed")
            missed = self.env["consignment.agreement"].search([("kpi_target_missed", "=", True)])
            self.assertIn(self.agreement, missed)
            self.assertNotIn(other, missed)
            self.assertIn(
                other, self.env["consignment.agreement"].search([("kpi_target_missed", "=", False)])
            )
            self.agreement.target_turnover = 1.0
            self.assertNotIn(
                self.agreement,
                self.env["consignment.agreement"].search([("kpi_target_missed", "=", True)]),
            )
            self.agreement.target_variance_pct = 2.0
            self.assertFalse(self.agreement.kpi_target_missed)

    def test_dashboard_across_agreements(self):
        customer_agreement = self._create_agreement(
            consignment_type="customer", lines=[(self.product, 10.0)]
        )
        with freeze_time("2026-01-01 10:00:00"):
            self._move(self.product, 10, self.supplier_location, self.stock_location)
            self._move(self.product, 10, self.stock_location, customer_agreement.location_id)
        with freeze_time("2026-02-01 12:00:00"):
            action = self.env["consignment.dashboard"].with_user(self.stock_user).action_open()
            dashboard = (
                self.env["consignment.dashboard"]
                .with_user(self.stock_user)
                .browse(action["res_id"])
            )
            with Form(dashboard) as form:
                form.date_from = "2026-01-01"
                form.date_to = "2026-01-31"
                form.agreement_ids.add(self.agreement)
                form.agreement_ids.add(customer_agreement)
            dashboard.action_refresh()
        self.assertEqual(len(dashboard.line_ids), 2)
        self.assertAlmostEqual(dashboard.avg_stock_value, self.average_value + 100.0, places=1)
        self.assertAlmostEqual(dashboard.consumed_value, 100.0)
        self.assertAlmostEqual(
            dashboard.turnover, 100.0 / (self.average_value + 100.0) * 365 / 31, places=2
        )
        self.assertEqual(dashboard.stockout_incidents, 1)
        products = self.env["consignment.kpi.product.month"].search(
            dashboard.action_view_stockouts()["domain"]
        )
        self.assertEqual(sum(products.mapped("stockout_incidents")), 1)
        self.assertAlmostEqual(
            dashboard.cash_benefit, round(self.average_value * 31 / 365 * 0.10, 2), places=2
        )

    def test_capital_rate_in_settings(self):
        settings = self.env["res.config.settings"].create({"consignment_capital_rate": 6.5})
        settings.execute()
        self.assertEqual(self.company.consignment_capital_rate, 6.5)


@tagged("post_install", "-at_install")
class TestKpiWindow(ConsignmentCase):
    """An agreement that has been active 10 days (22 to 31 March 2026), one product at
    10.00, its location already used before (a run-out on 21 January, before the start).

    In its window: 10 in on 22 March, 5 out on 25 and 5 on 27 (run-out 1), 4 in on 28 and 4
    out on 29 (run-out 2). End-of-day stock 10, 10, 10, 5, 5, 0, 4, 0, 0, 0: 44 unit-days,
    average 4.4 units worth 44.00, 440.00 value-days; consumed 14 units worth 140.00.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.consignment_capital_rate = 10.0
        cls.agreement = cls._create_agreement(lines=[(cls.product, 10.0)])
        location = cls.agreement.location_id
        vendor = cls.vendor
        moves = [
            ("01-01", 10),
            ("01-21", -10),
            ("03-22", 10),
            ("03-25", -5),
            ("03-27", -5),
            ("03-28", 4),
            ("03-29", -4),
        ]
        for day, quantity in moves:
            with freeze_time(f"2026-{day} 10:00:00"):
                if quantity > 0:
                    cls._receive_consignment(cls.agreement, cls.product, quantity)
                else:
                    cls._move(cls.product, -quantity, location, cls.customer_location, owner=vendor)
        # The agreement now starts on 22 March: what happened before is not its business.
        cls.agreement.date_start = "2026-03-22"

    def test_figures_over_the_active_days_only(self):
        with freeze_time("2026-03-31 12:00:00"):
            kpis = self.agreement._get_kpis("2025-04-01", "2026-03-31")[self.agreement.id]
        self.assertEqual(kpis["window_days"], 10)
        self.assertAlmostEqual(kpis["avg_stock_value"], 44.0)
        self.assertAlmostEqual(kpis["consumed_value"], 140.0)
        # 10 days are under the 30-day minimum: the turnover of the 10 days, 140 / 44, not
        # annualised into 116 times a year.
        self.assertFalse(kpis["turnover_annualised"])
        self.assertAlmostEqual(kpis["turnover"], 140.0 / 44.0)
        # Two run-outs in March, none of January's (before the start); a window shorter
        # than a month counts as one month.
        self.assertEqual(kpis["stockout_incidents"], 2)
        self.assertEqual(kpis["stockouts_by_month"], {fields.Date.to_date("2026-03-01"): 2})
        self.assertAlmostEqual(kpis["stockout_incidents_per_month"], 2.0)
        self.assertAlmostEqual(kpis["avg_days"], 440.0 / 140.0)
        # 44.00 of the vendor's goods x 10 % x 10 days / 365.
        self.assertAlmostEqual(kpis["cash_benefit"], round(44.0 * 0.10 * 10 / 365, 2))

    def test_nothing_before_the_start(self):
        with freeze_time("2026-03-31 12:00:00"):
            kpis = self.agreement._get_kpis("2026-01-01", "2026-03-21")[self.agreement.id]
        self.assertEqual(kpis["window_days"], 0)
        self.assertEqual(kpis["stockout_incidents"], 0)
        self.assertEqual(kpis["consumed_value"], 0.0)
        self.assertEqual(kpis["turnover"], 0.0)

    def test_draft_agreement_was_never_active(self):
        draft = self._create_agreement(lines=[(self.product, 10.0)], activate=False)
        with freeze_time("2026-03-31 12:00:00"):
            kpis = draft._get_kpis("2026-01-01", "2026-03-31")[draft.id]
        self.assertRecordValues(draft, [{"state": "draft"}])
        self.assertEqual(kpis["window_days"], 0)
        self.assertFalse(kpis["target_missed"])

    def test_window_ends_today_and_at_the_end_date(self):
        with freeze_time("2026-03-26 12:00:00"):
            kpis = self.agreement._get_kpis("2026-03-01", "2026-12-31")[self.agreement.id]
        # 22 to 26 March: the future is not part of the window.
        self.assertEqual(kpis["window_days"], 5)
        self.assertEqual(kpis["stockout_incidents"], 0)
        self.assertAlmostEqual(kpis["consumed_value"], 50.0)
        self.agreement.date_end = "2026-03-27"
        with freeze_time("2026-03-31 12:00:00"):
            kpis = self.agreement._get_kpis("2026-03-01", "2026-03-31")[self.agreement.id]
        self.assertEqual(kpis["window_days"], 6)
        self.assertEqual(kpis["stockout_incidents"], 1)

    def test_agreement_shows_window_and_targets(self):
        with freeze_time("2026-03-31 12:00:00"):
            self.agreement.invalidate_recordset()
            self.assertRecordValues(
                self.agreement.with_user(self.consignment_manager),
                [
                    {
                        "kpi_window_days": 10,
                        "kpi_turnover_annualised": False,
                        "kpi_stockout_incidents": 2,
                        "kpi_stockout_incidents_per_month": 2.0,
                        "kpi_dispute_resolution_days": 0.0,
                        # Not annualised: not judged against the 6 times a year.
                        "kpi_turnover_on_target": True,
                        "kpi_variance_on_target": True,
                        "kpi_stockout_on_target": False,
                        "kpi_dispute_on_target": True,
                        "kpi_target_missed": True,
                    }
                ],
            )


@tagged("post_install", "-at_install")
class TestKpiTargets(ConsignmentCase):
    """The guide's targets are the company's defaults; each figure says whether it meets
    its target. January 2026 as in ``TestDashboard``: turnover 18.25 times a year, one
    run-out (0.98 per month)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agreement = cls._create_agreement(lines=[(cls.product, 10.0)])
        with freeze_time("2026-01-01 10:00:00"):
            cls._receive_consignment(cls.agreement, cls.product, 10)
        with freeze_time("2026-01-21 10:00:00"):
            cls._move(
                cls.product, 10, cls.agreement.location_id, cls.customer_location, owner=cls.vendor
            )

    def _kpis(self):
        return self.agreement._get_kpis("2026-01-01", "2026-01-31")[self.agreement.id]

    def test_guide_targets_are_the_defaults(self):
        company = self.env["res.company"].create({"name": "Fresh Company"})
        self.assertRecordValues(
            company,
            [
                {
                    "consignment_target_turnover": 6.0,
                    "consignment_target_variance_pct": 2.0,
                    "consignment_target_stockouts": 0.0,
                    "consignment_target_dispute_days": 3.0,
                }
            ],
        )
        settings = self.env["res.config.settings"].create(
            {"consignment_target_turnover": 8.0, "consignment_target_dispute_days": 2.0}
        )
        settings.execute()
        self.assertEqual(self.company.consignment_target_turnover, 8.0)
        self.assertEqual(self.company.consignment_target_dispute_days, 2.0)

    def test_on_target_flags(self):
        kpis = self._kpis()
        self.assertAlmostEqual(kpis["turnover"], 100.0 / (200.0 / 31 * 10.0) * 365 / 31)
        self.assertEqual(kpis["target_turnover"], 6.0)
        self.assertTrue(kpis["turnover_on_target"])
        self.assertTrue(kpis["variance_on_target"], "No count: nothing to judge")
        self.assertFalse(kpis["stockout_on_target"], "A run-out misses 0 per month")
        self.assertEqual(kpis["dispute_resolution_days"], 0.0)
        self.assertTrue(kpis["dispute_on_target"])
        self.assertTrue(kpis["target_missed"])
        self.company.consignment_target_stockouts = 1.0
        self.assertFalse(self._kpis()["target_missed"])
        # The agreement's own target takes precedence over the company's.
        self.agreement.target_turnover = 20.0
        kpis = self._kpis()
        self.assertEqual(kpis["target_turnover"], 20.0)
        self.assertFalse(kpis["turnover_on_target"])
        self.assertTrue(kpis["target_missed"])

    def test_dispute_resolution_target(self):
        if "consignment.dispute" not in self.env:
            self.skipTest("The disputes model is not installed: the figure stays 0.")
        dispute = self.env["consignment.dispute"]._open_dispute(self.agreement, "Late", "manual")
        dispute.action_resolve("Settled")
        now = fields.Datetime.now()
        dispute.sudo().write({"opened_date": now - timedelta(days=4), "resolved_date": now})
        today = fields.Date.today()
        kpis = self.agreement._get_kpis("2026-01-01", today)[self.agreement.id]
        self.assertAlmostEqual(kpis["dispute_resolution_days"], 4.0, places=2)
        self.assertEqual(kpis["target_dispute_days"], 3.0)
        self.assertFalse(kpis["dispute_on_target"], "4 days miss the 3 days of the guide")
        self.company.consignment_target_dispute_days = 5.0
        kpis = self.agreement._get_kpis("2026-01-01", today)[self.agreement.id]
        self.assertTrue(kpis["dispute_on_target"])

    def test_variance_target(self):
        with freeze_time("2026-02-01 10:00:00"):
            count = self.env["consignment.count"].create(
                {"agreement_id": self.agreement.id, "date": "2026-01-10"}
            )
            count.line_ids.write({"counted_qty": 9.0, "reason": "theft"})
            count.action_validate()
        kpis = self._kpis()
        self.assertAlmostEqual(kpis["variance_pct"], 10.0)
        self.assertFalse(kpis["variance_on_target"], "10 % misses the 2 % of the guide")
        self.agreement.target_variance_pct = 15.0
        self.assertTrue(self._kpis()["variance_on_target"])

    def test_dashboard_lines_flag_each_figure(self):
        self.company.consignment_target_stockouts = 0.5
        with freeze_time("2026-02-01 12:00:00"):
            dashboard = (
                self.env["consignment.dashboard"]
                .with_user(self.stock_user)
                .create(
                    {
                        "date_from": "2026-01-01",
                        "date_to": "2026-01-31",
                        "agreement_ids": [Command.set(self.agreement.ids)],
                    }
                )
            )
            dashboard.action_refresh()
        self.assertRecordValues(
            dashboard.line_ids,
            [
                {
                    "agreement_id": self.agreement.id,
                    "partner_id": self.vendor.id,
                    "window_days": 31,
                    "stockout_incidents": 1,
                    "target_stockouts": 0.5,
                    "turnover_on_target": True,
                    "stockout_on_target": False,
                    "target_missed": True,
                }
            ],
        )
        self.assertRecordValues(
            dashboard, [{"missed_count": 1, "stockout_on_target": False, "window_days": 31}]
        )
        action = dashboard.action_view_stockouts()
        self.assertEqual(action["res_model"], "consignment.kpi.product.month")
        self.assertIn("pivot", action["view_mode"])
        products = self.env["consignment.kpi.product.month"].search(action["domain"])
        self.assertRecordValues(
            products,
            [
                {
                    "agreement_id": self.agreement.id,
                    "partner_id": self.vendor.id,
                    "product_id": self.product.id,
                    "month": fields.Date.to_date("2026-01-01"),
                    "stockout_incidents": 1,
                }
            ],
        )
        self.assertAlmostEqual(products.avg_stock_value, 200.0 / 31 * 10.0, 2)
        # Rows open the agreement, those of the dashboard and those of the monthly facts.
        action = dashboard.line_ids.with_user(self.stock_user).action_open_agreement()
        self.assertEqual(
            (action["res_model"], action["res_id"]), ("consignment.agreement", self.agreement.id)
        )
        action = products.with_user(self.stock_user).action_open_agreement()
        self.assertEqual(action["res_id"], self.agreement.id)
        months = self.env["consignment.kpi.month"].search(dashboard.action_view_months()["domain"])
        self.assertRecordValues(
            months, [{"agreement_id": self.agreement.id, "stockout_incidents": 1}]
        )

    def test_rows_refuse_users_without_consignment_rights(self):
        with freeze_time("2026-02-01 12:00:00"):
            dashboard = self.env["consignment.dashboard"].create(
                {
                    "date_from": "2026-01-01",
                    "date_to": "2026-01-31",
                    "agreement_ids": [Command.set(self.agreement.ids)],
                }
            )
            dashboard.action_refresh()
        outsider = new_test_user(self.env, login="kpi_outsider", groups="base.group_user")
        with self.assertRaises(AccessError):
            dashboard.line_ids.with_user(outsider).action_open_agreement()
        with self.assertRaises(AccessError):
            dashboard.with_user(outsider).action_view_lines()


@tagged("post_install", "-at_install")
class TestKpiQueryCount(ConsignmentCase):
    """The key figures of many agreements take as many queries as those of a few."""

    def test_queries_do_not_grow_with_products(self):
        products = self.env["product.product"].create(
            [{"name": f"KPI Widget {index}", "is_storable": True} for index in range(5)]
        )
        small = self._create_agreement(lines=[(products[0], 2.0)])
        large = self._create_agreement(
            partner=self.env["res.partner"].create({"name": "KPI Large Vendor"}),
            lines=[(product, 2.0) for product in products],
        )
        self.env.invalidate_all()
        self.env.flush_all()
        before = self.cr.sql_log_count
        small._get_kpis("2026-01-01", "2026-01-31")
        count = self.cr.sql_log_count - before
        self.env.invalidate_all()
        self.env.flush_all()
        with self.assertQueryCount(count):
            large._get_kpis("2026-01-01", "2026-01-31")

    def _agreements(self, count):
        agreements = self.env["consignment.agreement"]
        for index in range(count):
            partner = self.env["res.partner"].create({"name": f"KPI Vendor {index}"})
            agreement = self._create_agreement(partner=partner, lines=[(self.product, 10.0)])
            with freeze_time("2026-01-05 10:00:00"):
                self._receive_consignment(agreement, self.product, 4)
            with freeze_time("2026-01-10 10:00:00"):
                self._move(
                    self.product, 4, agreement.location_id, self.customer_location, owner=partner
                )
            agreements |= agreement
        return agreements

    def _queries(self, agreements):
        self.env.invalidate_all()
        self.env.flush_all()
        before = self.cr.sql_log_count
        kpis = agreements._get_kpis("2026-01-01", "2026-01-31")
        self.assertEqual({values["stockout_incidents"] for values in kpis.values()}, {1})
        return self.cr.sql_log_count - before

    def test_queries_do_not_grow_with_agreements(self):
        few = self._agreements(2)
        many = self._agreements(6)
        count = self._queries(few)
        self.env.invalidate_all()
        self.env.flush_all()
        with self.assertQueryCount(count):
            many._get_kpis("2026-01-01", "2026-01-31")


@tagged("post_install", "-at_install")
class TestDashboardTour(HttpCase, ConsignmentCase):
    """A stock user opens the dashboard, analyses the figures per month as graph, pivot and
    list, and opens the agreement from a row to see its figures on or off target."""

    def test_dashboard_pivot_graph_and_agreement(self):
        user = new_test_user(self.env, login="kpi_tour_user", groups="stock.group_stock_user")
        vendor = self.env["res.partner"].create({"name": "Tour Vendor", "is_company": True})
        agreement = self._create_agreement(partner=vendor, lines=[(self.product, 10.0)])
        self._receive_consignment(agreement, self.product, 10)
        self._move(self.product, 10, agreement.location_id, self.customer_location, owner=vendor)
        self.start_tour(
            "/odoo/action-consignment_stock.consignment_dashboard_action",
            "consignment_stock_dashboard_figures",
            login=user.login,
        )
