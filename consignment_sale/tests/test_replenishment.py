from odoo.tests import tagged

from .common import ConsignmentSaleCase


@tagged("post_install", "-at_install")
class TestReplenishment(ConsignmentSaleCase):
    def test_fill_up_beyond_stock_ships_backorder_after_receipt(self):
        order = self._create_order([(self.product, 70, 15.0)])
        picking = order.picking_ids
        backorder = self._validate_picking(picking, {self.product: 50})
        self.assertEqual(self._quant_qty(self.product, self.location), 50)
        self.assertEqual(backorder.move_ids.product_uom_qty, 20)
        self.assertEqual(backorder.location_dest_id, self.location)
        self.assertEqual(self.customer.consignment_backorder_count, 1)
        action = self.customer.action_view_consignment_backorders()
        self.assertEqual(self.env["stock.picking"].search(action["domain"]), backorder)
        self.assertTrue(backorder.scheduled_date)
        self._move(self.product, 30, self.supplier_location, self.stock_location)
        self._validate_picking(backorder)
        self.assertEqual(backorder.state, "done")
        self.assertEqual(self._quant_qty(self.product, self.location), 70)
        self.assertEqual(order.order_line.consignment_qty_filled, 70)
        self.assertEqual(order.order_line.qty_delivered, 0)
        self.customer.invalidate_recordset(["consignment_backorder_count"])
        self.assertEqual(self.customer.consignment_backorder_count, 0)

    def test_agreement_minimum_maximum_fill_up(self):
        self.agreement.line_ids.filtered(lambda line: line.product_id == self.product).write(
            {"min_qty": 5, "max_qty": 20}
        )
        self.agreement._sync_orderpoints()
        self.agreement.action_replenish()
        moves = self.env["stock.move"].search(
            [("location_final_id", "=", self.location.id), ("product_id", "=", self.product.id)]
        )
        self.assertEqual(sum(moves.mapped("product_uom_qty")), 20)
        self.assertTrue(moves.picking_id.picking_type_id.consignment_fill_up)
        self.assertTrue(moves.picking_id.is_consignment_fillup)
