import re

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import ConsignmentSaleCase


@tagged("post_install", "-at_install")
class TestPortal(ConsignmentSaleCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order = cls._create_order([(cls.product, 10, 15.0)])
        cls._validate_picking(cls.order.picking_ids)
        cls.other_customer = cls.env["res.partner"].create(
            {"name": "Other Shop", "is_company": True}
        )
        cls.other_agreement = cls._create_agreement(
            partner=cls.other_customer,
            consignment_type="customer",
            lines=[(cls.product, 11.0)],
        )
        cls._move(cls.product, 5, cls.stock_location, cls.other_agreement.location_id)
        cls.portal_user = cls._portal_user("consign_portal_a", cls.customer)
        cls.other_portal_user = cls._portal_user("consign_portal_b", cls.other_customer)

    @classmethod
    def _portal_user(cls, login, company):
        contact = cls.env["res.partner"].create({"name": login, "parent_id": company.id})
        user = new_test_user(cls.env, login=login, groups="base.group_portal")
        user.partner_id = contact
        return user

    def test_portal_isolation_orm(self):
        Agreement = self.env["consignment.agreement"].with_user(self.portal_user)
        self.assertEqual(Agreement.search([]), self.agreement)
        with self.assertRaises(AccessError):
            self.other_agreement.with_user(self.portal_user).read(["name"])
        with self.assertRaises(AccessError):
            self.env["consignment.report"].with_user(self.portal_user).create(
                {"agreement_id": self.other_agreement.id}
            )
        with self.assertRaises(AccessError):
            self.env["consignment.report"].with_user(self.portal_user).create(
                {"agreement_id": self.agreement.id}
            )
        other_report = self._report(
            [(self.product, None, 1)], agreement=self.other_agreement, validate=False
        )
        with self.assertRaises(AccessError):
            other_report.with_user(self.portal_user).read(["name"])
        with self.assertRaises(AccessError):
            self.env["stock.quant"].with_user(self.portal_user).search([])
        self._report([(self.product, None, 1)], agreement=self.other_agreement)
        self.assertFalse(self.env["consignment.consumption"].with_user(self.portal_user).search([]))

    def test_portal_isolation_pages(self):
        self.authenticate(self.portal_user.login, self.portal_user.login)
        page = self.url_open("/my/consignment")
        self.assertEqual(page.status_code, 200)
        self.assertIn(self.agreement.name, page.text)
        self.assertNotIn(self.other_agreement.name, page.text)
        own = self.url_open(f"/my/consignment/{self.agreement.id}")
        self.assertIn("Consigned Widget", own.text)
        other = self.url_open(f"/my/consignment/{self.other_agreement.id}")
        self.assertTrue(other.url.endswith("/my"), other.url)
        self.assertNotIn(self.other_agreement.name, other.text)
        token = re.search(r'name="csrf_token" value="([^"]+)"', own.text).group(1)
        product_key = f"qty_{self.product.id}_0"
        response = self.url_open(
            f"/my/consignment/{self.other_agreement.id}/report",
            data={"csrf_token": token, "report_type": "sold", product_key: "2"},
        )
        self.assertTrue(response.url.endswith("/my"), response.url)
        self.assertFalse(self.other_agreement.report_ids)
        # More than at the location: refused with the quantities, nothing kept.
        response = self.url_open(
            f"/my/consignment/{self.agreement.id}/report",
            data={"csrf_token": token, "report_type": "sold", product_key: "12"},
        )
        self.assertIn("12.0", response.text)
        self.assertIn("10.0", response.text)
        self.assertFalse(self.agreement.report_ids)

    def test_portal_tour_submits_report(self):
        self.start_tour(
            "/my/consignment", "consignment_sale_portal_report", login=self.portal_user.login
        )
        report = self.agreement.report_ids
        self.assertRecordValues(
            report,
            [
                {
                    "state": "submitted",
                    "submitted_by_partner": True,
                    "report_type": "sold",
                    "submitted_partner_id": self.portal_user.partner_id.id,
                }
            ],
        )
        self.assertRecordValues(report.line_ids, [{"product_id": self.product.id, "quantity": 3}])
        self.assertRecordValues(
            report.activity_ids,
            [
                {
                    "user_id": self.agreement.user_id.id,
                    "summary": "Validate the consumption reported by the customer",
                }
            ],
        )
        report.with_user(self.consignment_manager).action_validate()
        self.assertFalse(report.activity_ids)
        self.assertEqual(self.order.order_line.qty_delivered, 3)
        self.assertEqual(self._quant_qty(self.product, self.agreement.location_id), 7)
