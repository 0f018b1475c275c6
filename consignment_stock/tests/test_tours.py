from odoo import Command, fields
from odoo.tests import new_test_user, tagged

from .common import ConsignmentCase
from .user_guide import UserGuideCase


@tagged("post_install", "-at_install")
class TestCountTour(UserGuideCase, ConsignmentCase):
    """A warehouse manager counts a vendor's consignment stock and finds two missing."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.warehouse_manager = new_test_user(
            cls.env,
            login="guide_warehouse",
            name="Wendy Warehouse",
            groups="stock.group_stock_user,consignment_stock.group_consignment_manager",
        )
        cls.nordic = cls.env["res.partner"].create(
            {"name": "Nordic Fasteners A/S", "is_company": True}
        )
        cls.bolt = cls._create_product("Stainless Bolt M8", standard_price=0.3)
        cls.agreement = cls._create_agreement(
            partner=cls.nordic,
            lines=[(cls.bolt, 0.45)],
            user_id=cls.warehouse_manager.id,
            damage_bearer="holder",
        )
        cls._receive_consignment(cls.agreement, cls.bolt, 10)

    def test_count_with_a_variance(self):
        self.start_tour("/odoo", "consignment_stock_count_variance", login="guide_warehouse")
        count = self.agreement.count_ids
        self.assertRecordValues(
            count, [{"state": "validated", "user_id": self.warehouse_manager.id}]
        )
        self.assertRecordValues(
            count.line_ids,
            [{"expected_qty": 10.0, "counted_qty": 8.0, "variance_qty": -2.0, "reason": "damage"}],
        )
        self.assertEqual(self._quant_qty(self.bolt, self.agreement.location_id), 8.0)
        # The holder bears damage: the two bolts are consumption, billed to us.
        ledger = self.env["consignment.consumption"].search(
            [("agreement_id", "=", self.agreement.id)]
        )
        self.assertRecordValues(ledger, [{"quantity": 2.0, "amount": 0.9}])
        self.capture_screen(
            "consignment_stock",
            "count_variance",
            f"/odoo/action-consignment_stock.consignment_count_action/{count.id}",
            ".o_form_view .o_statusbar_status .o_arrow_button_current",
            "guide_warehouse",
        )

    def test_manager_screens(self):
        self._move(
            self.bolt, 3, self.agreement.location_id, self.customer_location, owner=self.nordic
        )
        self.assertEqual(self.agreement.consumption_count, 1)
        self.capture_screen(
            "consignment_stock",
            "dashboard",
            "/odoo/action-consignment_stock.consignment_dashboard_action",
            ".o_form_view .o_field_widget[name=line_ids] .o_data_row",
            "guide_warehouse",
        )
        self.capture_screen(
            "consignment_stock",
            "stock_analysis",
            "/odoo/action-consignment_stock.consignment_stock_report_action",
            ".o_pivot .o_pivot_cell_value",
            "guide_warehouse",
        )
        self.capture_screen(
            "consignment_stock",
            "consumption_ledger",
            "/odoo/action-consignment_stock.consignment_consumption_action",
            ".o_list_renderer .o_data_row",
            "guide_warehouse",
        )
        self.capture_screen(
            "consignment_stock",
            "settings",
            "/odoo/action-stock.action_stock_config_settings",
            "#consignment_enabled",
            "admin",
            scroll=True,
        )


@tagged("post_install", "-at_install")
class TestAccountantTour(UserGuideCase, ConsignmentCase):
    """An accountant with invoicing rights only (no stock, consignment or purchase group)
    invoices and bills ordinary services while consignment is in use: exactly as without
    the consignment add-ons."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.accountant = new_test_user(
            cls.env,
            login="tour_accountant",
            name="Ada Accountant",
            groups="account.group_account_invoice",
        )
        # Consignment is in use: a running vendor agreement with goods consumed.
        cls.agreement = cls._create_agreement()
        cls._receive_consignment(cls.agreement, cls.product, 5)
        cls._move(
            cls.product, 2, cls.agreement.location_id, cls.customer_location, owner=cls.vendor
        )
        cls.ordinary_customer = cls.env["res.partner"].create(
            {"name": "Ordinary Customer ApS", "is_company": True}
        )
        cls.supplier = cls.env["res.partner"].create(
            {"name": "Ordinary Supplier A/S", "is_company": True}
        )
        cls.service = cls.env["product.product"].create(
            {
                "name": "Consulting Hour",
                "type": "service",
                "list_price": 120.0,
                "standard_price": 40.0,
                "sale_ok": True,
                "purchase_ok": True,
            }
        )

    def test_accountant_posts_a_customer_invoice(self):
        self.start_tour(
            "/odoo", "consignment_stock_role_accountant_invoice", login=self.accountant.login
        )
        invoice = self.env["account.move"].search([("partner_id", "=", self.ordinary_customer.id)])
        self.assertRecordValues(
            invoice,
            [
                {
                    "move_type": "out_invoice",
                    "state": "posted",
                    "amount_untaxed": 120.0,
                    "consignment_agreement_id": False,
                    "create_uid": self.accountant.id,
                }
            ],
        )
        self.assertRecordValues(
            invoice.invoice_line_ids,
            [{"product_id": self.service.id, "quantity": 1.0, "price_unit": 120.0}],
        )
        self.assertNotEqual(invoice.name, "/")

    def test_accountant_posts_a_vendor_bill(self):
        bill = self.env["account.move"].create(
            {
                "move_type": "in_invoice",
                "partner_id": self.supplier.id,
                "invoice_date": fields.Date.context_today(self.env.user),
                "ref": "SUP-1001",
                "invoice_line_ids": [
                    Command.create(
                        {"product_id": self.service.id, "quantity": 3.0, "price_unit": 40.0}
                    )
                ],
            }
        )
        self.start_tour(
            "/odoo", "consignment_stock_role_accountant_bill", login=self.accountant.login
        )
        self.assertRecordValues(
            bill,
            [
                {
                    "state": "posted",
                    "amount_untaxed": 120.0,
                    "consignment_agreement_id": False,
                }
            ],
        )
        self.assertNotEqual(bill.name, "/")
