from odoo.exceptions import AccessError
from odoo.tests import Form, tagged

from .common import ConsignmentPurchaseCase


@tagged("post_install", "-at_install")
class TestAccess(ConsignmentPurchaseCase):
    def test_buyer_creates_vendor_agreement_from_vendor_form(self):
        vendor = self.vendor.with_user(self.buyer)
        self.assertEqual(vendor.consignment_vendor_agreement_count, 0)
        action = vendor.action_view_consignment_vendor_agreements()
        Agreement = (
            self.env["consignment.agreement"]
            .with_user(self.buyer)
            .with_context(**action["context"])
        )
        with Form(Agreement) as form:
            self.assertEqual(form.partner_id, self.vendor)
            self.assertEqual(form.consignment_type, "vendor")
            with form.line_ids.new() as line:
                line.product_id = self.product
                line.price_unit = 9.0
        agreement = form.record
        agreement.action_activate()
        self.assertEqual(agreement.state, "active")
        self.assertTrue(agreement.location_id)
        self.assertEqual(vendor.consignment_vendor_agreement_count, 1)
        self.assertIn(("consignment_type", "=", "vendor"), action["domain"])
        stock_action = vendor.action_view_consignment_vendor_stock()
        self.assertIn(("owner_id", "child_of", self.vendor.id), stock_action["domain"])

    def test_buyer_cannot_create_customer_agreement(self):
        with self.assertRaises(AccessError):
            self.env["consignment.agreement"].with_user(self.buyer).create(
                {"partner_id": self.customer.id, "consignment_type": "customer"}
            )

    def test_stock_user_cannot_configure(self):
        Agreement = self.env["consignment.agreement"].with_user(self.stock_user)
        with self.assertRaises(AccessError):
            Agreement.create({"partner_id": self.vendor.id, "consignment_type": "vendor"})
        agreement = self._vendor_agreement(lines=[(self.product, 10.0)])
        with self.assertRaises(AccessError):
            agreement.with_user(self.stock_user).write({"qty_tolerance_pct": 5.0})
        self.assertTrue(agreement.with_user(self.stock_user).name, "Warehouse staff can read")
