from odoo import Command, fields
from odoo.tests import tagged

from .common import ConsignmentPurchaseCase


@tagged("post_install", "-at_install")
class TestConsumptionBill(ConsignmentPurchaseCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.payment_term = cls.env.ref("account.account_payment_term_30days")
        cls.price_lines = [
            {"product_id": cls.product.id, "price_unit": 12.0, "date_from": "2026-01-01"},
            {"product_id": cls.product.id, "price_unit": 13.5, "date_from": "2026-03-15"},
        ]

    def _mid_period_price_change(self, pricing_mode):
        """40 received at 12.00, the price becomes 13.50 on the 15th, 30 more received, 55
        consumed after the 15th: both orders and the bill."""
        agreement = self._vendor_agreement(
            lines=self.price_lines, pricing_mode=pricing_mode, payment_term_id=self.payment_term.id
        )
        first = self._create_po([(self.product, 40)], date="2026-03-02 09:00:00")
        self._receive_po(first, date="2026-03-02 10:00:00")
        second = self._create_po([(self.product, 30)], date="2026-03-16 09:00:00")
        self.assertEqual(second.order_line.price_unit, 13.5)
        self._receive_po(second, date="2026-03-16 10:00:00")
        self._consume(agreement, self.product, 55, date="2026-03-20 10:00:00")
        self.assertRecordValues(
            (first | second).order_line,
            [
                {
                    "qty_received": 40.0,
                    "consignment_qty_consumed": 40.0,
                    "qty_invoiced": 0.0,
                    "qty_to_invoice": 40.0,
                },
                {
                    "qty_received": 30.0,
                    "consignment_qty_consumed": 15.0,
                    "qty_invoiced": 0.0,
                    "qty_to_invoice": 15.0,
                },
            ],
        )
        bill = self._bill(agreement)
        return agreement, first, second, bill

    def test_fifo_bills_each_receipt_at_its_price(self):
        agreement, first, second, bill = self._mid_period_price_change("fifo")
        self.assertRecordValues(
            bill,
            [
                {
                    "move_type": "in_invoice",
                    "partner_id": self.vendor.id,
                    "consignment_agreement_id": agreement.id,
                    "consignment_period_start": fields.Date.to_date("2026-03-01"),
                    "consignment_period_end": fields.Date.to_date("2026-03-31"),
                    "invoice_payment_term_id": self.payment_term.id,
                    "amount_untaxed": 682.5,
                }
            ],
        )
        self.assertRecordValues(
            bill.invoice_line_ids.sorted("price_unit"),
            [
                {
                    "quantity": 40.0,
                    "price_unit": 12.0,
                    "purchase_line_id": first.order_line.id,
                    "account_id": self.liability.id,
                },
                {
                    "quantity": 15.0,
                    "price_unit": 13.5,
                    "purchase_line_id": second.order_line.id,
                    "account_id": self.liability.id,
                },
            ],
        )
        self.assertEqual(
            sum(bill.invoice_line_ids.consignment_consumption_ids.mapped("quantity")), 55.0
        )
        self.assertRecordValues(
            (first | second).order_line,
            [
                {"qty_received": 40.0, "qty_invoiced": 40.0, "qty_to_invoice": 0.0},
                {"qty_received": 30.0, "qty_invoiced": 15.0, "qty_to_invoice": 0.0},
            ],
        )
        self.assertEqual(first.invoice_ids, bill)
        self.assertEqual(second.invoice_ids, bill)

    def test_by_date_bills_everything_at_the_new_price(self):
        _agreement, first, second, bill = self._mid_period_price_change("date")
        self.assertEqual(set(bill.invoice_line_ids.mapped("price_unit")), {13.5})
        self.assertEqual(sum(bill.invoice_line_ids.mapped("quantity")), 55.0)
        self.assertEqual(bill.amount_untaxed, 742.5)
        # One bill line per order line the goods came from, so both orders show what is billed.
        self.assertRecordValues(
            bill.invoice_line_ids.sorted("quantity"),
            [
                {"quantity": 15.0, "price_unit": 13.5, "purchase_line_id": second.order_line.id},
                {"quantity": 40.0, "price_unit": 13.5, "purchase_line_id": first.order_line.id},
            ],
        )
        self.assertRecordValues(
            (first | second).order_line,
            [
                {"qty_invoiced": 40.0, "qty_to_invoice": 0.0},
                {"qty_invoiced": 15.0, "qty_to_invoice": 0.0},
            ],
        )
        self.assertEqual(len(bill.invoice_line_ids.consignment_consumption_ids), 1)

    def test_billing_twice_bills_once(self):
        agreement = self._vendor_agreement(lines=[(self.product, 10.0)])
        order = self._create_po([(self.product, 20)])
        self._receive_po(order)
        self._consume(agreement, self.product, 8)
        first = self._bill(agreement)
        second = self._bill(agreement)
        self.assertEqual(len(first), 1)
        self.assertFalse(second)
        self.assertEqual(order.order_line.qty_invoiced, 8.0)
        self.assertEqual(order.order_line.qty_to_invoice, 0.0)
        self.assertEqual(set(agreement.consumption_ids.mapped("state")), {"invoiced"})
        # New consumption after the bill goes on the next one only.
        self._consume(agreement, self.product, 2, date="2026-04-03 10:00:00")
        self.assertEqual(order.order_line.qty_to_invoice, 2.0)
        self.assertFalse(self._bill(agreement), "April consumption waits for the April period")
        april = self._bill(agreement, period_end="2026-04-30")
        self.assertRecordValues(
            april.invoice_line_ids, [{"quantity": 2.0, "purchase_line_id": order.order_line.id}]
        )
        self.assertEqual(order.order_line.qty_invoiced, 10.0)

    def test_billing_action_for_a_chosen_period(self):
        agreement = self._vendor_agreement(lines=[(self.product, 10.0)])
        order = self._create_po([(self.product, 20)])
        self._receive_po(order)
        self._consume(agreement, self.product, 4, date="2026-03-10 10:00:00")
        self._consume(agreement, self.product, 3, date="2026-04-10 10:00:00")
        wizard = self.env["consignment.billing.wizard"].create(
            {"agreement_ids": [Command.set(agreement.ids)], "period_end": "2026-03-31"}
        )
        action = wizard.action_create_invoices()
        bill = self.env["account.move"].browse(action["res_id"])
        self.assertEqual(bill.invoice_line_ids.quantity, 4.0)
        self.assertEqual(agreement.consumption_to_invoice_count, 1)

    def test_multi_currency_vendor(self):
        eur = self.env.ref("base.EUR")
        eur.active = True
        self.env["res.currency.rate"].search([("currency_id", "=", eur.id)]).unlink()
        self.env["res.currency.rate"].create(
            {
                "currency_id": eur.id,
                "name": "2026-01-01",
                "rate": 0.5,
                "company_id": self.company.id,
            }
        )  # 1 EUR = 2 USD
        self.assertEqual(self.company.currency_id, self.env.ref("base.USD"))
        agreement = self._vendor_agreement(lines=[(self.product, 10.0)], currency_id=eur.id)
        order = self._create_po([(self.product, 20)])
        self.assertEqual(order.currency_id, self.company.currency_id)
        self.assertEqual(order.order_line.price_unit, 20.0, "10 EUR in USD")
        self._receive_po(order)
        self._consume(agreement, self.product, 5)
        entry = agreement.consumption_ids.account_move_id
        self.assertEqual(
            self._entry_lines(entry),
            self._expected(
                (self.expense, 100.0, 0.0, self.product), (self.liability, 0.0, 100.0, self.product)
            ),
        )
        self.assertEqual(
            sorted(entry.line_ids.mapped("amount_currency")), [-50.0, 50.0], "50 EUR at 2 USD"
        )
        self.assertEqual(entry.line_ids.currency_id, eur)
        bill = self._bill(agreement)
        self.assertRecordValues(bill, [{"currency_id": eur.id, "amount_untaxed": 50.0}])
        self.assertRecordValues(
            bill.invoice_line_ids,
            [{"quantity": 5.0, "price_unit": 10.0, "purchase_line_id": order.order_line.id}],
        )
        bill.action_post()
        liability_line = bill.line_ids.filtered(lambda line: line.account_id == self.liability)
        self.assertRecordValues(
            liability_line, [{"debit": 100.0, "credit": 0.0, "amount_currency": 50.0}]
        )
        self.assertEqual(self._account_balance(self.liability, self.vendor), 0.0)
        self.assertEqual(order.order_line.qty_invoiced, 5.0)

    def test_bought_per_box_consumed_per_unit(self):
        box = self.env["uom.uom"].create(
            {"name": "Box of 6", "relative_factor": 6.0, "relative_uom_id": self.uom_unit.id}
        )
        agreement = self._vendor_agreement(
            lines=[{"product_id": self.product.id, "price_unit": 60.0, "product_uom_id": box.id}]
        )
        order = self._create_po([(self.product, 3, box)])
        self.assertTrue(order.is_consignment)
        self.assertEqual(order.order_line.price_unit, 60.0, "60 a box")
        self._receive_po(order)
        self.assertEqual(self._quant_qty(self.product, agreement.location_id, self.vendor), 18)
        self.assertEqual(order.order_line.qty_received, 3.0)
        self._consume(agreement, self.product, 9)
        self.assertRecordValues(
            agreement.consumption_ids, [{"quantity": 9.0, "price_unit": 10.0, "amount": 90.0}]
        )
        self.assertRecordValues(
            order.order_line,
            [{"consignment_qty_consumed": 1.5, "qty_to_invoice": 1.5, "qty_invoiced": 0.0}],
        )
        bill = self._bill(agreement)
        self.assertRecordValues(
            bill.invoice_line_ids,
            [
                {
                    "quantity": 9.0,
                    "product_uom_id": self.uom_unit.id,
                    "price_unit": 10.0,
                    "purchase_line_id": order.order_line.id,
                    "price_subtotal": 90.0,
                }
            ],
        )
        self.assertRecordValues(order.order_line, [{"qty_invoiced": 1.5, "qty_to_invoice": 0.0}])
