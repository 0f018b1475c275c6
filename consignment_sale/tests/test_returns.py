from odoo import fields
from odoo.tests import Form, tagged

from .common import ConsignmentSaleCase


@tagged("post_install", "-at_install")
class TestReturns(ConsignmentSaleCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order = cls._create_order([(cls.product, 10, 15.0)])
        cls._validate_picking(cls.order.picking_ids)
        cls.line = cls.order.order_line

    def test_pickup_without_invoice_or_ledger(self):
        action = self.agreement.action_pickup()
        picking = self.env["stock.picking"].browse(action["res_id"])
        self.assertEqual(picking.location_id, self.location)
        self.assertEqual(picking.location_dest_id, self.stock_location)
        self._validate_picking(picking, {self.product: 4})
        self.assertEqual(self._quant_qty(self.product, self.location), 6)
        self.assertFalse(self.agreement.consumption_ids)
        self.assertEqual(self.agreement.action_create_invoices(period_end=fields.Date.today()), [])
        self.assertRecordValues(
            self.line, [{"qty_delivered": 0, "qty_invoiced": 0, "qty_to_invoice": 0}]
        )

    def test_return_of_invoiced_goods_gets_credit_note(self):
        report = self._report([(self.product, None, 4)])
        invoice = self.env["account.move"].browse(
            self.agreement.action_create_invoices(period_end=fields.Date.today())
        )
        invoice.action_post()
        self.assertEqual(self.line.qty_invoiced, 4)
        wizard = Form(
            self.env["stock.return.picking"].with_context(
                active_id=report.picking_id.id, active_model="stock.picking"
            )
        ).save()
        wizard.product_return_moves.quantity = 1
        result = wizard.action_create_returns()
        return_picking = self.env["stock.picking"].browse(result["res_id"])
        self._validate_picking(return_picking)
        self.assertEqual(self._quant_qty(self.product, self.location), 7)
        negative = self.agreement.consumption_ids.filtered(lambda record: record.quantity < 0)
        self.assertEqual(negative.quantity, -1)
        self.assertEqual(negative.state, "invoiced")
        refund = negative.invoice_id
        self.assertEqual(refund.move_type, "out_refund")
        self.assertRecordValues(refund.invoice_line_ids, [{"quantity": 1, "price_unit": 10.0}])
        self.assertEqual(refund.invoice_line_ids.sale_line_ids, self.line)
        self.assertRecordValues(
            self.line, [{"qty_delivered": 3, "qty_invoiced": 3, "qty_to_invoice": 0}]
        )
