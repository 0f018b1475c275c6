from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.tests import tagged

from .common import ConsignmentSaleCase


@tagged("post_install", "-at_install")
class TestInvoicing(ConsignmentSaleCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order_1 = cls._create_order([(cls.product, 5, 15.0)])
        cls._validate_picking(cls.order_1.picking_ids)
        cls.order_2 = cls._create_order([(cls.product, 5, 15.0)])
        cls._validate_picking(cls.order_2.picking_ids)
        cls.today = fields.Date.context_today(cls.env["res.partner"])

    def test_periodic_invoice_linked_to_order_lines(self):
        # 7 sold: the oldest order's 5, then 2 of the second order.
        self._report([(self.product, None, 7)])
        self.assertEqual(self.order_1.order_line.qty_delivered, 5)
        self.assertEqual(self.order_2.order_line.qty_delivered, 2)
        move_ids = self.agreement.action_create_invoices(period_end=self.today)
        self.assertEqual(len(move_ids), 1)
        invoice = self.env["account.move"].browse(move_ids)
        self.assertEqual(invoice.move_type, "out_invoice")
        self.assertEqual(invoice.state, "draft")
        self.assertRecordValues(invoice.invoice_line_ids, [{"quantity": 7, "price_unit": 10.0}])
        self.assertEqual(
            invoice.invoice_line_ids.sale_line_ids, (self.order_1 | self.order_2).order_line
        )
        self.assertRecordValues(
            (self.order_1 | self.order_2).order_line,
            [
                {"qty_delivered": 5, "qty_invoiced": 5, "qty_to_invoice": 0},
                {"qty_delivered": 2, "qty_invoiced": 2, "qty_to_invoice": 0},
            ],
        )
        self.assertEqual(set(self.agreement.consumption_ids.mapped("state")), {"invoiced"})
        # Safe to re-run: nothing left.
        self.assertEqual(self.agreement.action_create_invoices(period_end=self.today), [])
        invoice.action_post()
        self.assertEqual(self.order_1.order_line.qty_invoiced, 5)

    def test_order_invoice_offers_only_consumed(self):
        self._report([(self.product, None, 3)])
        self.assertEqual(self.order_1.order_line.qty_to_invoice, 3)
        invoice = self.order_1._create_invoices()
        self.assertRecordValues(invoice.invoice_line_ids, [{"quantity": 3}])
        self.assertEqual(
            invoice.invoice_line_ids.consignment_consumption_ids, self.agreement.consumption_ids
        )
        self.assertEqual(self.order_1.order_line.qty_invoiced, 3)
        # Never charged twice: the periodic invoice finds nothing.
        self.assertEqual(self.agreement.action_create_invoices(period_end=self.today), [])
        invoice.action_post()
        self.assertEqual(invoice.state, "posted")

    def test_scheduled_invoice_on_billing_date(self):
        self._report([(self.product, None, 2)])
        billing_date = self.agreement.next_billing_date
        with freeze_time(billing_date + timedelta(hours=12)):
            self.env["consignment.agreement"]._cron_create_invoices()
        invoice = self.agreement.invoice_ids
        self.assertEqual(len(invoice), 1)
        self.assertEqual(invoice.consignment_period_end, billing_date - timedelta(days=1))
        self.assertEqual(self.order_1.order_line.qty_invoiced, 2)
        self.assertEqual(
            self.agreement.next_billing_date, self.agreement._next_period_start(billing_date)
        )
