from odoo.tests import new_test_user, tagged

from odoo.addons.consignment_stock.tests.common import ConsignmentCase
from odoo.addons.consignment_stock.tests.user_guide import UserGuideCase


@tagged("post_install", "-at_install")
class TestCustomerTours(UserGuideCase, ConsignmentCase):
    """A salesperson fills up a customer's consignment stock and prints the pro-forma
    delivery note; the sold goods are reported and invoiced; the customer sees its stock
    in the portal."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesperson = new_test_user(
            cls.env,
            login="guide_sales",
            name="Sara Sales",
            groups="sales_team.group_sale_salesman,stock.group_stock_user",
        )
        cls.sales_admin = new_test_user(
            cls.env,
            login="guide_sales_admin",
            name="Anna Accounts",
            groups="sales_team.group_sale_salesman,account.group_account_invoice,"
            "consignment_stock.group_consignment_manager",
        )
        cls.hansen = cls.env["res.partner"].create(
            {"name": "Hansen Retail ApS", "is_company": True, "lang": "en_US"}
        )
        cls.cup = cls._create_product("Espresso Cup", standard_price=2.1, list_price=7.5)
        cls.agreement = cls._create_agreement(
            partner=cls.hansen,
            consignment_type="customer",
            lines=[(cls.cup, 6.9)],
            user_id=cls.sales_admin.id,
            date_start=cls.env.cr.now().date().replace(day=1),
        )
        cls._move(cls.cup, 200, cls.supplier_location, cls.stock_location)

    def test_fillup_to_printed_proforma(self):
        self.start_tour("/odoo", "consignment_sale_fillup_proforma", login="guide_sales")
        order = self.env["sale.order"].search([("partner_id", "=", self.hansen.id)])
        self.assertRecordValues(
            order, [{"state": "sale", "consignment_agreement_id": self.agreement.id}]
        )
        fillup = order.picking_ids
        self.assertRecordValues(
            fillup,
            [
                {
                    "state": "done",
                    "is_consignment_fillup": True,
                    "location_dest_id": self.agreement.location_id.id,
                }
            ],
        )
        self.assertFalse(order.invoice_ids, "A fill-up is never invoiced")
        self.assertEqual(order.invoice_status, "no")
        self.assertEqual(self._quant_qty(self.cup, self.agreement.location_id), 24.0)
        printed = fillup.message_ids.filtered(
            lambda message: "Pro-forma delivery note printed." in str(message.body)
        )
        self.assertEqual(printed.author_id, self.salesperson.partner_id)
        html = self.url_open(
            f"/report/html/consignment_sale.report_proforma_delivery/{fillup.id}"
        ).text
        self.assertIn("Espresso Cup", html)
        self.assertIn("165.60", html)  # 24 x 6.90, at the agreement price

        form_ready = ".o_form_view .o_statusbar_status .o_arrow_button_current"
        self.capture_screen(
            "consignment_sale",
            "consignment_order",
            f"/odoo/action-sale.action_orders/{order.id}",
            form_ready,
            "guide_sales",
        )
        self.capture_screen(
            "consignment_sale",
            "fillup_transfer",
            f"/odoo/action-stock.action_picking_tree_all/{fillup.id}",
            form_ready,
            "guide_sales",
        )
        self.capture_screen(
            "consignment_sale",
            "proforma_delivery_note",
            f"/report/html/consignment_sale.report_proforma_delivery/{fillup.id}",
            ".page",
            "guide_sales",
        )

    def test_report_consumption_and_invoice(self):
        self._move(self.cup, 20, self.stock_location, self.agreement.location_id)
        self.start_tour("/odoo", "consignment_sale_report_invoice", login="guide_sales_admin")
        report = self.agreement.report_ids
        self.assertRecordValues(report, [{"state": "validated", "report_type": "sold"}])
        self.assertRecordValues(report.line_ids, [{"product_id": self.cup.id, "quantity": 6.0}])
        invoice = self.agreement.invoice_ids
        self.assertRecordValues(
            invoice,
            [
                {
                    "move_type": "out_invoice",
                    "state": "posted",
                    "partner_id": self.hansen.id,
                    "amount_untaxed": 41.4,
                }
            ],
        )
        self.assertEqual(self._quant_qty(self.cup, self.agreement.location_id), 14.0)

        form_ready = ".o_form_view .o_statusbar_status .o_arrow_button_current"
        self.capture_screen(
            "consignment_sale",
            "consumption_report",
            f"/odoo/action-consignment_sale.consignment_report_action/{report.id}",
            form_ready,
            "guide_sales_admin",
        )
        self.capture_screen(
            "consignment_sale",
            "consumption_invoice",
            f"/odoo/action-account.action_move_out_invoice_type/{invoice.id}",
            form_ready,
            "guide_sales_admin",
        )
        self.capture_screen(
            "consignment_sale",
            "customer_agreement",
            f"/odoo/action-consignment_sale.consignment_agreement_customer_action/"
            f"{self.agreement.id}",
            form_ready,
            "guide_sales_admin",
        )

    def test_portal_pages(self):
        self._move(self.cup, 20, self.stock_location, self.agreement.location_id)
        contact = self.env["res.partner"].create(
            {"name": "Mette Hansen", "parent_id": self.hansen.id}
        )
        portal_user = new_test_user(self.env, login="guide_portal", groups="base.group_portal")
        portal_user.partner_id = contact
        self.capture_screen(
            "consignment_sale",
            "portal_agreement",
            f"/my/consignment/{self.agreement.id}",
            "form.o_consignment_report_form",
            "guide_portal",
        )
