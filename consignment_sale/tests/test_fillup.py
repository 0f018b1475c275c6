from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import ConsignmentSaleCase


@tagged("post_install", "-at_install")
class TestFillUp(ConsignmentSaleCase):
    def test_order_is_consignment_from_agreement(self):
        form = Form(self.env["sale.order"].with_user(self.salesman))
        form.partner_id = self.customer
        self.assertEqual(form.consignment_agreement_id, self.agreement)
        form.consignment_agreement_id = self.env["consignment.agreement"]
        with form.order_line.new() as line:
            line.product_id = self.product
            line.product_uom_qty = 2
        order = form.save()
        self.assertFalse(order.consignment_agreement_id, "The salesperson can sell outright")
        order.action_confirm()
        self.assertEqual(order.picking_ids.location_dest_id, self.customer_location)

    def test_fill_up_is_not_delivered_nor_invoiceable(self):
        order = self._create_order([(self.product, 10, 15.0)], user=self.salesman)
        line = order.order_line
        self.assertEqual(order.consignment_agreement_id, self.agreement)
        picking = order.picking_ids
        self.assertEqual(len(picking), 1)
        self.assertTrue(picking.picking_type_id.consignment_fill_up)
        self.assertEqual(
            picking.picking_type_id, self.warehouse._get_consignment_fillup_picking_type()
        )
        self.assertEqual(picking.location_dest_id, self.location)
        self.assertEqual(picking.partner_id, self.customer)
        self.assertTrue(picking.is_consignment_fillup)
        self.assertEqual(picking.consignment_agreement_id, self.agreement)
        self._validate_picking(picking)
        self.assertEqual(picking.state, "done")
        self.assertEqual(self._quant_qty(self.product, self.location), 10)
        self.assertRecordValues(
            line,
            [
                {
                    "consignment_qty_filled": 10,
                    "consignment_qty_at_customer": 10,
                    "consignment_qty_consumed": 0,
                    "qty_delivered": 0,
                    "qty_to_invoice": 0,
                    "qty_invoiced": 0,
                    "invoice_status": "no",
                }
            ],
        )
        self.assertFalse(self.agreement.consumption_ids, "A fill-up is not a consumption")
        with self.assertRaises(UserError):
            order._create_invoices()
        # Changing the order does not fill up twice.
        line.product_uom_qty = 12
        self.assertEqual(sum(order.picking_ids.move_ids.mapped("product_uom_qty")), 12)

    def test_consignment_needs_agreement_price(self):
        other = self._create_product("Not in agreement")
        order = self._create_order([(other, 1, 5.0)], confirm=False)
        with self.assertRaisesRegex(UserError, "Not in agreement"):
            order.action_confirm()


@tagged("post_install", "-at_install")
class TestFillUpAfterTermination(ConsignmentSaleCase):
    def test_no_fill_up_from_the_termination_date(self):
        self._validate_picking(self._create_order([(self.product, 5, 15.0)]).picking_ids)
        termination_date = fields.Date.context_today(self.agreement) + timedelta(days=5)
        self._terminate(self.agreement, kind="forced", date=termination_date)
        self.assertEqual(self.agreement.state, "active", "It works until the termination date")
        before = self._create_order([(self.product, 2, 15.0)]).picking_ids
        self._validate_picking(before.with_user(self.stock_user))
        self.assertEqual(before.state, "done")
        late = self._create_order([(self.product, 3, 15.0)]).picking_ids
        with freeze_time(termination_date), self.assertRaisesRegex(UserError, "takes no new"):
            self._validate_picking(late.with_user(self.stock_user))
        self.assertNotEqual(late.state, "done")
        self.assertEqual(self._quant_qty(self.product, self.location), 7)
