from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from .common import ConsignmentPurchaseCase


class OtherCompanyCase(ConsignmentPurchaseCase):
    """A second company with its own warehouse, vendor agreement and consignment manager."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agreement = cls._vendor_agreement(lines=[(cls.product, 10.0)])
        cls.other_vendor = cls.env["res.partner"].create(
            {"name": "Other Consign Vendor", "is_company": True}
        )
        cls.other_vendor_agreement = cls._vendor_agreement(
            partner=cls.other_vendor, lines=[(cls.product, 9.0)]
        )
        cls.customer_agreement = cls._create_agreement(
            consignment_type="customer", lines=[(cls.product, 15.0)]
        )
        cls.other_company = cls.env["res.company"].create({"name": "Other Consignment Co"})
        cls.other_warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.other_company.id)], limit=1
        )
        cls.other_company_agreement = (
            cls.env["consignment.agreement"]
            .with_company(cls.other_company)
            .create(
                {
                    "partner_id": cls.vendor.id,
                    "consignment_type": "vendor",
                    "company_id": cls.other_company.id,
                    "warehouse_id": cls.other_warehouse.id,
                    "date_start": fields.Date.to_date("2026-01-01"),
                    "line_ids": [Command.create({"product_id": cls.product.id, "price_unit": 8.0})],
                }
            )
        )
        cls.other_company_agreement.action_activate()
        cls.other_manager = new_test_user(
            cls.env,
            login="consign_other_co_manager",
            groups="stock.group_stock_user,consignment_stock.group_consignment_manager",
            company_id=cls.other_company.id,
            company_ids=[Command.set(cls.other_company.ids)],
        )


@tagged("post_install", "-at_install")
class TestOrderAgreement(OtherCompanyCase):
    """A purchase order receives into its agreement's location with the agreement's vendor
    as owner: only a running vendor agreement of its own vendor and company will do."""

    def _order_values(self, agreement, partner=None):
        return {
            "partner_id": (partner or self.vendor).id,
            "is_consignment": True,
            "consignment_agreement_id": agreement.id,
            "order_line": [Command.create({"product_id": self.product.id, "product_qty": 5})],
        }

    def test_create_with_a_wrong_agreement_is_refused(self):
        Order = self.env["purchase.order"].with_user(self.buyer)
        cases = [
            (self.other_vendor_agreement, "not with the order's vendor"),
            (self.customer_agreement, "customer consignment agreement"),
            (self.other_company_agreement, "belongs to company Other Consignment Co"),
        ]
        for agreement, message in cases:
            with self.assertRefused(ValidationError, message):
                Order.create(self._order_values(agreement.sudo()))
        with self.assertRefused(ValidationError, "Choose a running vendor agreement"):
            Order.create(self._order_values(self.other_vendor_agreement))
        order = Order.create(self._order_values(self.agreement))
        self.assertEqual(order.consignment_agreement_id, self.agreement)

    def test_write_a_wrong_agreement_is_refused(self):
        order = self._create_po([(self.product, 5)], confirm=False).with_user(self.buyer)
        self.assertEqual(order.consignment_agreement_id, self.agreement)
        with self.assertRefused(ValidationError, "not with the order's vendor"):
            order.write({"consignment_agreement_id": self.other_vendor_agreement.id})
        with self.assertRefused(ValidationError, "not marked as Consignment"):
            order.write({"is_consignment": False, "consignment_agreement_id": self.agreement.id})
        draft = self._vendor_agreement(lines=[(self.product, 10.0)], activate=False)
        with self.assertRefused(ValidationError, "it is Draft"):
            order.write({"consignment_agreement_id": draft.id})
        self.assertEqual(order.consignment_agreement_id, self.agreement)
        order.button_confirm()
        self.assertEqual(order.picking_ids.location_dest_id, self.agreement.location_id)

    def test_other_vendor_cannot_keep_the_agreement(self):
        order = self._create_po([(self.product, 5)], confirm=False).with_user(self.buyer)
        with self.assertRefused(ValidationError, "not with the order's vendor"):
            order.write(
                {"partner_id": self.other_vendor.id, "consignment_agreement_id": self.agreement.id}
            )

    def test_confirmed_order_keeps_its_agreement(self):
        order = self._create_po([(self.product, 5)]).with_user(self.buyer)
        self.assertEqual(order.picking_ids.location_dest_id, self.agreement.location_id)
        with self.assertRefused(UserError, "is confirmed"):
            order.write({"is_consignment": False, "consignment_agreement_id": False})
        with self.assertRefused(UserError, "is confirmed"):
            order.write({"consignment_agreement_id": self.other_vendor_agreement.id})
        order.write({"consignment_agreement_id": self.agreement.id, "note": "Unchanged"})
        self.assertEqual(order.consignment_agreement_id, self.agreement)

    def test_consumed_quantity_comes_from_the_ledger(self):
        order = self._create_po([(self.product, 5)])
        self._receive_po(order)
        self._consume(self.agreement, self.product, 3)
        line = order.order_line.with_user(self.buyer)
        with self.assertRefused(UserError, "comes from the consumption ledger"):
            line.write({"consignment_qty_consumed": 0.0})
        self.assertRecordValues(line, [{"consignment_qty_consumed": 3.0, "qty_to_invoice": 3.0}])

    def test_new_order_of_the_other_vendor_takes_its_own_agreement(self):
        with Form(self.env["purchase.order"].with_user(self.buyer)) as form:
            form.partner_id = self.vendor
            with form.order_line.new() as line:
                line.product_id = self.product
            self.assertEqual(form.consignment_agreement_id, self.agreement)
            form.partner_id = self.other_vendor
            self.assertEqual(form.consignment_agreement_id, self.other_vendor_agreement)


@tagged("post_install", "-at_install")
class TestTakeOverRefusals(OtherCompanyCase):
    """Taking goods into own stock: only a vendor's goods at its consignment location, only
    into our own stock of the same company, only by a consignment manager of the company."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._receive_consignment(cls.agreement, cls.product, 10)
        cls._receive_consignment(cls.other_vendor_agreement, cls.product, 10)

    def _wizard(self, user=None, agreement=None, **values):
        agreement = agreement or self.agreement
        return (
            self.env["consignment.take.over"]
            .with_user(user or self.consignment_manager)
            .create(
                {
                    "agreement_id": agreement.id,
                    "location_dest_id": self.stock_location.id,
                    "line_ids": [
                        Command.create(
                            {
                                "product_id": self.product.id,
                                "location_id": agreement.location_id.id,
                                "available_quantity": 10.0,
                                "quantity": 2.0,
                            }
                        )
                    ],
                    **values,
                }
            )
        )

    def _assert_nothing_taken(self):
        self.assertFalse(self.agreement.consumption_ids)
        self.assertFalse(self.other_vendor_agreement.consumption_ids)
        self.assertEqual(self._quant_qty(self.product, self.agreement.location_id), 10.0)

    def test_customer_agreement_is_refused(self):
        with self.assertRefused(UserError, "is a customer consignment"):
            self._wizard(agreement=self.customer_agreement)
        wizard = self._wizard()
        wizard.sudo().agreement_id = self.customer_agreement
        with self.assertRefused(UserError, "is a customer consignment"):
            wizard.action_take_over()
        self._assert_nothing_taken()

    def test_destination_must_be_our_own_stock(self):
        shelf = self.env["stock.location"].create(
            {"name": "Shelf", "location_id": self.agreement.location_id.id, "usage": "internal"}
        )
        cases = [
            (self.customer_agreement.location_id, "is not our own stock"),
            (self.other_vendor_agreement.location_id, "vendor consignment location"),
            (shelf, "is not our own stock"),
            (self.customer_location, "is not our own stock"),
        ]
        for destination, message in cases:
            wizard = self._wizard()
            wizard.sudo().location_dest_id = destination
            with self.assertRefused(UserError, message):
                wizard.action_take_over()
        # Another company's stock: not readable by this manager, refused even when it is.
        wizard = self._wizard()
        wizard.sudo().location_dest_id = self.other_warehouse.lot_stock_id
        with self.assertRaises(AccessError):
            wizard.action_take_over()
        with self.assertRefused(UserError, "is not our own stock of"):
            wizard.sudo().action_take_over()
        self._assert_nothing_taken()

    def test_goods_from_another_location_are_refused(self):
        wizard = self._wizard()
        wizard.line_ids.sudo().location_id = self.other_vendor_agreement.location_id
        with self.assertRefused(UserError, "is not the consignment location of"):
            wizard.action_take_over()
        self._assert_nothing_taken()

    def test_other_company_is_refused(self):
        with self.assertRaises(AccessError):
            self._wizard(user=self.other_manager)
        with self.assertRaises(AccessError):
            self._wizard(agreement=self.other_company_agreement)
        self._assert_nothing_taken()

    def test_only_consignment_managers(self):
        for user in (self.buyer, self.stock_user, self.accountant):
            with self.assertRaises(AccessError):
                self._wizard(user=user)
        wizard = self._wizard()
        wizard.action_take_over()
        self.assertRecordValues(self.agreement.consumption_ids, [{"quantity": 2.0}])
        self.assertEqual(self._quant_qty(self.product, self.stock_location, owner=False), 2.0)


@tagged("post_install", "-at_install")
class TestBuyerRoles(OtherCompanyCase):
    """Buyers run their vendors' agreements; resetting, billing by hand, accepting bill
    differences and customer agreements stay with consignment managers."""

    def test_buyer_runs_vendor_agreement_to_its_end(self):
        vendor = self.env["res.partner"].create({"name": "Buyer's Vendor", "is_company": True})
        agreement = self._vendor_agreement(
            partner=vendor,
            lines=[{"product_id": self.product.id, "price_unit": 6.0, "min_qty": 1, "max_qty": 5}],
            activate=False,
        ).with_user(self.buyer)
        agreement.action_activate()
        agreement.action_replenish()
        order = agreement.with_env(self.env).purchase_order_ids
        self.assertRecordValues(
            order, [{"partner_id": vendor.id, "state": "draft", "is_consignment": True}]
        )
        order.with_user(self.buyer).button_confirm()
        self._receive_po(order)
        self._consume(agreement, self.product, 2, date="2026-03-20 10:00:00")
        self._terminate(agreement)
        self.assertEqual(agreement.state, "terminating")
        bills = agreement.with_env(self.env).invoice_ids
        self.assertRecordValues(bills.invoice_line_ids, [{"quantity": 2.0}])
        self._consume(agreement, self.product, 3, date="2026-03-25 10:00:00")
        self._validate_final_count(agreement)
        agreement.action_close()
        self.assertEqual(agreement.state, "closed")
        bills = agreement.with_env(self.env).invoice_ids
        self.assertEqual(sum(bills.invoice_line_ids.mapped("quantity")), 5.0)
        with self.assertRaises(AccessError):
            agreement.action_draft()

    def test_buyer_is_refused_manager_actions(self):
        agreement = self.agreement.with_user(self.buyer)
        with self.assertRaises(AccessError):
            agreement.action_create_invoices(period_end="2026-03-31")
        with self.assertRaises(AccessError):
            self.env["consignment.role"].with_user(self.buyer)._check(
                "accept_differences", self.agreement
            )
        self.env["consignment.role"].with_user(self.consignment_manager)._check(
            "accept_differences", self.agreement
        )
        customer = self._create_agreement(
            consignment_type="customer", lines=[(self.product_lot, 4.0)], activate=False
        )
        for action in ("action_activate", "action_replenish"):
            with self.assertRaises(AccessError):
                getattr(customer.with_user(self.buyer), action)()
        for action in ("action_terminate", "action_close"):
            with self.assertRaises(AccessError):
                getattr(self.customer_agreement.with_user(self.buyer), action)()
        self.assertEqual(customer.state, "draft")
        self.assertEqual(self.customer_agreement.state, "active")
