from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import ConsignmentCase


@tagged("post_install", "-at_install")
class TestStatementAutoSend(ConsignmentCase):
    """The statement of the current billing period goes to the partner by itself, a set
    number of days before the period ends, once per period."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.vendor.email = "vendor.consign@example.com"
        cls.customer.email = "customer.consign@example.com"
        cls.template = cls.env.ref("consignment_stock.mail_template_consignment_statement")
        # Monthly from 1 January 2026; 25 received on 4 May.
        cls.agreement = cls._create_agreement()
        with freeze_time("2026-05-04 10:00:00"):
            cls._receive_consignment(cls.agreement, cls.product, 25)

    def _run(self, day):
        with freeze_time(f"{day} 10:00:00"):
            self.env["consignment.agreement"]._cron_send_statements()

    def _statements(self, agreement=None):
        """The statements emailed from the agreement's chatter, newest first."""
        agreement = agreement or self.agreement
        return agreement.message_ids.filtered(
            lambda message: (
                message.message_type == "comment"
                and message.subtype_id == self.env.ref("mail.mt_comment")
            )
        )

    def _attachment_text(self, message):
        # Tests render reports as HTML unless forced: the attachment is its text.
        return " ".join(message.attachment_ids.sudo().raw.decode(errors="ignore").split())

    def test_vendor_agreement_sends_by_default(self):
        self.assertRecordValues(
            self.agreement,
            [{"statement_auto_send": True, "statement_days_before_period_end": 3}],
        )

    def test_sent_days_before_the_period_ends_once_per_period(self):
        self._run("2026-05-27")
        self.assertFalse(self._statements(), "4 days before the end: not yet")
        self._run("2026-05-28")
        message = self._statements()
        self.assertEqual(len(message), 1)
        self.assertIn(self.vendor, message.partner_ids)
        self.assertRecordValues(
            self.agreement,
            [
                {
                    "statement_date_from": fields.Date.to_date("2026-05-01"),
                    "statement_date_to": fields.Date.to_date("2026-05-28"),
                    "statement_auto_sent_period_end": fields.Date.to_date("2026-05-31"),
                }
            ],
        )
        mail = self.env["mail.mail"].sudo().search([("mail_message_id", "=", message.id)])
        self.assertEqual(mail.recipient_ids, self.vendor)
        self.assertEqual(mail.state, "outgoing", "Queued: sent once the run is committed")
        self._run("2026-05-28")
        self._run("2026-05-30")
        self.assertEqual(len(self._statements()), 1, "Each period's statement is sent once")
        self._run("2026-06-26")
        self.assertEqual(len(self._statements()), 1)
        self._run("2026-06-27")
        self.assertEqual(len(self._statements()), 2, "The next period's statement")
        self.assertRecordValues(
            self.agreement,
            [
                {
                    "statement_date_from": fields.Date.to_date("2026-06-01"),
                    "statement_date_to": fields.Date.to_date("2026-06-27"),
                    "statement_auto_sent_period_end": fields.Date.to_date("2026-06-30"),
                }
            ],
        )

    def test_mail_has_the_pdf_of_the_period(self):
        self.agreement.user_id = self.consignment_manager
        self._run("2026-05-29")
        message = self._statements()
        self.assertEqual(
            message.author_id, self.consignment_manager.partner_id, "From the responsible"
        )
        self.assertIn("05/01/2026", message.subject)
        self.assertIn("05/29/2026", message.subject)
        self.assertEqual(len(message.attachment_ids), 1)
        self.assertTrue(message.attachment_ids.name.startswith("Statement"))
        text = self._attachment_text(message)
        self.assertIn("05/01/2026", text)
        self.assertIn("05/29/2026", text)
        self.assertIn("25.00", text, "The May receipt")

    def test_disabled_per_agreement(self):
        self.agreement.statement_auto_send = False
        self._run("2026-05-31")
        self.assertFalse(self._statements())
        self.assertFalse(self.agreement.statement_auto_sent_period_end)

    def test_zero_days_sends_on_the_last_day(self):
        self.agreement.statement_days_before_period_end = 0
        self._run("2026-05-30")
        self.assertFalse(self._statements())
        self._run("2026-05-31")
        self.assertEqual(len(self._statements()), 1)
        self.assertEqual(self.agreement.statement_date_to, fields.Date.to_date("2026-05-31"))

    def test_negative_days_are_refused(self):
        with self.assertRaises(ValidationError) as caught:
            self.agreement.statement_days_before_period_end = -1
        self.assertIn("must be 0 or more", str(caught.exception))

    def test_no_mail_for_draft_or_closed_agreements(self):
        draft = self._create_agreement(activate=False)
        closed = self._create_agreement(
            partner=self.env["res.partner"].create(
                {"name": "Closed Vendor", "email": "closed@example.com"}
            )
        )
        closed._write_workflow({"state": "closed", "date_end": "2026-12-31"})
        self.assertTrue(draft.statement_auto_send)
        self._run("2026-05-29")
        self.assertFalse(self._statements(draft))
        self.assertFalse(self._statements(closed))
        self.assertEqual(len(self._statements()), 1, "The active agreement's is sent")

    @mute_logger("odoo.addons.consignment_stock.report.consignment_statement_engine")
    def test_failure_is_noted_and_others_are_sent(self):
        no_email = self.env["res.partner"].create({"name": "Vendor Without Email"})
        failing = self._create_agreement(partner=no_email)
        self._run("2026-05-29")
        self.assertFalse(self._statements(failing))
        self.assertFalse(failing.statement_auto_sent_period_end, "Tried again the next day")
        note = failing.message_ids.filtered(lambda m: "could not be sent" in (m.body or ""))
        self.assertEqual(len(note), 1)
        self.assertIn("has no email address", note.body)
        self.assertEqual(len(self._statements()), 1, "The other agreement's is sent")

    def test_sent_by_another_run_is_not_sent_again(self):
        """A run that finds the period sent once it holds the lock (a concurrent run sent it
        in between) sends nothing."""
        engine = self.env["consignment.statement.engine"]
        with freeze_time("2026-05-29 10:00:00"):
            self.env.cr.execute(
                "UPDATE consignment_agreement SET statement_auto_sent_period_end = %s"
                " WHERE id = %s",
                ["2026-05-31", self.agreement.id],
            )
            sent = engine._send_auto_statement(
                self.agreement,
                fields.Date.to_date("2026-05-01"),
                fields.Date.to_date("2026-05-29"),
                fields.Date.to_date("2026-05-31"),
            )
        self.assertFalse(sent)
        self.assertFalse(self._statements())

    def test_customer_agreement_when_switched_on(self):
        agreement = self._create_agreement(consignment_type="customer")
        self.assertFalse(agreement.statement_auto_send, "Off by default for customers")
        agreement.statement_auto_send = True
        self._run("2026-05-29")
        message = self._statements(agreement)
        self.assertEqual(len(message), 1)
        self.assertIn(self.customer, message.partner_ids)

    def test_scheduled_action_runs_as_its_user(self):
        cron = self.env.ref("consignment_stock.ir_cron_consignment_send_statements")
        self.assertTrue(cron.active)
        with freeze_time("2026-05-29 10:00:00"):
            cron.ir_actions_server_id.with_user(cron.user_id).run()
        self.assertEqual(len(self._statements()), 1)

    def test_company_setting_gives_the_default(self):
        settings = Form(self.env["res.config.settings"])
        settings.consignment_statement_auto_send = False
        settings.save().execute()
        self.assertFalse(self.company.consignment_statement_auto_send)
        Agreement = self.env["consignment.agreement"].with_user(self.consignment_manager)
        with Form(Agreement) as form:
            form.partner_id = self.vendor
            self.assertFalse(form.statement_auto_send)
            self.assertEqual(form.statement_days_before_period_end, 3)
            # The manager decides per agreement.
            form.statement_auto_send = True
            form.statement_days_before_period_end = 5
        self.assertRecordValues(
            form.record, [{"statement_auto_send": True, "statement_days_before_period_end": 5}]
        )
        self.company.consignment_statement_auto_send = True
        with Form(Agreement) as form:
            form.partner_id = self.vendor
            self.assertTrue(form.statement_auto_send)
            form.consignment_type = "customer"
            self.assertFalse(form.statement_auto_send)

    def test_sent_period_is_not_written_by_hand(self):
        agreement = self.agreement.with_user(self.consignment_manager)
        with self.assertRaises(UserError):
            agreement.write({"statement_auto_sent_period_end": fields.Date.to_date("2026-12-31")})
        self.assertFalse(self.agreement.statement_auto_sent_period_end)
