from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.tests import tagged

from .common import ConsignmentCase


@tagged("post_install", "-at_install")
class TestDemoHistory(ConsignmentCase):
    """The demo's history builder, on agreements of its own (no demo data): six months of
    real transfers, counts, disputes and bills that make one agreement meet every target
    and the other miss them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = fields.Date.context_today(cls.env["consignment.agreement"])
        cls.start = (cls.today - relativedelta(months=6)).replace(day=1)
        cls.other = cls._create_product("Consigned Gadget", standard_price=2.0)
        cls.good = cls._create_agreement(
            lines=[
                {"product_id": cls.product.id, "price_unit": 10.0, "max_qty": 80},
                {"product_id": cls.other.id, "price_unit": 4.0, "max_qty": 40},
            ],
            date_start=cls.start,
            billing_period="monthly",
        )
        cls.poor = cls._create_agreement(
            consignment_type="customer",
            lines=[{"product_id": cls.product.id, "price_unit": 15.0, "max_qty": 30}],
            date_start=cls.start,
            billing_period="monthly",
        )
        Demo = cls.env["consignment.demo"]
        for agreement, profile in ((cls.good, "on_target"), (cls.poor, "off_target")):
            Demo._build_history(agreement.id, profile)
            Demo._build_bills(agreement.id)
        cls.date_from = cls.today - relativedelta(days=364)
        cls.kpis = (cls.good | cls.poor)._get_kpis(cls.date_from, cls.today)

    def test_on_target(self):
        kpis = self.kpis[self.good.id]
        self.assertGreaterEqual(kpis["window_days"], 180)
        # Meaningful figures: a few times a year, not hundreds.
        self.assertTrue(6.0 <= kpis["turnover"] <= 20.0, kpis["turnover"])
        self.assertTrue(0.0 < kpis["variance_pct"] <= 2.0, kpis["variance_pct"])
        self.assertEqual(kpis["stockout_incidents"], 0)
        self.assertAlmostEqual(kpis["dispute_resolution_days"], 2.0, places=2)
        self.assertTrue(10.0 <= kpis["avg_days"] <= 90.0, kpis["avg_days"])
        self.assertFalse(kpis["target_missed"])

    def test_off_target(self):
        kpis = self.kpis[self.poor.id]
        self.assertTrue(1.0 <= kpis["turnover"] < 6.0, kpis["turnover"])
        self.assertTrue(2.0 < kpis["variance_pct"] <= 20.0, kpis["variance_pct"])
        self.assertTrue(0.0 < kpis["stockout_incidents_per_month"] <= 1.0)
        self.assertEqual(kpis["stockout_incidents"], 1)
        self.assertAlmostEqual(kpis["dispute_resolution_days"], 8.0, places=2)
        self.assertRecordValues(
            self.env["consignment.dispute"]
            .search([("agreement_id", "=", self.poor.id)])
            .sorted("opened_date"),
            [{"state": "resolved", "origin": "count"}, {"state": "open", "origin": "count"}],
        )
        self.assertTrue(kpis["target_missed"])
        self.assertFalse(
            kpis["turnover_on_target"]
            or kpis["variance_on_target"]
            or kpis["stockout_on_target"]
            or kpis["dispute_on_target"]
        )

    def test_history_through_the_real_flows(self):
        ledger = self.env["consignment.consumption"].search([("agreement_id", "=", self.good.id)])
        months = {fields.Date.to_date(record.date).replace(day=1) for record in ledger}
        self.assertEqual(len(months), 6 + (self.today.day > 8))
        self.assertTrue(all(record.date < fields.Datetime.now() for record in ledger))
        counts = self.good.count_ids
        self.assertEqual(set(counts.mapped("state")), {"validated"})
        self.assertEqual(len(counts), 2)
        self.assertTrue(all(count.move_ids for count in counts), "the variances are posted")
        # One bill per month that has ended: confirmed, but the last one to check.
        bills = self.env["account.move"].search(
            [("consignment_agreement_id", "=", self.good.id)], order="invoice_date"
        )
        self.assertEqual(len(bills), 6)
        self.assertEqual(bills.mapped("state"), ["posted"] * 5 + ["draft"])
        self.assertEqual(bills[0].consignment_period_end, self.start + relativedelta(day=31))
        month_start = fields.Datetime.to_datetime(self.today.replace(day=1))
        self.assertTrue(all(r.invoice_line_id for r in ledger if r.date < month_start))
        self.assertGreater(self.good.next_billing_date, self.today)
        # The goods have been on location since the first delivery, not since today.
        quants = self.env["stock.quant"].search(
            [("location_id", "child_of", self.good.location_id.id), ("quantity", ">", 0)]
        )
        self.assertEqual(
            {fields.Date.to_date(quant.in_date) for quant in quants}, {self.start}, quants
        )
