from freezegun import freeze_time

from odoo.tests import Form, tagged

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
        self.assertEqual(kpis["stockout_days"], 11)
        self.assertEqual(kpis["stockouts_by_month"], {self.agreement.date_start.replace(day=1): 11})
        self.assertAlmostEqual(kpis["avg_days"], 20.0, places=2)
        # 64.52 of the vendor's goods held 31 days at 10 % a year.
        self.assertAlmostEqual(
            kpis["cash_benefit"], round(self.average_value * 31 / 365 * 0.10, 2), places=2
        )
        self.assertEqual(kpis["variance_pct"], 0.0)

    def test_stockouts_per_month(self):
        kpis = self.agreement._get_kpis("2026-01-01", "2026-02-28")[self.agreement.id]
        self.assertEqual(
            kpis["stockouts_by_month"],
            {
                self.agreement.date_start.replace(month=1, day=1): 11,
                self.agreement.date_start.replace(month=2, day=1): 28,
            },
        )

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
        self.assertEqual(kpis["stockout_days"], 0)

    def test_targets_find_agreements_that_miss_them(self):
        other = self._create_agreement(
            partner=self.env["res.partner"].create({"name": "On Target", "is_company": True}),
            lines=[(self.product, 10.0)],
        )
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
        self.assertEqual(dashboard.stockout_days, 11)
        self.assertEqual(dashboard.stockout_ids.days, 11)
        self.assertAlmostEqual(
            dashboard.cash_benefit, round(self.average_value * 31 / 365 * 0.10, 2), places=2
        )

    def test_capital_rate_in_settings(self):
        settings = self.env["res.config.settings"].create({"consignment_capital_rate": 6.5})
        settings.execute()
        self.assertEqual(self.company.consignment_capital_rate, 6.5)
