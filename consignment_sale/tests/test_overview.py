from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from .common import ConsignmentSaleCase


@tagged("post_install", "-at_install")
class TestOverview(ConsignmentSaleCase):
    def test_goods_at_customer_and_slow_movers(self):
        order = self._create_order([(self.product, 6, 15.0), (self.product_lot, 3, 5.0)])
        self._validate_picking(order.picking_ids)
        self.agreement.slow_mover_days = 30
        quants = self.env["stock.quant"].search(
            [("location_id", "child_of", self.location.id), ("product_id", "=", self.product.id)]
        )
        quants.write({"in_date": fields.Datetime.now() - timedelta(days=45)})
        self.env.flush_all()
        action = self.agreement.action_view_customer_overview()
        Report = self.env["consignment.stock.report"]
        rows = Report.search(action["domain"])
        self.assertEqual(
            {(row.product_id, row.lot_id): row.quantity for row in rows},
            {(self.product, self.env["stock.lot"]): 6, (self.product_lot, self.lot_a): 3},
        )
        self.assertEqual(
            {row.product_id: row.value for row in rows},
            {self.product: 60.0, self.product_lot: 12.0},
        )
        slow = Report.search(action["domain"] + [("is_slow_mover", "=", True)])
        self.assertEqual(slow.product_id, self.product)
        self.assertGreaterEqual(slow.days_on_location, 45)
        # Consumption per period: the ledger pivoted by month.
        self._report([(self.product, None, 2)])
        action = self.agreement.action_view_consumption_by_period()
        groups = self.env["consignment.consumption"]._read_group(
            action["domain"], ["date:month"], ["quantity:sum"]
        )
        self.assertEqual([quantity for _month, quantity in groups], [2.0])
