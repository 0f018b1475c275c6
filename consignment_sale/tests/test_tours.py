from datetime import timedelta

from freezegun import freeze_time

from odoo import Command
from odoo.tests import new_test_user, tagged

from odoo.addons.consignment_stock.tests.common import ConsignmentCase
from odoo.addons.consignment_stock.tests.user_guide import UserGuideCase

from .common import ConsignmentSaleCase


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


@tagged("post_install", "-at_install")
class TestRoleTours(UserGuideCase, ConsignmentSaleCase):
    """Each role's own tasks in the browser, as a user with only that role's rights: the
    salesperson (Sales / User: Own Documents Only) fills up, prints the pro-forma note from
    the order, reports the consumption and finds its invoice; warehouse staff (Inventory /
    User) pick the unsold goods up."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Lot-tracked products are used with the Lots & Serial Numbers setting on.
        cls.env.ref("base.group_user").write(
            {"implied_ids": [Command.link(cls.env.ref("stock.group_production_lot").id)]}
        )
        # The salesperson runs the agreement: its invoices are the salesperson's too.
        cls.agreement.user_id = cls.salesman

    def _fill_up(self):
        """The salesperson's confirmed order of 10 widgets and 6 lot widgets, its fill-up
        validated by the warehouse."""
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "user_id": self.salesman.id,
                "order_line": [
                    Command.create({"product_id": self.product.id, "product_uom_qty": 10}),
                    Command.create({"product_id": self.product_lot.id, "product_uom_qty": 6}),
                ],
            }
        )
        order.action_confirm()
        self._validate_picking(order.picking_ids.with_user(self.stock_user))
        return order

    def _ledger(self):
        return (
            self.env["consignment.consumption"]
            .search([("agreement_id", "=", self.agreement.id)])
            .sorted(lambda record: record.product_id.id)
        )

    def _run_scheduled_billing(self):
        with freeze_time(self.agreement.next_billing_date + timedelta(hours=12)):
            self.env["consignment.agreement"]._cron_create_invoices()

    def test_salesperson_fills_up_from_a_quotation(self):
        self.start_tour(
            "/odoo", "consignment_sale_role_salesperson_fillup", login=self.salesman.login
        )
        order = self.env["sale.order"].search([("partner_id", "=", self.customer.id)])
        self.assertRecordValues(
            order,
            [
                {
                    "state": "sale",
                    "user_id": self.salesman.id,
                    "consignment_agreement_id": self.agreement.id,
                    "invoice_status": "no",
                }
            ],
        )
        fillup = order.picking_ids
        self.assertRecordValues(
            fillup,
            [
                {
                    "state": "assigned",
                    "is_consignment_fillup": True,
                    "location_dest_id": self.location.id,
                }
            ],
        )
        # The warehouse ships the goods.
        self._validate_picking(fillup.with_user(self.stock_user))
        self.assertEqual(fillup.state, "done")
        self.assertEqual(self._quant_qty(self.product, self.location), 10.0)
        self.assertEqual(self._quant_qty(self.product_lot, self.location), 6.0)
        self.assertRecordValues(
            order.order_line,
            [
                {"price_unit": 10.0, "consignment_qty_filled": 10.0, "qty_delivered": 0.0},
                {"price_unit": 4.0, "consignment_qty_filled": 6.0, "qty_delivered": 0.0},
            ],
        )
        self.assertFalse(self._ledger(), "A fill-up is never consumption")
        self.assertFalse(order.invoice_ids, "A fill-up is never invoiced")

    def test_salesperson_prints_the_proforma_from_the_order(self):
        order = self._fill_up()
        fillup = order.picking_ids
        self.start_tour(
            "/odoo", "consignment_sale_role_salesperson_proforma", login=self.salesman.login
        )
        # The note the salesperson prints, lots and agreement prices included.
        html = self.url_open(
            f"/report/html/consignment_sale.report_proforma_delivery/{fillup.id}"
        ).text
        self.assertIn("LOT-A", html)
        self.assertIn("100.00", html)  # 10 widgets x 10.00
        self.assertIn("24.00", html)  # 6 lot widgets x 4.00
        self.assertIn("124.00", html)
        self.assertRecordValues(order, [{"state": "sale", "invoice_status": "no"}])
        self.assertFalse(order.invoice_ids, "The pro-forma note is not an invoice")

    def test_salesperson_reports_the_consumption(self):
        order = self._fill_up()
        self.start_tour(
            "/odoo", "consignment_sale_role_salesperson_report", login=self.salesman.login
        )
        report = self.agreement.report_ids
        self.assertRecordValues(
            report,
            [{"state": "validated", "report_type": "sold", "validated_by_id": self.salesman.id}],
        )
        self.assertRecordValues(
            report.line_ids.sorted(lambda line: line.product_id.id),
            [
                {"product_id": self.product.id, "lot_id": False, "quantity": 4.0},
                {"product_id": self.product_lot.id, "lot_id": self.lot_a.id, "quantity": 2.0},
            ],
        )
        self.assertEqual(report.picking_id.state, "done")
        self.assertEqual(self._quant_qty(self.product, self.location), 6.0)
        self.assertEqual(self._quant_qty(self.product_lot, self.location), 4.0)
        self.assertRecordValues(
            self._ledger(),
            [
                {
                    "product_id": self.product.id,
                    "lot_id": False,
                    "quantity": 4.0,
                    "price_unit": 10.0,
                },
                {
                    "product_id": self.product_lot.id,
                    "lot_id": self.lot_a.id,
                    "quantity": 2.0,
                    "price_unit": 4.0,
                },
            ],
        )
        self.assertEqual(set(self._ledger().mapped("state")), {"to_invoice"})
        self.assertRecordValues(order.order_line, [{"qty_delivered": 4.0}, {"qty_delivered": 2.0}])

    def test_salesperson_finds_the_consumption_invoice(self):
        self._fill_up()
        self._report([(self.product, None, 4), (self.product_lot, self.lot_a, 2)])
        self._run_scheduled_billing()
        invoice = self.agreement.invoice_ids
        self.assertRecordValues(
            invoice,
            [
                {
                    "move_type": "out_invoice",
                    "state": "draft",
                    "partner_id": self.customer.id,
                    "invoice_user_id": self.salesman.id,
                }
            ],
        )
        # What the agreement's smart button counts and opens, read as the salesperson.
        agreement = self.agreement.with_user(self.salesman)
        self.assertEqual(agreement.invoice_count, 1)
        action = agreement.action_view_invoices()
        self.assertEqual(
            self.env["account.move"].with_user(self.salesman).search(action["domain"]), invoice
        )
        self.start_tour(
            "/odoo", "consignment_sale_role_salesperson_invoice", login=self.salesman.login
        )
        self.assertRecordValues(
            invoice.invoice_line_ids.sorted(lambda line: line.product_id.id),
            [
                {"product_id": self.product.id, "quantity": 4.0, "price_unit": 10.0},
                {"product_id": self.product_lot.id, "quantity": 2.0, "price_unit": 4.0},
            ],
        )
        self.assertEqual(set(self._ledger().mapped("state")), {"invoiced"})
        self.assertEqual(invoice.state, "draft", "Opening the invoice leaves it a draft")

    def test_warehouse_picks_up_the_unsold_goods(self):
        self._fill_up()
        self.assertEqual(self._quant_qty(self.product, self.stock_location), 40.0)
        self.start_tour(
            "/odoo", "consignment_sale_role_warehouse_pickup", login=self.stock_user.login
        )
        pickup = self.env["stock.picking"].search(
            [
                ("location_id", "=", self.location.id),
                ("location_dest_id", "=", self.stock_location.id),
            ]
        )
        self.assertRecordValues(pickup, [{"state": "done", "create_uid": self.stock_user.id}])
        self.assertEqual(self._quant_qty(self.product, self.location), 0.0)
        self.assertEqual(self._quant_qty(self.product_lot, self.location), 0.0)
        self.assertEqual(self._quant_qty(self.product, self.stock_location), 50.0)
        lot_quants = self.env["stock.quant"].search(
            [("product_id", "=", self.product_lot.id), ("location_id", "=", self.stock_location.id)]
        )
        self.assertRecordValues(lot_quants, [{"lot_id": self.lot_a.id, "quantity": 30.0}])
        self.assertFalse(self._ledger(), "A pick-up is no consumption")
        self._run_scheduled_billing()
        self.assertFalse(self.agreement.invoice_ids, "A pick-up is never invoiced")
