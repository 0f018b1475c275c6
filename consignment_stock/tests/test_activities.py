from freezegun import freeze_time

from odoo import fields
from odoo.tests import Form, new_test_user, tagged

from .common import ConsignmentCase


@tagged("post_install", "-at_install")
class TestActivities(ConsignmentCase):
    """What waits for a person shows up as an activity of the agreement's responsible: a
    count that is due, a bill or invoice to check, a count the customer submitted."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.count_type = cls.env.ref("consignment_stock.mail_activity_type_consignment_count")
        cls.accountant = new_test_user(
            cls.env,
            login="consign_accountant",
            groups="stock.group_stock_user,account.group_account_invoice",
        )

    def _count_due_activities(self, agreement):
        return agreement.activity_ids.filtered(
            lambda activity: activity.activity_type_id == self.count_type
        )

    def test_count_due_planned_once_then_done_by_the_count(self):
        with freeze_time("2026-03-01"):
            agreement = self._create_agreement(
                count_frequency="monthly", user_id=self.consignment_manager.id
            )
        self.assertEqual(agreement.next_count_date, fields.Date.to_date("2026-04-01"))
        with freeze_time("2026-03-31"):
            self.env["consignment.agreement"]._cron_schedule_counts()
        self.assertFalse(self._count_due_activities(agreement))

        with freeze_time("2026-04-01"):
            self.env["consignment.agreement"]._cron_schedule_counts()
            self.env["consignment.agreement"]._cron_schedule_counts()
        activity = self._count_due_activities(agreement)
        self.assertRecordValues(
            activity,
            [
                {
                    "user_id": self.consignment_manager.id,
                    "date_deadline": fields.Date.to_date("2026-04-01"),
                    "summary": "Count the consignment stock",
                }
            ],
        )
        self.assertIn(agreement.location_id.display_name, str(activity.note))
        self.assertEqual(agreement.next_count_date, fields.Date.to_date("2026-05-01"))

        # Missed months: still one activity, and the next date lands in the future.
        with freeze_time("2026-07-15"):
            self.env["consignment.agreement"]._cron_schedule_counts()
        self.assertEqual(len(self._count_due_activities(agreement)), 1)
        self.assertEqual(agreement.next_count_date, fields.Date.to_date("2026-08-01"))

        self._receive_consignment(agreement, self.product, 5)
        with freeze_time("2026-07-16"):
            count = self.env["consignment.count"].create({"agreement_id": agreement.id})
            count.action_set_expected_as_counted()
            count.action_validate()
        self.assertFalse(self._count_due_activities(agreement))
        self.assertTrue(
            any(count.display_name in str(message.body) for message in agreement.message_ids)
        )

    def test_no_scheduled_counts(self):
        agreement = self._create_agreement(count_frequency="none")
        self.assertFalse(agreement.next_count_date)
        self.env["consignment.agreement"]._cron_schedule_counts()
        self.assertFalse(self._count_due_activities(agreement))

    def test_count_frequency_defaults_to_quarterly(self):
        with freeze_time("2026-02-10"):
            form = Form(self.env["consignment.agreement"])
            form.partner_id = self.vendor
            with form.line_ids.new() as line:
                line.product_id = self.product
                line.price_unit = 3.0
            agreement = form.save()
            agreement.action_activate()
        self.assertEqual(agreement.count_frequency, "quarterly")
        self.assertEqual(agreement.next_count_date, fields.Date.to_date("2026-05-10"))

    def test_bill_to_check_for_the_responsible(self):
        agreement = self._create_agreement(user_id=self.accountant.id)
        self._receive_consignment(agreement, self.product, 10)
        self._move(
            self.product, 4, agreement.location_id, self.customer_location, owner=self.vendor
        )
        bill = self.env["account.move"].browse(
            agreement.action_create_invoices(period_end=fields.Date.today())
        )
        self.assertRecordValues(
            bill.activity_ids,
            [{"user_id": self.accountant.id, "summary": "Check the consignment bill"}],
        )
        self.assertIn(agreement.name, str(bill.activity_ids.note))

    def test_invoice_to_check_for_the_responsible(self):
        agreement = self._create_agreement(consignment_type="customer", user_id=self.accountant.id)
        self._move(self.product, 10, self.supplier_location, self.stock_location)
        self._move(self.product, 10, self.stock_location, agreement.location_id)
        self._move(self.product, 3, agreement.location_id, self.customer_location)
        invoice = self.env["account.move"].browse(
            agreement.action_create_invoices(period_end=fields.Date.today())
        )
        self.assertEqual(invoice.move_type, "out_invoice")
        self.assertRecordValues(
            invoice.activity_ids,
            [{"user_id": self.accountant.id, "summary": "Check the consignment invoice"}],
        )

    def test_no_bill_activity_for_a_responsible_who_cannot_edit_bills(self):
        agreement = self._create_agreement(user_id=self.stock_user.id)
        self._receive_consignment(agreement, self.product, 10)
        self._move(
            self.product, 4, agreement.location_id, self.customer_location, owner=self.vendor
        )
        bill = self.env["account.move"].browse(
            agreement.action_create_invoices(period_end=fields.Date.today())
        )
        self.assertEqual(bill.invoice_line_ids.quantity, 4.0)
        self.assertFalse(bill.activity_ids)

    def test_count_submitted_by_the_customer_to_validate(self):
        agreement = self._create_agreement(
            consignment_type="customer", user_id=self.consignment_manager.id
        )
        self._move(self.product, 10, self.supplier_location, self.stock_location)
        self._move(self.product, 10, self.stock_location, agreement.location_id)
        count = self.env["consignment.count"].create({"agreement_id": agreement.id})
        self.env["consignment.count"].sudo()._portal_submit(
            count, {(self.product.id, False): 9.0}, self.customer
        )
        self.assertRecordValues(
            count.activity_ids,
            [
                {
                    "user_id": self.consignment_manager.id,
                    "summary": "Validate the count submitted by the customer",
                }
            ],
        )
        count.line_ids.reason = "unrecorded_use"
        count.with_user(self.consignment_manager).action_validate()
        self.assertFalse(count.activity_ids)
