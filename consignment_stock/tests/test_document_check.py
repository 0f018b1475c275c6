from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import ValidationError
from odoo.tests import Form, new_test_user, tagged

from .common import ConsignmentCase


@tagged("post_install", "-at_install")
class TestDocumentCheck(ConsignmentCase):
    """The accounting side checks each new consumption bill or invoice: the activity goes
    to the agreement's accountant, else the company's, else the agreement's responsible,
    and posting the document marks it done."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.check_type = cls.env.ref(
            "consignment_stock.mail_activity_type_consignment_document_check"
        )
        cls.company_checker = new_test_user(
            cls.env, login="consign_company_checker", groups="account.group_account_invoice"
        )
        cls.agreement_checker = new_test_user(
            cls.env, login="consign_agreement_checker", groups="account.group_account_invoice"
        )
        cls.responsible = new_test_user(
            cls.env,
            login="consign_responsible",
            groups="stock.group_stock_user,account.group_account_invoice",
        )

    def _bill(self, agreement, quantity=4):
        self._receive_consignment(agreement, self.product, 10)
        self._move(
            self.product,
            quantity,
            agreement.location_id,
            self.customer_location,
            owner=agreement.partner_id,
        )
        return self.env["account.move"].browse(
            agreement.action_create_invoices(period_end=fields.Date.today())
        )

    def _check_activities(self, move):
        return move.activity_ids.filtered(lambda a: a.activity_type_id == self.check_type)

    def test_activity_goes_to_the_agreement_accountant_first(self):
        self.company.consignment_document_checker_id = self.company_checker
        agreement = self._create_agreement(
            user_id=self.responsible.id, accountant_id=self.agreement_checker.id
        )
        bill = self._bill(agreement)
        self.assertRecordValues(
            self._check_activities(bill),
            [{"user_id": self.agreement_checker.id, "summary": "Check the consignment bill"}],
        )

    def test_accountant_set_on_the_agreement_form(self):
        agreement = self._create_agreement(user_id=self.responsible.id)
        with Form(agreement) as form:
            form.accountant_id = self.agreement_checker
        self.assertEqual(agreement._get_document_checker(), self.agreement_checker)

    def test_activity_goes_to_the_company_checker(self):
        self.company.consignment_document_checker_id = self.company_checker
        agreement = self._create_agreement(user_id=self.responsible.id)
        bill = self._bill(agreement)
        self.assertRecordValues(
            self._check_activities(bill), [{"user_id": self.company_checker.id}]
        )

    def test_activity_falls_back_to_the_responsible(self):
        self.company.consignment_document_checker_id = False
        agreement = self._create_agreement(user_id=self.responsible.id)
        bill = self._bill(agreement)
        self.assertRecordValues(self._check_activities(bill), [{"user_id": self.responsible.id}])

    def test_checker_needs_invoicing_rights(self):
        with self.assertRaises(ValidationError) as caught:
            self.company.consignment_document_checker_id = self.stock_user
        self.assertIn("has no Invoicing rights", str(caught.exception))
        agreement = self._create_agreement()
        with self.assertRaises(ValidationError) as caught:
            agreement.accountant_id = self.stock_user
        self.assertIn("Accountant", str(caught.exception))
        self.assertFalse(agreement.accountant_id)

    def test_setting_in_the_consignment_settings(self):
        settings = Form(self.env["res.config.settings"])
        settings.group_consignment_enabled = True
        settings.consignment_document_checker_id = self.company_checker
        settings.save().execute()
        self.assertEqual(self.company.consignment_document_checker_id, self.company_checker)

    def test_posting_by_an_invoicing_user_marks_the_check_done(self):
        self.company.consignment_document_checker_id = self.company_checker
        agreement = self._create_agreement(user_id=self.responsible.id)
        bill = self._bill(agreement)
        todo = bill.activity_schedule("mail.mail_activity_data_todo", user_id=self.responsible.id)
        # Another accountant with Invoicing rights only posts it.
        bill.with_user(self.agreement_checker).action_post()
        self.assertEqual(bill.state, "posted")
        self.assertFalse(self._check_activities(bill))
        self.assertEqual(bill.activity_ids, todo, "Other activities of the bill stay")
        done = bill.message_ids.filtered(lambda m: m.mail_activity_type_id == self.check_type)
        self.assertEqual(len(done), 1)
        self.assertEqual(done.author_id, self.agreement_checker.partner_id)

    def test_cancelling_removes_the_check(self):
        self.company.consignment_document_checker_id = self.company_checker
        bill = self._bill(self._create_agreement())
        self.assertTrue(self._check_activities(bill))
        bill.with_user(self.company_checker).button_cancel()
        self.assertEqual(bill.state, "cancel")
        self.assertFalse(self._check_activities(bill))

    def test_deleting_removes_the_check(self):
        self.company.consignment_document_checker_id = self.company_checker
        bill = self._bill(self._create_agreement())
        activity = self._check_activities(bill)
        self.assertTrue(activity)
        bill.with_user(self.company_checker).unlink()
        self.assertFalse(activity.exists())


@tagged("post_install", "-at_install")
class TestDocumentReference(ConsignmentCase):
    """The bill's reference is left for the vendor's number; the agreement and period go in
    the origin; the line reads "<product>: consumed 1 Mar 2026 - 31 Mar 2026" in the
    partner's language."""

    def _bill(self, agreement):
        with freeze_time("2026-03-10 10:00:00"):
            self._receive_consignment(agreement, self.product, 10)
            self._move(
                self.product,
                4,
                agreement.location_id,
                self.customer_location,
                owner=agreement.partner_id,
            )
        return self.env["account.move"].browse(
            agreement.action_create_invoices(period_end=fields.Date.to_date("2026-03-31"))
        )

    def test_reference_left_for_the_vendor(self):
        agreement = self._create_agreement()
        bill = self._bill(agreement)
        self.assertRecordValues(
            bill,
            [
                {
                    "ref": False,
                    "invoice_origin": f"{agreement.name}, 1 Mar 2026 - 31 Mar 2026",
                    "consignment_period_start": fields.Date.to_date("2026-03-01"),
                    "consignment_period_end": fields.Date.to_date("2026-03-31"),
                }
            ],
        )
        self.assertEqual(
            bill.invoice_line_ids.name, "Consigned Widget: consumed 1 Mar 2026 - 31 Mar 2026"
        )
        bill.ref = "VENDOR-4711"
        self.assertEqual(bill.ref, "VENDOR-4711")

    def test_label_in_the_partner_language(self):
        self.env["res.lang"]._activate_lang("nl_NL")
        self.vendor.lang = "nl_NL"
        bill = self._bill(self._create_agreement())
        # The label's words and dates are the partner's language; the product has no Dutch name.
        self.assertEqual(
            bill.invoice_line_ids.name, "Consigned Widget: verbruikt 1 mrt. 2026 - 31 mrt. 2026"
        )

    def test_label_in_a_language_not_installed(self):
        self.assertFalse(self.env["res.lang"]._lang_get("fr_FR").active)
        # A partner keeps the language of a language that was since deactivated.
        self.env.cr.execute("UPDATE res_partner SET lang = 'fr_FR' WHERE id = %s", [self.vendor.id])
        self.vendor.invalidate_recordset(["lang"])
        bill = self._bill(self._create_agreement())
        self.assertEqual(
            bill.invoice_line_ids.name, "Consigned Widget: consumed 1 Mar 2026 - 31 Mar 2026"
        )

    def test_customer_invoice_reference_left_for_the_customer(self):
        agreement = self._create_agreement(consignment_type="customer")
        self._move(self.product, 10, self.supplier_location, self.stock_location)
        self._move(self.product, 10, self.stock_location, agreement.location_id)
        self._move(self.product, 3, agreement.location_id, self.customer_location)
        invoice = self.env["account.move"].browse(
            agreement.action_create_invoices(period_end=fields.Date.today())
        )
        self.assertEqual(invoice.move_type, "out_invoice")
        self.assertFalse(invoice.ref)
        self.assertTrue(invoice.invoice_origin.startswith(f"{agreement.name}, "))


@tagged("post_install", "-at_install")
class TestLedgerColumns(ConsignmentCase):
    """Each line of a consumption bill shows what the ledger records for it: the quantity
    in the line's unit and the unit price in the bill's currency."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agreement = cls._create_agreement()
        cls._receive_consignment(cls.agreement, cls.product, 30)
        cls._move(
            cls.product, 24, cls.agreement.location_id, cls.customer_location, owner=cls.vendor
        )
        cls.bill = cls.env["account.move"].browse(
            cls.agreement.action_create_invoices(period_end=fields.Date.today())
        )
        cls.accountant = new_test_user(
            cls.env, login="consign_ledger_accountant", groups="account.group_account_invoice"
        )

    def test_ledger_columns_of_a_line(self):
        self.assertRecordValues(
            self.bill.with_user(self.accountant).invoice_line_ids,
            [
                {
                    "quantity": 24.0,
                    "consignment_ledger_quantity": 24.0,
                    "consignment_ledger_price_unit": 10.0,
                }
            ],
        )

    def test_ledger_columns_in_the_line_unit(self):
        self.bill.invoice_line_ids.write(
            {"product_uom_id": self.uom_dozen.id, "quantity": 2.0, "price_unit": 120.0}
        )
        self.assertRecordValues(
            self.bill.invoice_line_ids,
            [{"consignment_ledger_quantity": 2.0, "consignment_ledger_price_unit": 120.0}],
        )

    def test_ledger_columns_in_the_bill_currency(self):
        other_currency = (
            self.env["res.currency"]
            .with_context(active_test=False)
            .search([("id", "!=", self.company.currency_id.id)], limit=1)
        )
        other_currency.active = True
        self.env["res.currency.rate"].create(
            {
                "currency_id": other_currency.id,
                "rate": 2.0,
                "company_id": self.company.id,
                "name": "2026-01-01",
            }
        )
        self.bill.currency_id = other_currency
        self.assertRecordValues(
            self.bill.invoice_line_ids,
            [{"consignment_ledger_quantity": 24.0, "consignment_ledger_price_unit": 20.0}],
        )

    def test_ledger_columns_only_on_consignment_documents(self):
        arch = self.bill.with_user(self.accountant).get_views([(False, "form")])["views"]["form"][
            "arch"
        ]
        self.assertIn('name="consignment_ledger_quantity"', arch)
        self.assertIn("not parent.consignment_agreement_id", arch)
        ordinary = self.env["account.move"].create(
            {
                "move_type": "in_invoice",
                "partner_id": self.vendor.id,
                "invoice_line_ids": [
                    fields.Command.create({"product_id": self.product.id, "quantity": 1})
                ],
            }
        )
        self.assertRecordValues(
            ordinary.invoice_line_ids,
            [{"consignment_ledger_quantity": 0.0, "consignment_ledger_price_unit": 0.0}],
        )

    def _ledger_queries(self, lines):
        self.env.flush_all()
        self.env.invalidate_all()
        lines = lines.browse(lines.ids)  # prefetched together, as a list view reads them
        count = self.env.cr.sql_log_count
        lines.mapped("consignment_ledger_quantity")
        return self.env.cr.sql_log_count - count

    def test_ledger_columns_in_batch(self):
        one_line = self._ledger_queries(self.bill.invoice_line_ids)
        self.bill.write(
            {
                "invoice_line_ids": [
                    fields.Command.create({"product_id": product.id, "quantity": 1.0})
                    for product in (self.product_lot, self.product_serial, self.product)
                ]
            }
        )
        self.assertEqual(len(self.bill.invoice_line_ids), 4)
        self.assertLessEqual(self._ledger_queries(self.bill.invoice_line_ids), one_line)
