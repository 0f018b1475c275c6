from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import ConsignmentCase


@tagged("post_install", "-at_install")
class TestConsignmentSecurity(ConsignmentCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agreement = cls._create_agreement()
        cls._receive_consignment(cls.agreement, cls.product, 10)
        cls._move(
            cls.product, 3, cls.agreement.location_id, cls.customer_location, owner=cls.vendor
        )
        cls.other_company = cls.env["res.company"].create({"name": "Other Consignment Co"})
        cls.other_user = new_test_user(
            cls.env,
            login="consign_other_company",
            groups="stock.group_stock_manager",
            company_id=cls.other_company.id,
            company_ids=[(6, 0, cls.other_company.ids)],
        )

    def test_other_company_sees_nothing(self):
        env = self.env(user=self.other_user)
        self.assertFalse(env["consignment.agreement"].search([]))
        self.assertFalse(env["consignment.consumption"].search([]))
        self.assertFalse(env["consignment.stock.report"].search([]))
        self.assertFalse(
            env["stock.location"].search([("consignment_type", "!=", False)]),
            "Consignment locations belong to their company",
        )
        with self.assertRaises(AccessError):
            env["consignment.agreement"].browse(self.agreement.id).read(["name"])
        with self.assertRaises(AccessError):
            env["consignment.consumption"].browse(self.agreement.consumption_ids.ids).read(
                ["amount"]
            )

    def test_dashboard_refuses_another_companys_agreements(self):
        """The dashboard reads the figures as superuser: naming another company's agreement
        (as an RPC call may) is refused, and its figures are neither read nor computed."""
        Dashboard = self.env(user=self.other_user)["consignment.dashboard"]
        with self.assertRaises(AccessError):
            Dashboard.create({"agreement_ids": [(6, 0, self.agreement.ids)]})
        # Linked by someone who may read it, the agreement stays out of the user's figures.
        dashboard = Dashboard.create({})
        dashboard.sudo().agreement_ids = self.agreement
        self.env.invalidate_all()
        dashboard.action_refresh()
        self.assertFalse(dashboard.sudo().line_ids)
        self.assertFalse(
            self.env["consignment.kpi.month"].search([("agreement_id", "=", self.agreement.id)])
        )

    def test_other_company_keeps_its_own_agreements(self):
        env = self.env(user=self.other_user)
        partner = env["res.partner"].create({"name": "Other Vendor", "is_company": True})
        agreement = env["consignment.agreement"].create(
            {
                "partner_id": partner.id,
                "line_ids": [(0, 0, {"product_id": self.product.id, "price_unit": 5.0})],
            }
        )
        agreement.action_activate()
        self.assertEqual(agreement.company_id, self.other_company)
        self.assertEqual(agreement.location_id.company_id, self.other_company)
        self.assertEqual(env["consignment.agreement"].search([]), agreement)
        self.assertNotIn(
            agreement, self.env(user=self.stock_user)["consignment.agreement"].search([])
        )

    def test_stock_user_reads_but_cannot_configure(self):
        env = self.env(user=self.stock_user)
        agreement = env["consignment.agreement"].browse(self.agreement.id)
        self.assertEqual(agreement.read(["state"])[0]["state"], "active")
        ledger = env["consignment.consumption"].search([("agreement_id", "=", agreement.id)])
        self.assertRecordValues(ledger, [{"quantity": 3.0, "amount": 30.0}])
        self.assertTrue(env["consignment.stock.report"].search([]))
        with self.assertRaises(AccessError):
            agreement.write({"note": "Changed"})
        with self.assertRaises(AccessError):
            env["consignment.agreement"].create(
                {
                    "partner_id": self.vendor.id,
                    "line_ids": [(0, 0, {"product_id": self.product.id, "price_unit": 1.0})],
                }
            )
        with self.assertRaises(AccessError):
            env["consignment.agreement.line"].browse(self.agreement.line_ids[:1].ids).write(
                {"price_unit": 1.0}
            )
        with self.assertRaises(AccessError):
            ledger.write({"state": "cancelled"})
        with self.assertRaises(AccessError):
            env["consignment.take.over"].create({"agreement_id": agreement.id})

    def test_consignment_manager_configures(self):
        env = self.env(user=self.consignment_manager)
        agreement = env["consignment.agreement"].create(
            {
                "partner_id": self.env["res.partner"].create({"name": "Managed Vendor"}).id,
                "line_ids": [(0, 0, {"product_id": self.product.id, "price_unit": 7.0})],
            }
        )
        agreement.write({"note": "Agreed by phone"})
        agreement.line_ids.price_unit = 7.5
        agreement.action_activate()
        self.assertRecordValues(agreement, [{"state": "active"}])
        self.assertEqual(agreement.line_ids.price_unit, 7.5)
