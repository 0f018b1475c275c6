from odoo.tests import tagged

from .common import ConsignmentPurchaseCase


@tagged("post_install", "-at_install")
class TestReplenishment(ConsignmentPurchaseCase):
    def test_minimum_maximum_order_consignment_goods(self):
        agreement = self._vendor_agreement(
            lines=[
                {"product_id": self.product.id, "price_unit": 10.0, "min_qty": 10, "max_qty": 40}
            ]
        )
        orderpoint = agreement.orderpoint_ids
        self.assertRecordValues(
            orderpoint,
            [
                {
                    "location_id": agreement.location_id.id,
                    "product_min_qty": 10.0,
                    "product_max_qty": 40.0,
                    "route_id": self.warehouse.buy_pull_id.route_id.id,
                }
            ],
        )
        self.assertEqual(orderpoint.supplier_id.partner_id, self.vendor)
        self.assertEqual(orderpoint.supplier_id.price, 10.0)
        agreement.action_replenish()
        order = self.env["purchase.order"].search([("partner_id", "=", self.vendor.id)])
        self.assertRecordValues(
            order,
            [{"state": "draft", "is_consignment": True, "consignment_agreement_id": agreement.id}],
        )
        self.assertRecordValues(
            order.order_line,
            [{"product_id": self.product.id, "product_qty": 40.0, "price_unit": 10.0}],
        )
        order.button_confirm()
        self.assertRecordValues(
            order.picking_ids,
            [
                {
                    "location_dest_id": agreement.location_id.id,
                    "owner_id": self.vendor.id,
                    "is_consignment_receipt": True,
                }
            ],
        )
        self._receive_po(order)
        self.assertEqual(self._quant_qty(self.product, agreement.location_id, self.vendor), 40)
        # An ordinary replenishment of the same vendor never lands in the consignment order.
        self._consume(agreement, self.product, 35)
        agreement.action_replenish()
        rfq = self.env["purchase.order"].search(
            [("partner_id", "=", self.vendor.id), ("state", "=", "draft")]
        )
        self.assertRecordValues(rfq, [{"consignment_agreement_id": agreement.id}])
        self.assertEqual(rfq.order_line.product_qty, 35.0)
