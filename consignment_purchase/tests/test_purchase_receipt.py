from unittest.mock import patch

from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from odoo.addons.base.models.ir_actions_report import IrActionsReport

from .common import ConsignmentPurchaseCase


@tagged("post_install", "-at_install")
class TestConsignmentReceipt(ConsignmentPurchaseCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agreement = cls._vendor_agreement(lines=[(cls.product, 10.0), (cls.product_lot, 4.0)])
        cls.other_product = cls._create_product("Bought Widget")

    def test_order_is_consignment_when_agreement_covers_products(self):
        order = self._create_po([(self.product, 5)], confirm=False)
        self.assertTrue(order.is_consignment)
        self.assertEqual(order.consignment_agreement_id, self.agreement)
        self.assertEqual(order.order_line.price_unit, 10.0, "Priced at the agreement price")
        mixed = self._create_po([(self.product, 5), (self.other_product, 1)], confirm=False)
        self.assertFalse(mixed.is_consignment, "A product outside the agreement: ordinary order")
        other_vendor = self.env["res.partner"].create({"name": "No Agreement Vendor"})
        self.assertFalse(
            self._create_po([(self.product, 1)], partner=other_vendor, confirm=False).is_consignment
        )
        # The buyer can switch it off: an ordinary purchase from the same vendor.
        with Form(order) as form:
            form.is_consignment = False
        self.assertFalse(order.consignment_agreement_id)
        order.button_confirm()
        self.assertEqual(order.picking_ids.location_dest_id, self.warehouse.lot_stock_id)
        self.assertFalse(order.picking_ids.owner_id)

    def test_consignment_receipt_goes_to_vendor_location_unvalued(self):
        order = self._create_po([(self.product, 40)])
        picking = order.picking_ids
        self.assertRecordValues(
            picking,
            [
                {
                    "location_dest_id": self.agreement.location_id.id,
                    "owner_id": self.vendor.id,
                    "consignment_agreement_id": self.agreement.id,
                    "is_consignment_receipt": True,
                }
            ],
        )
        self._receive_po(order)
        self.assertEqual(self._quant_qty(self.product, self.agreement.location_id, self.vendor), 40)
        own = self.env["stock.quant"].search(
            [
                ("product_id", "=", self.product.id),
                ("owner_id", "=", False),
                ("location_id.usage", "=", "internal"),
            ]
        )
        self.assertFalse(own, "None of it is our own stock")
        move = picking.move_ids
        self.assertFalse(move.is_in, "Vendor goods are not valued at receipt")
        self.assertEqual(move.value, 0.0)
        self.assertFalse(move.account_move_id, "No journal entry at receipt")
        self.assertFalse(self.agreement.consumption_ids, "A receipt is not consumption")
        self.assertRecordValues(
            order.order_line,
            [
                {
                    "qty_received": 40.0,
                    "qty_invoiced": 0.0,
                    "qty_to_invoice": 0.0,
                    "consignment_qty_consumed": 0.0,
                }
            ],
        )
        self.assertEqual(order.invoice_status, "no")
        with self.assertRaisesRegex(UserError, "consignment orders"):
            order.action_create_invoice()

    @patch.object(IrActionsReport, "barcode", return_value=b"")
    def test_receipt_documents_say_consignment(self, _barcode):
        order = self._create_po([(self.product, 3)])
        picking = order.picking_ids
        for report in ("stock.action_report_picking", "stock.action_report_delivery"):
            html, _format = self.env["ir.actions.report"]._render_qweb_html(report, picking.ids)
            self.assertIn(b"Consignment receipt", html, report)
            self.assertIn(self.vendor.name.encode(), html)
        ordinary = self._create_po([(self.other_product, 1)])
        html, _format = self.env["ir.actions.report"]._render_qweb_html(
            "stock.action_report_picking", ordinary.picking_ids.ids
        )
        self.assertNotIn(b"Consignment receipt", html)

    def test_product_outside_agreement_cannot_be_consigned(self):
        order = self._create_po([(self.product, 5), (self.other_product, 1)], confirm=False)
        order.is_consignment = True
        self.assertEqual(order.consignment_agreement_id, self.agreement)
        with self.assertRaisesRegex(UserError, "has no price for"):
            order.button_confirm()

    def test_return_unused_goods_to_vendor(self):
        order = self._create_po([(self.product, 10)])
        picking = self._receive_po(order)
        wizard = Form(
            self.env["stock.return.picking"].with_context(
                active_id=picking.id, active_model="stock.picking"
            )
        ).save()
        wizard.product_return_moves.quantity = 10
        return_picking = self.env["stock.picking"].browse(wizard.action_create_returns()["res_id"])
        return_picking.move_ids.picked = True
        return_picking._action_done()
        self.assertEqual(return_picking.state, "done")
        self.assertFalse(self.agreement.consumption_ids, "Returned goods are not consumed")
        self.assertFalse(
            return_picking.move_ids.account_move_id,
            "No accounting for a return of the vendor's goods",
        )
        self.assertFalse(
            self.env["consignment.consumption"].search([("agreement_id", "=", self.agreement.id)])
        )
        self.assertEqual(order.order_line.qty_received, 0.0)
        self.assertEqual(self._quant_qty(self.product, self.agreement.location_id, self.vendor), 0)
