from lxml import etree

from odoo.exceptions import AccessError
from odoo.tests import Form, new_test_user, tagged
from odoo.tools.safe_eval import safe_eval

from .common import ConsignmentSaleCase


@tagged("post_install", "-at_install")
class TestAgreementSale(ConsignmentSaleCase):
    def test_salesman_creates_customer_agreement_from_partner(self):
        customer = self.env["res.partner"].create({"name": "Hospital Store", "is_company": True})
        partner = customer.with_user(self.salesman)
        action = partner.action_view_customer_consignment()
        self.assertEqual(partner.customer_consignment_count, 0)
        Agreement = self.env["consignment.agreement"].with_user(self.salesman)
        form = Form(Agreement.with_context(**action["context"]))
        with form.line_ids.new() as line:
            line.product_id = self.product
            line.price_unit = 12.0
        agreement = form.save()
        self.assertEqual(agreement.partner_id, customer)
        self.assertEqual(agreement.consignment_type, "customer")
        agreement.action_activate()
        self.assertEqual(agreement.state, "active")
        self.assertEqual(agreement.location_id.name, "Consignment at Hospital Store")
        self.assertEqual(agreement.location_id.usage, "internal")
        self.assertFalse(
            agreement.location_id._child_of(self.warehouse.lot_stock_id),
            "Goods at the customer's site are never reserved by ordinary deliveries",
        )
        self.assertEqual(partner.customer_consignment_count, 1)

    def test_salesman_cannot_run_vendor_agreements(self):
        vendor_agreement = self._create_agreement(consignment_type="vendor")
        vendor_agreement.with_user(self.salesman).read(["name"])
        with self.assertRaises(AccessError):
            vendor_agreement.with_user(self.salesman).write({"note": "changed"})
        with self.assertRaises(AccessError):
            self.env["consignment.agreement"].with_user(self.salesman).create(
                {"partner_id": self.vendor.id, "consignment_type": "vendor"}
            )

    def test_one_activate_button_per_agreement_type(self):
        """A salesperson who is also a consignment manager sees one Activate button, whatever
        the agreement type; a salesperson alone sees it on customer agreements only."""
        both = new_test_user(
            self.env,
            login="consign_sales_manager",
            groups="sales_team.group_sale_salesman,consignment_stock.group_consignment_manager",
        )

        def visible_activate_buttons(user, consignment_type):
            views = (
                self.env["consignment.agreement"]
                .with_user(user)
                .get_views([(False, "form")])["views"]
            )
            arch = etree.fromstring(views["form"]["arch"])
            values = {"state": "draft", "consignment_type": consignment_type}
            return [
                button
                for button in arch.xpath("//header/button[@name='action_activate']")
                if not safe_eval(button.get("invisible", "False"), values)
            ]

        self.assertEqual(len(visible_activate_buttons(both, "customer")), 1)
        self.assertEqual(len(visible_activate_buttons(both, "vendor")), 1)
        self.assertEqual(len(visible_activate_buttons(self.salesman, "customer")), 1)
        self.assertEqual(len(visible_activate_buttons(self.salesman, "vendor")), 0)
