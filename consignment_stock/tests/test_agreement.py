from psycopg2 import IntegrityError

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import ConsignmentCase


@tagged("post_install", "-at_install")
class TestAgreement(ConsignmentCase):
    def test_activate_creates_vendor_location_inside_stock(self):
        agreement = self._create_agreement()
        location = agreement.location_id
        self.assertRecordValues(
            location,
            [
                {
                    "consignment_type": "vendor",
                    "consignment_partner_id": self.vendor.id,
                    "usage": "internal",
                }
            ],
        )
        self.assertIn(self.warehouse.lot_stock_id, location.location_id)
        self.assertIn("Vendor Consign", location.name)
        self.assertEqual(agreement.state, "active")
        self.assertTrue(agreement.name.startswith("CSA/"))

    def test_activate_creates_customer_location_outside_stock(self):
        agreement = self._create_agreement(consignment_type="customer")
        location = agreement.location_id
        self.assertEqual(location.consignment_type, "customer")
        self.assertEqual(location.name, "Consignment at Customer Consign")
        self.assertFalse(
            self.env["stock.location"].search_count(
                [("id", "=", location.id), ("id", "child_of", self.warehouse.lot_stock_id.id)]
            )
        )
        self.assertEqual(location.location_id.name, "Consignment")

    def test_activate_without_lines_refused(self):
        agreement = self._create_agreement(lines=[], activate=False)
        with self.assertRaisesRegex(UserError, "no products"):
            agreement.action_activate()
        self.assertEqual(agreement.state, "draft")
        self.assertFalse(agreement.location_id)

    def test_two_active_agreements_same_partner_location_refused(self):
        first = self._create_agreement()
        second = self._create_agreement(activate=False, location_id=first.location_id.id)
        with self.assertRaisesRegex(UserError, "already has an active agreement"):
            second.action_activate()
        self.assertEqual(second.state, "draft")

    @mute_logger("odoo.sql_db")
    def test_two_active_agreements_refused_by_database(self):
        first = self._create_agreement()
        second = self._create_agreement(activate=False, location_id=first.location_id.id)
        with self.assertRaises(IntegrityError), self.env.cr.savepoint():
            second.write({"state": "active"})
            second.flush_recordset()

    @mute_logger("odoo.sql_db")
    def test_price_zero_or_less_refused(self):
        agreement = self._create_agreement(lines=[(self.product, 3.0)], activate=False)
        for price in (0.0, -1.0):
            # The database refuses it whatever writes it...
            with self.assertRaisesRegex(IntegrityError, "price_positive"), self.env.cr.savepoint():
                self.env.cr.execute(
                    "UPDATE consignment_agreement_line SET price_unit = %s WHERE id = %s",
                    [price, agreement.line_ids.id],
                )
            # ... and the ORM refuses it first, worded for the user.
            with (
                self.assertRaisesRegex(ValidationError, "must be greater than 0"),
                self.env.cr.savepoint(),
            ):
                self._create_agreement(lines=[(self.product, price)], activate=False)
        # The same refusal, worded for the user, before anything reaches the database.
        line = self.env["consignment.agreement.line"].new(
            {"price_unit": -2, "product_id": self.product.id}
        )
        with self.assertRaisesRegex(ValidationError, "must be greater than zero"):
            line._check_price_unit()

    def test_overlapping_prices_refused(self):
        with self.assertRaisesRegex(ValidationError, "two prices for the same days"):
            self._create_agreement(
                lines=[
                    {"product_id": self.product.id, "price_unit": 10, "date_from": "2026-01-01"},
                    {"product_id": self.product.id, "price_unit": 11, "date_from": "2026-01-01"},
                ],
                activate=False,
            )
        with self.assertRaisesRegex(ValidationError, "two prices for the same days"):
            self._create_agreement(
                lines=[
                    {
                        "product_id": self.product.id,
                        "price_unit": 10,
                        "date_from": "2026-01-01",
                        "date_to": "2026-03-31",
                    },
                    {"product_id": self.product.id, "price_unit": 11, "date_from": "2026-03-01"},
                ],
                activate=False,
            )

    def test_price_history_resolves_by_date(self):
        agreement = self._create_agreement(
            lines=[
                {"product_id": self.product.id, "price_unit": 12.0, "date_from": "2026-01-01"},
                {"product_id": self.product.id, "price_unit": 13.5, "date_from": "2026-03-15"},
            ]
        )
        self.assertEqual(agreement._get_price(self.product, self._date("2026-03-14")), 12.0)
        self.assertEqual(agreement._get_price(self.product, self._date("2026-03-15")), 13.5)

    @mute_logger("odoo.sql_db")
    def test_max_below_min_refused(self):
        with self.assertRaisesRegex(IntegrityError, "min_max"), self.env.cr.savepoint():
            self._create_agreement(
                lines=[
                    {"product_id": self.product.id, "price_unit": 10, "min_qty": 10, "max_qty": 5}
                ],
                activate=False,
            )

    def test_price_per_dozen(self):
        agreement = self._create_agreement(
            lines=[
                {
                    "product_id": self.product.id,
                    "price_unit": 120.0,
                    "product_uom_id": self.uom_dozen.id,
                }
            ]
        )
        self.assertAlmostEqual(agreement._get_price(self.product, self._date("2026-05-01")), 10.0)

    @staticmethod
    def _date(value):
        return fields.Date.to_date(value)
