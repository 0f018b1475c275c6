from unittest.mock import patch

from freezegun import freeze_time

from odoo import fields
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.consignment_stock.models.consignment_billing_engine import (
    ConsignmentBillingEngine,
)

from .common import ConsignmentCase


@tagged("post_install", "-at_install")
class TestBilling(ConsignmentCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agreement = cls._create_agreement(
            lines=[
                {"product_id": cls.product.id, "price_unit": 12.0, "date_from": "2026-01-01"},
                {"product_id": cls.product.id, "price_unit": 13.5, "date_from": "2026-03-15"},
                {"product_id": cls.product_lot.id, "price_unit": 4.0},
            ]
        )
        cls._receive_consignment(cls.agreement, cls.product, 100)

    def _consume(self, quantity, date, agreement=None):
        agreement = agreement or self.agreement
        with self.freeze(date):
            return self._move(
                self.product,
                quantity,
                agreement.location_id,
                self.customer_location,
                owner=agreement.partner_id,
            )

    def freeze(self, date):
        return freeze_time(date)

    def test_periods_follow_the_company_time_zone(self):
        """In Copenhagen (UTC+2 in summer) 23:30 UTC on 30 April is already 1 May: that
        consumption belongs to May's bill, 21:30 UTC (23:30 local) still to April's."""
        self.company.partner_id.tz = "Europe/Copenhagen"
        self._consume(2, "2026-04-30 21:30:00")
        self._consume(3, "2026-04-30 23:30:00")
        april = self.env["account.move"].browse(
            self.agreement.action_create_invoices(period_end="2026-04-30")
        )
        self.assertEqual(april.invoice_line_ids.quantity, 2.0)
        statement = self.agreement.get_statement("2026-05-01", "2026-05-31")
        consumed = sum(row["consumed_qty"] for row in statement)
        self.assertEqual(consumed, 3.0)

    def test_bill_groups_by_product_and_price(self):
        self._consume(5, "2026-03-10")
        self._consume(3, "2026-03-12")
        self._consume(4, "2026-03-20")
        self._consume(1, "2026-04-02")  # after the period: stays to invoice
        move_ids = self.agreement.action_create_invoices(
            period_end=fields.Date.to_date("2026-03-31")
        )
        bill = self.env["account.move"].browse(move_ids)
        self.assertRecordValues(
            bill,
            [
                {
                    "move_type": "in_invoice",
                    "partner_id": self.vendor.id,
                    "state": "draft",
                    "consignment_agreement_id": self.agreement.id,
                    "consignment_period_end": fields.Date.to_date("2026-03-31"),
                    "invoice_origin": f"{self.agreement.name}, 1 Mar 2026 - 31 Mar 2026",
                    "ref": False,
                }
            ],
        )
        self.assertRecordValues(
            bill.invoice_line_ids.sorted("price_unit"),
            [
                {"product_id": self.product.id, "quantity": 8.0, "price_unit": 12.0},
                {"product_id": self.product.id, "quantity": 4.0, "price_unit": 13.5},
            ],
        )
        ledger = self.agreement.consumption_ids
        self.assertEqual(
            set(ledger.filtered(lambda c: c.date.month == 3).mapped("state")), {"invoiced"}
        )
        self.assertEqual(ledger.filtered(lambda c: c.date.month == 4).state, "to_invoice")
        self.assertEqual(len(bill.invoice_line_ids.consignment_consumption_ids), 3)

    def test_billing_twice_never_bills_twice(self):
        self._consume(5, "2026-03-10")
        first = self.agreement.action_create_invoices(period_end=fields.Date.to_date("2026-03-31"))
        second = self.agreement.action_create_invoices(period_end=fields.Date.to_date("2026-03-31"))
        self.assertEqual(len(first), 1)
        self.assertEqual(second, [])

    def test_deleting_draft_bill_releases_ledger(self):
        self._consume(5, "2026-03-10")
        bill = self.env["account.move"].browse(
            self.agreement.action_create_invoices(period_end=fields.Date.to_date("2026-03-31"))
        )
        bill.unlink()
        self.assertEqual(self.agreement.consumption_ids.state, "to_invoice")
        self.assertFalse(self.agreement.consumption_ids.invoice_line_id)

    @mute_logger("odoo.addons.consignment_stock.models.consignment_billing_engine")
    def test_failing_agreement_does_not_stop_others(self):
        other_vendor = self.env["res.partner"].create({"name": "Other Vendor"})
        other = self._create_agreement(partner=other_vendor)
        self._receive_consignment(other, self.product, 10)
        self._consume(5, "2026-03-10")
        self._consume(2, "2026-03-10", agreement=other)
        original = ConsignmentBillingEngine._prepare_consignment_invoice_values

        def failing(engine, agreement, *args, **kwargs):
            if agreement == other:
                raise ValueError("payable account missing")
            return original(engine, agreement, *args, **kwargs)

        with patch.object(ConsignmentBillingEngine, "_prepare_consignment_invoice_values", failing):
            move_ids = (self.agreement | other).action_create_invoices(
                period_end=fields.Date.to_date("2026-03-31")
            )
        self.assertEqual(
            self.env["account.move"].browse(move_ids).consignment_agreement_id, self.agreement
        )
        self.assertEqual(other.consumption_ids.state, "to_invoice")
        self.assertFalse(other.invoice_ids)
        self.assertIn("payable account missing", other.message_ids[0].body)

    def test_cron_bills_on_billing_date(self):
        self.agreement.next_billing_date = fields.Date.to_date("2026-04-01")
        self._consume(5, "2026-03-10")
        with self.freeze("2026-04-01 08:00:00"):
            self.env["consignment.agreement"]._cron_create_invoices()
        self.assertEqual(len(self.agreement.invoice_ids), 1)
        self.assertEqual(
            self.agreement.invoice_ids.consignment_period_start, fields.Date.to_date("2026-03-01")
        )
        self.assertEqual(self.agreement.next_billing_date, fields.Date.to_date("2026-05-01"))

    def test_customer_agreement_creates_customer_invoice(self):
        agreement = self._create_agreement(consignment_type="customer")
        self._move(self.product, 10, self.supplier_location, self.stock_location)
        self._move(self.product, 10, self.stock_location, agreement.location_id)
        with self.freeze("2026-03-05"):
            self._move(self.product, 3, agreement.location_id, self.customer_location)
        invoice = self.env["account.move"].browse(
            agreement.action_create_invoices(period_end=fields.Date.to_date("2026-03-31"))
        )
        self.assertEqual(invoice.move_type, "out_invoice")
        self.assertEqual(invoice.partner_id, self.customer)
        self.assertRecordValues(invoice.invoice_line_ids, [{"quantity": 3.0, "price_unit": 10.0}])
