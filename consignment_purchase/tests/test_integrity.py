from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged

from .common import ConsignmentPurchaseCase


class IntegrityCase(ConsignmentPurchaseCase):
    """A running vendor agreement with goods received and consumed, and users with the least
    rights of their role: an accountant with invoicing rights only, a bookkeeper."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.invoicing_user = new_test_user(
            cls.env, login="consign_invoicing_only", groups="account.group_account_invoice"
        )
        cls.bookkeeper = new_test_user(
            cls.env, login="consign_bookkeeper", groups="account.group_account_user"
        )
        cls.service = cls.env["product.product"].create(
            {"name": "Consulting Hour", "type": "service", "list_price": 100.0}
        )
        cls.product_b = cls._create_product("Consigned Gadget", standard_price=3.0)
        cls.agreement = cls._vendor_agreement(lines=[(cls.product, 10.0), (cls.product_b, 5.0)])
        cls.order = cls._create_po([(cls.product, 100), (cls.product_b, 50)])
        cls._receive_po(cls.order)
        cls._consume(cls.agreement, cls.product, 10)
        cls._consume(cls.agreement, cls.product_b, 4)

    def _ledger(self):
        return self.agreement.consumption_ids.sorted("id")

    def _assert_ledger_open(self, records=None):
        records = records if records is not None else self._ledger()
        self.assertTrue(records)
        self.assertRecordValues(
            records, [{"state": "to_invoice", "invoice_line_id": False}] * len(records)
        )

    def _assert_billed_once_more(self, quantities):
        """The next billing run charges the open ledger exactly once: {product: quantity}."""
        bill = self._bill(self.agreement)
        self.assertEqual(len(bill), 1)
        self.assertEqual(
            {line.product_id: line.quantity for line in bill.invoice_line_ids}, quantities
        )
        self.assertEqual(set(self._ledger().mapped("state")), {"invoiced"})
        self.assertFalse(self._bill(self.agreement), "Billed once only")
        return bill


@tagged("post_install", "-at_install")
class TestAccountantRights(IntegrityCase):
    """Our add-ons never take anything away from accountants: ordinary documents work as
    without them, and consignment bills open and post without consignment rights."""

    def _new_document(self, user, move_type, partner):
        form = Form(
            self.env["account.move"].with_user(user).with_context(default_move_type=move_type)
        )
        form.partner_id = partner
        form.invoice_date = fields.Date.today()
        with form.invoice_line_ids.new() as line:
            line.product_id = self.service
            line.quantity = 2
            line.price_unit = 50.0
        with form.invoice_line_ids.new() as line:
            line.name = "Travel"
            line.quantity = 1
            line.price_unit = 20.0
        return form.save()

    def _pay(self, user, move):
        self.env["account.payment.register"].with_user(user).with_context(
            active_model="account.move", active_ids=move.ids
        ).create({})._create_payments()
        self.assertIn(move.payment_state, ("paid", "in_payment"))

    def _check_ordinary_documents(self, user):
        for move_type, partner in (("in_invoice", self.vendor), ("out_invoice", self.customer)):
            paid = self._new_document(user, move_type, partner)
            self.assertFalse(paid.consignment_agreement_id)
            paid.action_post()
            self.assertEqual(paid.state, "posted")
            self._pay(user, paid)
            # Reopened in the form, as the web client does.
            form = Form(paid)
            self.assertEqual(form.state, "posted")
            self.assertEqual(form.consignment_difference_state, "none")

            reset = self._new_document(user, move_type, partner)
            reset.action_post()
            reset.button_draft()
            with Form(reset) as edit:
                edit.invoice_line_ids.remove(index=1)
            self.assertEqual(len(reset.invoice_line_ids), 1)
            reset.button_cancel()
            self.assertEqual(reset.state, "cancel")

            # Ordinary posted documents still cancel in one step (Odoo resets them first).
            cancelled = self._new_document(user, move_type, partner)
            cancelled.action_post()
            cancelled.button_cancel()
            self.assertEqual(cancelled.state, "cancel")

            draft = self._new_document(user, move_type, partner)
            draft.unlink()
            self.assertFalse(draft.exists())

    def test_invoicing_user_works_as_without_consignment(self):
        self._check_ordinary_documents(self.invoicing_user)

    def test_bookkeeper_works_as_without_consignment(self):
        self._check_ordinary_documents(self.bookkeeper)

    def test_accountant_opens_and_posts_consignment_bill(self):
        bill = self._bill(self.agreement).with_user(self.invoicing_user)
        views = bill.get_views([(False, "form")])
        self.assertIn("consignment_difference_state", views["models"]["account.move"]["fields"])
        form = Form(bill)
        self.assertEqual(form.consignment_difference_state, "none")
        [values] = bill.web_read(
            {
                "consignment_agreement_id": {"fields": {"display_name": {}}},
                "consignment_difference_state": {},
                "invoice_line_ids": {
                    "fields": {
                        "consignment_ledger_quantity": {},
                        "consignment_has_difference": {},
                    }
                },
            }
        )
        self.assertEqual(values["consignment_agreement_id"]["id"], self.agreement.id)
        self.assertEqual(
            sorted(line["consignment_ledger_quantity"] for line in values["invoice_line_ids"]),
            [4.0, 10.0],
        )
        # Invoicing users see what the bill charges.
        ledger = bill.invoice_line_ids.consignment_consumption_ids
        self.assertEqual(sorted(ledger.mapped("quantity")), [4.0, 10.0])
        bill.action_post()
        self.assertEqual(bill.state, "posted")


@tagged("post_install", "-at_install")
class TestLedgerRelease(IntegrityCase):
    """A consumption bill that is cancelled or deleted, wholly or a line of it, gives its
    ledger records back; the next billing run charges them exactly once."""

    def test_posted_reset_cancelled_bill_is_billed_again_once(self):
        bill = self._bill(self.agreement).with_user(self.invoicing_user)
        bill.action_post()
        with self.assertRefused(UserError, "Reset it to draft first"):
            bill.button_cancel()
        self.assertEqual(bill.state, "posted")
        self.assertEqual(set(self._ledger().mapped("state")), {"invoiced"})
        bill.button_draft()
        bill.button_cancel()
        self.assertEqual(bill.state, "cancel")
        self._assert_ledger_open()
        self._assert_billed_once_more({self.product: 10.0, self.product_b: 4.0})
        self.assertRecordValues(
            self.order.order_line, [{"qty_invoiced": 10.0}, {"qty_invoiced": 4.0}]
        )
        # Posting the cancelled bill again would charge the consumption twice.
        with self.assertRefused(UserError, "cannot be reset to draft"):
            bill.button_draft()

    def test_deleted_draft_bill_is_billed_again_once(self):
        bill = self._bill(self.agreement).with_user(self.invoicing_user)
        bill.unlink()
        self._assert_ledger_open()
        self._assert_billed_once_more({self.product: 10.0, self.product_b: 4.0})

    def test_deleted_line_is_billed_again_once(self):
        bill = self._bill(self.agreement).with_user(self.invoicing_user)
        index = bill.invoice_line_ids.mapped("product_id").ids.index(self.product_b.id)
        with Form(bill) as form:
            form.invoice_line_ids.remove(index=index)
        self.assertEqual(bill.invoice_line_ids.product_id, self.product)
        kept = self._ledger().filtered(lambda record: record.product_id == self.product)
        self.assertEqual(kept.invoice_line_id, bill.invoice_line_ids)
        self._assert_ledger_open(self._ledger() - kept)
        again = self._bill(self.agreement)
        self.assertRecordValues(again.invoice_line_ids, [{"product_id": self.product_b.id}])
        self.assertEqual(again.invoice_line_ids.quantity, 4.0)
        self.assertFalse(self._bill(self.agreement))

    def test_document_cannot_lose_or_gain_its_agreement(self):
        bill = self._bill(self.agreement).with_user(self.invoicing_user)
        bill.action_post()
        # Without its agreement, the posted bill would cancel in one step and keep the ledger.
        with self.assertRefused(UserError, "set by consignment billing"):
            bill.write({"consignment_agreement_id": False})
        with self.assertRefused(UserError, "set by consignment billing"):
            bill.write({"consignment_period_end": "2026-04-30"})
        bill.write({"ref": "Vendor bill 4711"})  # ordinary fields stay writable
        ordinary = (
            self.env["account.move"]
            .with_user(self.invoicing_user)
            .create({"move_type": "in_invoice", "partner_id": self.vendor.id})
        )
        with self.assertRefused(UserError, "set by consignment billing"):
            ordinary.write({"consignment_agreement_id": self.agreement.id})
        with self.assertRefused(UserError, "set by consignment billing"):
            self.env["account.move"].with_user(self.invoicing_user).with_context(
                default_consignment_agreement_id=self.agreement.id
            ).create({"move_type": "in_invoice", "partner_id": self.vendor.id})
        self.assertEqual(bill.consignment_agreement_id, self.agreement)

    def test_ledger_link_is_set_by_billing_only(self):
        bill = self._bill(self.agreement)
        line = bill.invoice_line_ids.filtered(lambda line: line.product_id == self.product)
        other = bill.invoice_line_ids - line
        with self.assertRefused(UserError, "linked by consignment billing only"):
            other.with_user(self.invoicing_user).write(
                {"consignment_consumption_ids": [Command.set(line.consignment_consumption_ids.ids)]}
            )
        for user in (self.invoicing_user, self.consignment_manager, self.buyer):
            with self.assertRaises(AccessError):
                line.consignment_consumption_ids.with_user(user).write(
                    {"state": "to_invoice", "invoice_line_id": False}
                )
        self.assertEqual(set(self._ledger().mapped("state")), {"invoiced"})


@tagged("post_install", "-at_install")
class TestDifferenceAcceptance(IntegrityCase):
    """The acceptance of bill differences is a consignment manager's signature."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_company = cls.env["res.company"].create({"name": "Other Consignment Co"})
        cls.other_manager = new_test_user(
            cls.env,
            login="consign_other_manager",
            groups="consignment_stock.group_consignment_manager",
            company_id=cls.other_company.id,
            company_ids=[Command.set(cls.other_company.ids)],
        )

    def setUp(self):
        super().setUp()
        self.bill = self._bill(self.agreement)
        with Form(self.bill) as form:
            with form.invoice_line_ids.edit(0) as line:
                line.quantity += 2  # the vendor's invoice says two more
        self.assertEqual(self.bill.consignment_difference_state, "to_accept")

    def test_signature_cannot_be_forged(self):
        forged = {
            "consignment_accepted_signature": self.bill.consignment_difference_signature,
            "consignment_accepted_reason": "Looks fine",
            "consignment_accepted_by_id": self.consignment_manager.id,
            "consignment_accepted_date": fields.Datetime.now(),
        }
        for user in (self.invoicing_user, self.accountant):
            for name, value in forged.items():
                with self.assertRefused(UserError, "set by consignment billing"):
                    self.bill.with_user(user).write({name: value})
        with self.assertRaises(AccessError):  # not even an accountant
            self.bill.with_user(self.consignment_manager).write(forged)
        with self.assertRefused(UserError, "set by consignment billing"):
            self.env["account.move"].with_user(self.invoicing_user).create(
                {
                    "move_type": "in_invoice",
                    "partner_id": self.vendor.id,
                    "consignment_accepted_signature": "x",
                }
            )
        self.assertEqual(self.bill.consignment_difference_state, "to_accept")
        with self.assertRefused(UserError, "differs from the consumption ledger"):
            self.bill.with_user(self.invoicing_user).action_post()

    def test_manager_of_another_company_cannot_accept(self):
        Wizard = self.env["consignment.difference.accept"].with_user(self.other_manager)
        with self.assertRefused(AccessError, "a company you do not work in"):
            Wizard.create({"move_id": self.bill.id, "reason": "Vendor count"})
        # A wizard made some other way is refused on acceptance too.
        wizard = Wizard.sudo().create({"move_id": self.bill.id, "reason": "Vendor count"})
        with self.assertRefused(AccessError, "a company you do not work in"):
            wizard.sudo(False).action_accept()
        with self.assertRefused(AccessError, "a company you do not work in"):
            self.bill.with_user(self.other_manager).action_consignment_accept_differences()
        self.assertFalse(self.bill.consignment_accepted_by_id)
        self.assertEqual(self.bill.consignment_difference_state, "to_accept")

    def test_accountant_cannot_accept(self):
        for user in (self.invoicing_user, self.accountant):
            with self.assertRaises(AccessError):
                self.env["consignment.difference.accept"].with_user(user).create(
                    {"move_id": self.bill.id, "reason": "Vendor count"}
                )
            with self.assertRaises(AccessError):
                self.bill.with_user(user).action_consignment_accept_differences()
        self.assertEqual(self.bill.consignment_difference_state, "to_accept")

    def test_only_vendor_consignment_bills(self):
        ordinary = self.env["account.move"].create(
            {
                "move_type": "in_invoice",
                "partner_id": self.vendor.id,
                "invoice_line_ids": [
                    Command.create({"name": "Service", "quantity": 1, "price_unit": 10.0})
                ],
            }
        )
        with self.assertRefused(UserError, "not a vendor consignment bill"):
            self.env["consignment.difference.accept"].with_user(self.consignment_manager).create(
                {"move_id": ordinary.id, "reason": "Vendor count"}
            )

    def test_manager_of_the_company_accepts(self):
        wizard = (
            self.env["consignment.difference.accept"]
            .with_user(self.consignment_manager)
            .create({"move_id": self.bill.id, "reason": "  Vendor counted two more  "})
        )
        self.assertTrue(wizard.difference_summary)
        wizard.action_accept()
        self.assertRecordValues(
            self.bill,
            [
                {
                    "consignment_difference_state": "accepted",
                    "consignment_accepted_by_id": self.consignment_manager.id,
                    "consignment_accepted_reason": "Vendor counted two more",
                }
            ],
        )
        self.bill.with_user(self.invoicing_user).action_post()
        self.assertEqual(self.bill.state, "posted")


@tagged("post_install", "-at_install")
class TestBillingByHand(IntegrityCase):
    def test_buyer_is_refused_manager_bills(self):
        for user in (self.buyer, self.stock_user):
            with self.assertRaises(AccessError):
                self.agreement.with_user(user).action_create_invoices(period_end="2026-03-31")
        with self.assertRaises(AccessError):
            self.env["consignment.billing.wizard"].with_user(self.buyer).create(
                {"agreement_ids": [Command.set(self.agreement.ids)], "period_end": "2026-03-31"}
            )
        self.assertFalse(self.agreement.invoice_ids)
        move_ids = self.agreement.with_user(self.consignment_manager).action_create_invoices(
            period_end="2026-03-31"
        )
        self.assertEqual(self.agreement.invoice_ids.ids, move_ids)
        self.assertEqual(set(self._ledger().mapped("state")), {"invoiced"})

    def test_accounts_payable_bills_consumption(self):
        """Accountants settle consumption as they settle any bill: from Invoicing, with
        invoicing rights only."""
        wizard = (
            self.env["consignment.billing.wizard"]
            .with_user(self.invoicing_user)
            .create(
                {"agreement_ids": [Command.set(self.agreement.ids)], "period_end": "2026-03-31"}
            )
        )
        wizard.action_create_invoices()
        self.assertRecordValues(
            self.agreement.invoice_ids,
            [{"move_type": "in_invoice", "state": "draft", "create_uid": self.invoicing_user.id}],
        )
        self.assertEqual(set(self._ledger().mapped("state")), {"invoiced"})

    def test_period_end_must_be_a_past_day(self):
        agreement = self.agreement.with_user(self.consignment_manager)
        with self.assertRefused(UserError, "YYYY-MM-DD"):
            agreement.action_create_invoices(period_end="31/03/2026")
        with self.assertRefused(UserError, "cannot end after today"):
            agreement.action_create_invoices(period_end="2999-12-31")
        self.assertFalse(self.agreement.invoice_ids)
