from odoo import fields
from odoo.tests import new_test_user, tagged

from odoo.addons.consignment_stock.tests.user_guide import UserGuideCase

from .common import ConsignmentPurchaseCase


@tagged("post_install", "-at_install")
class TestVendorTour(UserGuideCase, ConsignmentPurchaseCase):
    """A buyer sets up a vendor consignment agreement from the Purchase menu, orders, and
    the goods are received as the vendor's property."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.guide_buyer = new_test_user(
            cls.env,
            login="guide_buyer",
            name="Bob Buyer",
            groups="purchase.group_purchase_user,stock.group_stock_user",
        )
        cls.guide_accountant = new_test_user(
            cls.env,
            login="guide_accountant",
            name="Alex Accountant",
            groups="account.group_account_invoice,purchase.group_purchase_user",
        )
        cls.nordic = cls.env["res.partner"].create(
            {"name": "Nordic Fasteners A/S", "is_company": True}
        )
        cls.bolt = cls._create_product("Stainless Bolt M8", standard_price=0.3)

    def test_vendor_agreement_setup_and_receipt(self):
        self.start_tour("/odoo", "consignment_purchase_vendor_setup", login="guide_buyer")
        agreement = self.env["consignment.agreement"].search([("partner_id", "=", self.nordic.id)])
        self.assertRecordValues(
            agreement,
            [{"consignment_type": "vendor", "state": "active", "user_id": self.guide_buyer.id}],
        )
        self.assertRecordValues(
            agreement.line_ids,
            [{"product_id": self.bolt.id, "price_unit": 0.45, "min_qty": 100, "max_qty": 500}],
        )
        order = self.env["purchase.order"].search([("partner_id", "=", self.nordic.id)])
        self.assertRecordValues(
            order,
            [
                {
                    "state": "purchase",
                    "is_consignment": True,
                    "consignment_agreement_id": agreement.id,
                }
            ],
        )
        receipt = order.picking_ids
        self.assertRecordValues(
            receipt, [{"state": "done", "location_dest_id": agreement.location_id.id}]
        )
        quants = self.env["stock.quant"].search(
            [("product_id", "=", self.bolt.id), ("location_id", "=", agreement.location_id.id)]
        )
        self.assertRecordValues(quants, [{"quantity": 400.0, "owner_id": self.nordic.id}])
        self.assertEqual(quants.value, 0.0, "The vendor's goods are not our stock value")
        self.assertFalse(receipt.move_ids.account_move_id)

        self._move(self.bolt, 150, agreement.location_id, self.customer_location, owner=self.nordic)
        bill = self.env["account.move"].browse(
            agreement.action_create_invoices(period_end=fields.Date.context_today(agreement))
        )
        self.assertRecordValues(
            bill, [{"move_type": "in_invoice", "state": "draft", "amount_untaxed": 67.5}]
        )
        self.assertEqual(bill.activity_ids.user_id, self.guide_buyer)

        form_ready = ".o_form_view .o_statusbar_status .o_arrow_button_current"
        self.capture_screen(
            "consignment_purchase",
            "vendor_agreement",
            f"/odoo/action-consignment_purchase.consignment_agreement_vendor_action/{agreement.id}",
            form_ready,
            "guide_buyer",
        )
        self.capture_screen(
            "consignment_purchase",
            "consignment_purchase_order",
            f"/odoo/action-purchase.purchase_form_action/{order.id}",
            form_ready,
            "guide_buyer",
        )
        self.capture_screen(
            "consignment_purchase",
            "consignment_receipt",
            f"/odoo/action-stock.action_picking_tree_all/{receipt.id}",
            ".o_form_view .alert-info",
            "guide_buyer",
        )
        self.capture_screen(
            "consignment_purchase",
            "consumption_bill",
            f"/odoo/action-account.action_move_in_invoice_type/{bill.id}",
            ".o_form_view .o-mail-Activity",
            "guide_accountant",
        )


@tagged("post_install", "-at_install")
class TestAccountantConsignmentTour(UserGuideCase, ConsignmentPurchaseCase):
    """Accounts payable, with Invoicing rights only, finds vendor consignment in Invoicing:
    the consumption ledger, the agreements, a statement, and bills the consumption; the
    bill's lines show the ledger's figures, its reference takes the vendor's number, and
    posting it closes the check."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.payables = new_test_user(
            cls.env,
            login="tour_payables",
            name="Pat Payables",
            groups="account.group_account_invoice",
        )
        cls.company.consignment_document_checker_id = cls.payables
        cls.agreement = cls._vendor_agreement()
        cls._receive_consignment(cls.agreement, cls.product, 10)
        cls._move(
            cls.product, 4, cls.agreement.location_id, cls.customer_location, owner=cls.vendor
        )

    def test_accountant_bills_vendor_consumption_from_invoicing(self):
        self.start_tour(
            "/odoo", "consignment_purchase_role_accountant_bill", login=self.payables.login
        )
        bill = self.env["account.move"].search(
            [("consignment_agreement_id", "=", self.agreement.id)]
        )
        self.assertRecordValues(
            bill,
            [
                {
                    "move_type": "in_invoice",
                    "state": "posted",
                    "ref": "VEND-2026-118",
                    "partner_id": self.vendor.id,
                    "create_uid": self.payables.id,
                }
            ],
        )
        self.assertRecordValues(
            bill.invoice_line_ids, [{"product_id": self.product.id, "quantity": 4.0}]
        )
        check = self.env.ref("consignment_stock.mail_activity_type_consignment_document_check")
        self.assertFalse(bill.activity_ids.filtered(lambda a: a.activity_type_id == check))
        done = bill.message_ids.filtered(lambda m: m.mail_activity_type_id == check)
        self.assertEqual(done.author_id, self.payables.partner_id, "Marked done by posting")
        ledger = self.env["consignment.consumption"].search(
            [("agreement_id", "=", self.agreement.id)]
        )
        self.assertEqual(set(ledger.mapped("state")), {"invoiced"})
