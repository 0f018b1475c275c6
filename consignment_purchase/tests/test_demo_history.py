from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.tests import tagged

from odoo.addons.consignment_stock.tests.common import ConsignmentCase


@tagged("post_install", "-at_install")
class TestDemoHistoryPurchase(ConsignmentCase):
    """The demo's history of a vendor agreement (no demo data): the vendor's goods arrive on
    consignment purchase orders of their days, and the monthly bills charge those orders."""

    def test_receipts_through_purchase_orders(self):
        today = fields.Date.context_today(self.env["consignment.agreement"])
        start = (today - relativedelta(months=6)).replace(day=1)
        agreement = self._create_agreement(
            lines=[{"product_id": self.product.id, "price_unit": 10.0, "max_qty": 80}],
            date_start=start,
            billing_period="monthly",
        )
        Demo = self.env["consignment.demo"]
        Demo._build_history(agreement.id, "on_target")
        Demo._build_bills(agreement.id)
        orders = self.env["purchase.order"].search(
            [("consignment_agreement_id", "=", agreement.id)]
        )
        # A top-up on the first day of each month that has come.
        self.assertEqual(len(orders), 6 + (today.day > 1))
        self.assertEqual(set(orders.mapped("state")), {"purchase"})
        for order in orders:
            self.assertEqual(order.order_line.qty_received, order.order_line.product_qty)
            self.assertEqual(order.picking_ids.state, "done")
            self.assertEqual(order.picking_ids.date_done, order.date_approve)
            self.assertLess(order.date_approve, fields.Datetime.now())
        bills = self.env["account.move"].search([("consignment_agreement_id", "=", agreement.id)])
        self.assertEqual(len(bills), 6)
        self.assertTrue(bills.invoice_line_ids.purchase_line_id <= orders.order_line)
        self.assertTrue(bills.invoice_line_ids.purchase_line_id)
