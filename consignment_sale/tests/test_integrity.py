from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from .common import ConsignmentSaleCase


@tagged("post_install", "-at_install")
class TestReportIntegrity(ConsignmentSaleCase):
    """Consumption reports change state only through their actions, post once, and only on
    customer agreements."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order = cls._create_order([(cls.product, 10, 15.0)])
        cls._validate_picking(cls.order.picking_ids)
        cls.portal_user = new_test_user(
            cls.env, login="consign_portal_i", groups="base.group_portal"
        )
        cls.portal_user.partner_id.parent_id = cls.customer

    def _ledger_and_stock(self):
        return (
            self.env["consignment.consumption"].search_count(
                [("agreement_id", "=", self.agreement.id)]
            ),
            self._quant_qty(self.product, self.location),
            self.env["stock.picking"].search_count(
                [
                    ("location_id", "=", self.location.id),
                    ("location_dest_id.usage", "=", "customer"),
                ]
            ),
        )

    def test_new_documents_are_titled_new(self):
        report_form = Form(self.env["consignment.report"])
        self.assertEqual(report_form.name, "New")
        agreement_form = Form(self.env["consignment.agreement"])
        self.assertEqual(agreement_form.name, "New")
        report_form.agreement_id = self.agreement
        report = report_form.save()
        self.assertNotIn(report.name, ("New", "/"))

    def test_state_is_written_by_the_actions_only(self):
        report = self._report([(self.product, None, 2)], validate=False)
        as_salesman = report.with_user(self.salesman)
        for values in (
            {"state": "validated"},
            {"submitted_by_partner": True},
            {"submitted_partner_id": self.customer.id},
            {"validated_by_id": self.salesman.id},
        ):
            with self.assertRaises(UserError):
                as_salesman.write(values)
        with self.assertRaises(UserError):
            self.env["consignment.report"].with_user(self.salesman).create(
                {"agreement_id": self.agreement.id, "state": "validated"}
            )
        as_salesman.action_submit()
        self.assertRecordValues(report, [{"state": "submitted", "submitted_by_partner": False}])

    def test_validated_report_posts_once(self):
        report = self._report([(self.product, None, 3)], validate=False)
        report.with_user(self.salesman).action_validate()
        posted = self._ledger_and_stock()
        self.assertEqual(posted[:2], (1, 7))
        # Even a state written back behind the actions' back (superuser) posts nothing again.
        report.write({"state": "submitted"})
        with self.assertRaisesRegex(UserError, "posted its consumption"):
            report.with_user(self.salesman).action_validate()
        report.write({"state": "draft"})
        with self.assertRaisesRegex(UserError, "posted its consumption"):
            report.action_validate()
        self.assertEqual(self._ledger_and_stock(), posted)
        self.assertEqual(self.order.order_line.qty_delivered, 3)

    def test_validated_report_cannot_be_cancelled_reset_or_changed(self):
        report = self._report([(self.product, None, 3)])
        posted = self._ledger_and_stock()
        as_salesman = report.with_user(self.salesman)
        with self.assertRaisesRegex(UserError, "posted its consumption"):
            as_salesman.action_cancel()
        with self.assertRaisesRegex(UserError, "only a cancelled report"):
            as_salesman.action_draft()
        with self.assertRaisesRegex(UserError, "posted its consumption"):
            as_salesman.write({"date": "2026-01-02"})
        with self.assertRaisesRegex(UserError, "posted its consumption"):
            as_salesman.line_ids.write({"quantity": 1})
        with self.assertRaisesRegex(UserError, "posted its consumption"):
            as_salesman.write(
                {"line_ids": [Command.create({"product_id": self.product.id, "quantity": 1})]}
            )
        with self.assertRaisesRegex(UserError, "posted its consumption"):
            as_salesman.action_load_stock()
        self.assertRecordValues(report, [{"state": "validated"}])
        self.assertEqual(report.line_ids.quantity, 3)
        self.assertEqual(self._ledger_and_stock(), posted)

    def test_report_on_vendor_agreement_refused(self):
        vendor_agreement = self._create_agreement(consignment_type="vendor")
        self._receive_consignment(vendor_agreement, self.product, 5)
        with self.assertRaises(ValidationError):
            self._report([(self.product, None, 2)], agreement=vendor_agreement, validate=False)
        with self.assertRaises(ValidationError):
            self._report([(self.product, None, 2)], validate=False).write(
                {"agreement_id": vendor_agreement.id}
            )
        self.assertEqual(self._quant_qty(self.product, vendor_agreement.location_id), 5)
        self.assertFalse(vendor_agreement.consumption_ids)

    def test_who_runs_the_report_actions(self):
        report = self._report([(self.product, None, 1)], validate=False)
        # Warehouse staff record reports; validating is for salespeople and managers.
        report.with_user(self.stock_user).action_submit()
        with self.assertRaises(AccessError):
            report.with_user(self.stock_user).action_validate()
        self.assertEqual(report.state, "submitted")
        # Customers validate, submit, cancel or fill in nothing over the ORM.
        as_portal = report.with_user(self.portal_user)
        as_portal.read(["name"])
        for method in ("action_validate", "action_cancel", "action_load_stock", "action_submit"):
            with self.assertRaises(AccessError):
                getattr(as_portal, method)()
        report.with_user(self.consignment_manager).action_cancel()
        with self.assertRaises(AccessError):
            report.with_user(self.portal_user).action_draft()
        report.with_user(self.salesman).action_draft()
        report.with_user(self.salesman).action_validate()
        self.assertRecordValues(
            report, [{"state": "validated", "validated_by_id": self.salesman.id}]
        )

    def test_only_the_portal_names_the_submitting_customer(self):
        report = self._report([(self.product, None, 1)], validate=False)
        with self.assertRaises(AccessError):
            report.with_user(self.salesman).action_submit(partner=self.customer)
        with self.assertRaises(AccessError):
            report.with_user(self.salesman).action_submit(partner=self.customer.id)
        self.assertRecordValues(report, [{"state": "draft", "submitted_by_partner": False}])


@tagged("post_install", "-at_install")
class TestSaleRoles(ConsignmentSaleCase):
    """The README's roles on their own paths, with their least rights."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.accountant = new_test_user(
            cls.env, login="consign_accountant_r", groups="account.group_account_invoice"
        )

    def test_salesman_prints_proforma_of_lot_tracked_goods(self):
        order = self._create_order([(self.product_lot, 2, 5.0)], user=self.salesman)
        picking = order.picking_ids
        self._validate_picking(picking)
        self.env.invalidate_all()  # what the warehouse read is not the salesperson's to read
        action = order.with_user(self.salesman).action_print_consignment_proforma()
        self.assertEqual(action["report_name"], "consignment_sale.report_proforma_delivery")
        html, _format = (
            self.env["ir.actions.report"]
            .with_user(self.salesman)
            ._render_qweb_html("consignment_sale.action_report_proforma_delivery", picking.ids)
        )
        self.assertIn(b"LOT-A", html)
        self.assertIn(b"8.00", html)  # 2 x 4.00, the agreed price
        picking.with_user(self.salesman).action_print_consignment_proforma()
        self.assertIn("Pro-forma delivery note printed.", picking.message_ids.mapped("preview"))

    def test_salesman_validates_report_of_lot_tracked_goods(self):
        order = self._create_order([(self.product_lot, 3, 5.0)], user=self.salesman)
        self._validate_picking(order.picking_ids)
        report = self._report([(self.product_lot, self.lot_a, 2)], validate=False)
        self.env.invalidate_all()
        report.with_user(self.salesman).action_validate()
        self.assertRecordValues(
            report, [{"state": "validated", "validated_by_id": self.salesman.id}]
        )
        self.assertRecordValues(
            self.agreement.consumption_ids, [{"lot_id": self.lot_a.id, "quantity": 2}]
        )
        self.assertEqual(order.order_line.qty_delivered, 2)

    def test_salesman_sees_the_agreement_invoices(self):
        arch = (
            self.env["consignment.agreement"]
            .with_user(self.salesman)
            .get_views([(False, "form")])["views"]["form"]["arch"]
        )
        self.assertIn('name="action_view_invoices"', arch)

    def test_others_cannot_print_proforma(self):
        order = self._create_order([(self.product_lot, 2, 5.0)])
        picking = order.picking_ids
        self._validate_picking(picking)
        with self.assertRaises(AccessError):
            order.with_user(self.accountant).action_print_consignment_proforma()
        with self.assertRaises(AccessError):
            self.env["ir.actions.report"].with_user(self.accountant)._render_qweb_html(
                "consignment_sale.action_report_proforma_delivery", picking.ids
            )
        with self.assertRaises(AccessError):
            picking.with_user(self.accountant).action_send_consignment_proforma()

    def test_warehouse_staff_pick_up(self):
        order = self._create_order([(self.product, 6, 15.0)])
        self._validate_picking(order.picking_ids)
        self.env.invalidate_all()
        action = self.agreement.with_user(self.stock_user).action_pickup()
        picking = self.env["stock.picking"].browse(action["res_id"])
        self.assertRecordValues(
            picking,
            [{"location_id": self.location.id, "location_dest_id": self.stock_location.id}],
        )
        self.assertEqual(picking.move_ids.product_uom_qty, 6)
        self.assertIn(picking.name, self.agreement.message_ids[0].preview)
        self._validate_picking(picking.with_user(self.stock_user))
        self.assertEqual(self._quant_qty(self.product, self.location), 0)
        self.assertFalse(self.agreement.consumption_ids)

    def test_others_cannot_pick_up(self):
        order = self._create_order([(self.product, 6, 15.0)])
        self._validate_picking(order.picking_ids)
        for user in (self.salesman, self.accountant):
            with self.assertRaises(AccessError):
                self.agreement.with_user(user).action_pickup()
        self.assertFalse(self.env["stock.picking"].search([("location_id", "=", self.location.id)]))

    def test_salesman_runs_customer_agreements_but_not_their_end_or_billing(self):
        agreement = self._create_agreement(
            partner=self.env["res.partner"].create({"name": "Kiosk", "is_company": True}),
            consignment_type="customer",
            activate=False,
        )
        agreement.with_user(self.salesman).action_activate()
        self.assertEqual(agreement.state, "active")
        as_salesman = agreement.with_user(self.salesman)
        for method in (
            "action_terminate",
            "action_close",
            "action_draft",
            "action_replenish",
            "action_create_invoices",
        ):
            with self.assertRaises(AccessError, msg=method):
                getattr(as_salesman, method)()
        self.assertEqual(agreement.state, "active")
        self._terminate(agreement, user=self.consignment_manager)
        self.assertEqual(agreement.state, "terminating")


@tagged("post_install", "-at_install")
class TestConsignmentPrices(ConsignmentSaleCase):
    """Consignment order lines carry the agreement's price, so that the order, the
    pro-forma note and the invoice agree."""

    def _new_line(self, product, quantity=1):
        form = Form(self.env["sale.order"].with_user(self.salesman))
        form.partner_id = self.customer
        self.assertEqual(form.consignment_agreement_id, self.agreement)
        with form.order_line.new() as line:
            line.product_id = product
            line.product_uom_qty = quantity
        return form

    def test_line_priced_from_agreement(self):
        self.product.list_price = 25.0
        order = self._new_line(self.product, 3).save()
        self.assertRecordValues(order.order_line, [{"price_unit": 10.0, "price_subtotal": 30.0}])
        # Sold outright: the list price again.
        form = Form(order.with_user(self.salesman))
        form.consignment_agreement_id = self.env["consignment.agreement"]
        form.save()
        self.assertEqual(order.order_line.price_unit, 25.0)

    def test_order_note_and_invoice_agree(self):
        order = self._new_line(self.product, 4).save()
        order.action_confirm()
        picking = order.picking_ids
        self._validate_picking(picking)
        note = picking._get_consignment_proforma_data()
        self.assertEqual(note["lines"][0]["price_unit"], order.order_line.price_unit)
        self._report([(self.product, None, 4)])
        invoice = self.env["account.move"].browse(
            self.agreement.action_create_invoices(period_end=fields.Date.today())
        )
        self.assertEqual(invoice.invoice_line_ids.price_unit, order.order_line.price_unit)
        self.assertEqual(invoice.amount_untaxed, order.amount_untaxed)

    def test_line_unit_and_agreement_unit_converted(self):
        order = (
            self.env["sale.order"]
            .with_user(self.salesman)
            .create(
                {
                    "partner_id": self.customer.id,
                    "order_line": [
                        Command.create(
                            {"product_id": self.product.id, "product_uom_id": self.uom_dozen.id}
                        )
                    ],
                }
            )
        )
        self.assertEqual(order.order_line.price_unit, 120.0)
        per_dozen = self._create_product("Dozen Widget")
        self.agreement.line_ids = [
            Command.create(
                {
                    "product_id": per_dozen.id,
                    "price_unit": 60.0,
                    "product_uom_id": self.uom_dozen.id,
                }
            )
        ]
        self.assertEqual(self._new_line(per_dozen, 2).save().order_line.price_unit, 5.0)

    def test_agreement_currency_converted_to_order_currency(self):
        company_currency = self.company.currency_id
        currency = self.env.ref("base.EUR" if company_currency.name != "EUR" else "base.USD")
        currency.active = True
        self.env["res.currency.rate"].create(
            {
                "currency_id": currency.id,
                "company_id": self.company.id,
                "name": "2020-01-01",
                "rate": 2.0 * company_currency.rate,
            }
        )
        pricelist = self.env["product.pricelist"].create(
            {"name": "Foreign customers", "currency_id": currency.id}
        )
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "pricelist_id": pricelist.id,
                "order_line": [Command.create({"product_id": self.product.id})],
            }
        )
        self.assertEqual(order.consignment_agreement_id, self.agreement)
        self.assertEqual(order.currency_id, currency)
        self.assertAlmostEqual(order.order_line.price_unit, 20.0)

    def test_no_pricelist_discount_on_agreed_price(self):
        self.env.ref("base.group_user").implied_ids = [
            Command.link(self.env.ref("product.group_product_pricelist").id),
            Command.link(self.env.ref("sale.group_discount_per_so_line").id),
        ]
        pricelist = self.env["product.pricelist"].create(
            {
                "name": "Ten off",
                "item_ids": [
                    Command.create(
                        {
                            "applied_on": "0_product_variant",
                            "product_id": self.product.id,
                            "compute_price": "percentage",
                            "percent_price": 10.0,
                        }
                    )
                ],
            }
        )
        self.customer.property_product_pricelist = pricelist
        order = self._new_line(self.product, 2).save()
        self.assertEqual(order.pricelist_id, pricelist)
        self.assertRecordValues(
            order.order_line, [{"price_unit": 10.0, "discount": 0.0, "price_subtotal": 20.0}]
        )
