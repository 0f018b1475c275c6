from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.tests import tagged

from odoo.addons.consignment_stock.tests.common import ConsignmentCase


@tagged("post_install", "-at_install")
class TestDemoHistorySale(ConsignmentCase):
    """The demo's history of a customer agreement (no demo data): what the customer sold
    arrives as validated consumption reports of their days."""

    def test_consumption_through_reports(self):
        today = fields.Date.context_today(self.env["consignment.agreement"])
        start = (today - relativedelta(months=6)).replace(day=1)
        agreement = self._create_agreement(
            consignment_type="customer",
            lines=[{"product_id": self.product.id, "price_unit": 12.0, "max_qty": 80}],
            date_start=start,
            billing_period="monthly",
        )
        self.env["consignment.demo"]._build_history(agreement.id, "on_target")
        reports = self.env["consignment.report"].search([("agreement_id", "=", agreement.id)])
        # Two sales reports a month (days 8 and 22), of 30 % of the maximum each; one piece
        # missing in 80 at the counts: 1.25 %, on target.
        self.assertGreaterEqual(len(reports), 12)
        self.assertEqual(set(reports.mapped("state")), {"validated"})
        ledger = self.env["consignment.consumption"].search(
            [
                ("agreement_id", "=", agreement.id),
                ("move_line_id.move_id.picking_id", "in", reports.picking_id.ids),
            ]
        )
        self.assertAlmostEqual(sum(ledger.mapped("quantity")), 24.0 * len(reports))
        for report in reports:
            self.assertEqual(
                {fields.Date.to_date(move.date) for move in report.picking_id.move_ids},
                {report.date},
            )
        kpis = agreement._get_kpis(today - relativedelta(days=364), today)[agreement.id]
        self.assertFalse(kpis["target_missed"])
        # Called again, it adds nothing.
        self.assertFalse(self.env["consignment.demo"]._build_history(agreement.id, "on_target"))
        self.assertEqual(
            self.env["consignment.report"].search_count([("agreement_id", "=", agreement.id)]),
            len(reports),
        )
