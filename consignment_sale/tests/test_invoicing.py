from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import Form, new_test_user, tagged

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

    def _order_invoice_wizard(self, orders, user=None, **values):
        env = self.env(user=user) if user else self.env
        return (
            env["sale.advance.payment.inv"]
            .with_context(active_model="sale.order", active_ids=orders.ids)
            .create({"advance_payment_method": "delivered", **values})
        )

    def test_order_invoice_offers_no_consumption(self):
        """Consumption is invoiced by the agreement at the agreed price (10.00), never by the
        order's own Create Invoice at the order's price (15.00)."""
        self._report([(self.product, None, 3)])
        line = self.order_1.order_line
        self.assertRecordValues(line, [{"qty_delivered": 3, "qty_to_invoice": 0}])
        self.assertNotEqual(self.order_1.invoice_status, "to invoice")
        all_orders_salesman = new_test_user(
            self.env,
            login="consign_salesman_all",
            groups="sales_team.group_sale_salesman_all_leads",
        )
        with self.assertRaisesRegex(UserError, self.agreement.name):
            self._order_invoice_wizard(self.order_1, user=all_orders_salesman).create_invoices()
        with self.assertRaises(UserError):
            self.order_1._create_invoices()
        self.assertFalse(self.order_1.invoice_ids)
        self.assertEqual(set(self.agreement.consumption_ids.mapped("state")), {"to_invoice"})
        invoice = self.env["account.move"].browse(
            self.agreement.action_create_invoices(period_end=self.today)
        )
        self.assertRecordValues(invoice.invoice_line_ids, [{"quantity": 3, "price_unit": 10.0}])
        self.assertEqual(
            invoice.invoice_line_ids.consignment_consumption_ids, self.agreement.consumption_ids
        )
        self.assertEqual(line.qty_invoiced, 3)

    def test_order_invoice_of_other_lines_links_no_ledger(self):
        """The services of a consignment order are invoiced by the order as usual; the
        consumed goods stay to invoice by the agreement."""
        service = self.env["product.product"].create(
            {"name": "Shelf Set-up", "type": "service", "invoice_policy": "order"}
        )
        order = self._create_order([(self.product, 4, 15.0), (service, 1, 50.0)])
        self._validate_picking(order.picking_ids)
        self._report([(self.product, None, 14)])  # everything at the site, this order's 4 too
        self.assertEqual(order.order_line.filtered("is_consignment").qty_delivered, 4)
        invoice = order._create_invoices()
        self.assertRecordValues(
            invoice.invoice_line_ids, [{"product_id": service.id, "quantity": 1}]
        )
        self.assertFalse(invoice.invoice_line_ids.consignment_consumption_ids)
        invoice.action_post()
        self.assertEqual(set(self.agreement.consumption_ids.mapped("state")), {"to_invoice"})
        invoice.button_draft()
        invoice.button_cancel()
        self.assertEqual(set(self.agreement.consumption_ids.mapped("state")), {"to_invoice"})

    def test_no_down_payment_on_consignment_orders(self):
        wizard = self._order_invoice_wizard(
            self.order_1, advance_payment_method="percentage", amount=20
        )
        with self.assertRaisesRegex(UserError, "down payment"):
            wizard.create_invoices()
        self.assertFalse(self.order_1.invoice_ids)

    def test_ordinary_order_invoiced_as_in_odoo(self):
        """A salesperson without any consignment right invoices an ordinary order at its own
        prices; an accountant without consignment rights posts the invoice."""
        shop = self.env["res.partner"].create({"name": "Walk-in Shop", "is_company": True})
        goods = self._create_product("Ordinary Widget", list_price=20.0, invoice_policy="order")
        accountant = new_test_user(
            self.env, login="consign_accountant", groups="account.group_account_invoice"
        )
        form = Form(self.env["sale.order"].with_user(self.salesman))
        form.partner_id = shop
        self.assertFalse(form.consignment_agreement_id)
        with form.order_line.new() as line:
            line.product_id = goods
            line.product_uom_qty = 2
        order = form.save()
        self.assertEqual(order.order_line.price_unit, 20.0)
        order.action_confirm()
        self.assertEqual(order.order_line.qty_to_invoice, 2)
        self._order_invoice_wizard(order, user=self.salesman).create_invoices()
        invoice = order.invoice_ids
        self.assertRecordValues(
            invoice.invoice_line_ids, [{"product_id": goods.id, "quantity": 2, "price_unit": 20.0}]
        )
        self.env.invalidate_all()
        invoice.with_user(accountant).action_post()
        self.assertEqual(invoice.state, "posted")
        self.assertRecordValues(
            order.order_line,
            [{"qty_invoiced": 2, "qty_to_invoice": 0, "invoice_status": "invoiced"}],
        )

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
