from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from .common import ConsignmentCase


@tagged("post_install", "-at_install")
class TestTermination(ConsignmentCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.consignment_user = new_test_user(
            cls.env,
            login="consign_termination_user",
            groups="stock.group_stock_user,consignment_stock.group_consignment_user",
        )

    def _wizard(self, agreement, user=None):
        agreement = agreement.with_user(user) if user else agreement
        action = agreement.action_terminate()
        return Form(agreement.env[action["res_model"]].with_context(**action["context"]))

    def _joint_counts(self, agreement):
        return self.env["consignment.count"].search([("agreement_id", "=", agreement.id)])

    def test_notice_period_from_company_setting(self):
        self.assertEqual(self._create_agreement(activate=False).notice_period_days, 90)
        self.company.consignment_notice_period_days = 30
        self.assertEqual(self._create_agreement(activate=False).notice_period_days, 30)

    @freeze_time("2026-03-02")
    def test_planned_termination_waits_for_the_notice(self):
        line = {"product_id": self.product.id, "price_unit": 10.0, "min_qty": 1, "max_qty": 5}
        agreement = self._create_agreement(lines=[line])
        wizard = self._wizard(agreement)
        self.assertEqual(wizard.termination_date, fields.Date.to_date("2026-05-31"))
        wizard.termination_date = "2026-04-01"
        wizard.termination_reason = "Range discontinued"
        with self.assertRaisesRegex(UserError, "2026-05-31 at the earliest"):
            wizard.save().action_confirm()
        self.assertFalse(agreement.termination_date, "A refused date records nothing")
        wizard.termination_date = "2026-05-31"
        wizard.save().action_confirm()
        self.assertRecordValues(
            agreement,
            [
                {
                    "state": "active",
                    "date_end": False,
                    "termination_requested_date": fields.Date.to_date("2026-03-02"),
                    "termination_date": fields.Date.to_date("2026-05-31"),
                    "termination_kind": "planned",
                    "termination_reason": "Range discontinued",
                }
            ],
        )
        self.assertTrue(agreement.orderpoint_ids.filtered("active"), "Still replenished")
        self.assertFalse(self._joint_counts(agreement), "A planned termination has no joint count")
        with self.assertRaisesRegex(UserError, "not being terminated yet"):
            agreement.action_terminate()
        Agreement = self.env["consignment.agreement"]
        with freeze_time("2026-05-30"):
            self.assertFalse(Agreement._cron_start_terminations())
            self.assertEqual(agreement.state, "active")
        with freeze_time("2026-05-31"):
            self.assertEqual(Agreement._cron_start_terminations(), agreement)
            self.assertFalse(Agreement._cron_start_terminations(), "A second run does nothing")
        self.assertRecordValues(
            agreement, [{"state": "terminating", "date_end": fields.Date.to_date("2026-05-31")}]
        )
        self.assertFalse(agreement.orderpoint_ids.filtered("active"), "No fill-ups any more")

    def test_termination_fields_written_only_by_the_wizard(self):
        agreement = self._create_agreement()
        with self.assertRaisesRegex(UserError, "changes only through its buttons"):
            agreement.with_user(self.consignment_manager).write({"termination_date": "2026-01-02"})
        self.assertFalse(agreement.termination_date)

    def test_reason_and_notice_checked(self):
        agreement = self._create_agreement()
        with self.assertRaisesRegex(UserError, "reason"):
            agreement._request_termination(fields.Date.today(), "  ", "forced")
        self.assertRecordValues(agreement, [{"state": "active", "termination_date": False}])
        with self.assertRaisesRegex(ValidationError, "notice period cannot be negative"):
            agreement.notice_period_days = -5

    def test_forced_termination_joint_count_activity_and_dispute(self):
        agreement = self._create_agreement(lines=[(self.product, 10.0)])
        self._receive_consignment(agreement, self.product, 5)
        agreement.user_id = self.consignment_manager
        self._terminate(agreement, reason="Vendor went bankrupt")
        today = fields.Date.context_today(agreement)
        self.assertRecordValues(
            agreement, [{"state": "terminating", "date_end": today, "termination_kind": "forced"}]
        )
        count = self._joint_counts(agreement)
        self.assertRecordValues(count, [{"state": "draft", "date": today}])
        self.assertEqual(count.line_ids.expected_qty, 5.0)
        activity = agreement.activity_ids
        self.assertRecordValues(
            activity,
            [
                {
                    "summary": "Joint count with Vendor Consign",
                    "user_id": self.consignment_manager.id,
                    "date_deadline": today,
                }
            ],
        )
        if "consignment.dispute" in self.env:
            dispute = self.env["consignment.dispute"].search([("agreement_id", "=", agreement.id)])
            self.assertRecordValues(dispute, [{"origin": "termination"}])

    def test_forced_termination_in_a_few_days(self):
        with freeze_time("2026-03-02"):
            agreement = self._create_agreement()
            self._terminate(agreement, date="2026-03-05")
            self.assertEqual(agreement.state, "active", "Works until the date")
            self.assertFalse(self._joint_counts(agreement), "A count is never dated ahead")
            self.assertEqual(len(agreement.activity_ids), 1)
        with freeze_time("2026-03-05"):
            self.env["consignment.agreement"]._cron_start_terminations()
            self.assertEqual(agreement.state, "terminating")
            self.assertRecordValues(self._joint_counts(agreement), [{"date": agreement.date_end}])
            self.env["consignment.agreement"].browse(agreement.ids)._start_due_terminations()
            self.assertEqual(len(self._joint_counts(agreement)), 1, "Run again: one count")

    def test_checklist_item_by_item_then_close(self):
        agreement = self._create_agreement(lines=[(self.product, 10.0)])
        self._receive_consignment(agreement, self.product, 5)
        self._terminate(agreement)
        checklist = [
            "termination_stock_qty",
            "termination_stock_value",
            "termination_count_done",
            "termination_returns_done",
            "termination_invoice_done",
            "termination_checklist_done",
        ]

        def check(*values):
            agreement.invalidate_recordset(checklist)
            self.assertRecordValues(agreement, [dict(zip(checklist, values, strict=True))])

        check(5.0, 50.0, False, False, True, False)
        self._move(
            self.product,
            2,
            agreement.location_id,
            self.customer_location,
            owner=agreement.partner_id,
        )
        check(3.0, 30.0, False, False, False, False)
        # A savepoint: what the add-ons do before refusing (the vendor add-on bills) is undone.
        with (
            self.assertRaisesRegex(
                UserError,
                "final count, returns or pick-up of the remaining stock, final bill or invoice",
            ),
            self.env.cr.savepoint(),
        ):
            agreement.action_close()
        count = self._joint_counts(agreement)
        count.action_refresh_expected()
        count.action_set_expected_as_counted()
        self.assertEqual(count.line_ids.counted_qty, 3.0)
        count.action_validate()
        check(3.0, 30.0, True, False, False, False)
        self._move(
            self.product,
            3,
            agreement.location_id,
            self.supplier_location,
            owner=agreement.partner_id,
        )
        check(0.0, 0.0, True, True, False, False)
        with (
            self.assertRaisesRegex(UserError, "still has final bill or invoice to do"),
            self.env.cr.savepoint(),
        ):
            agreement.action_close()
        agreement.action_create_invoices(period_end=fields.Date.context_today(agreement))
        check(0.0, 0.0, True, True, True, True)
        agreement.action_close()
        self.assertEqual(agreement.state, "closed")

    def test_open_transfer_out_keeps_returns_open(self):
        agreement = self._create_agreement(lines=[(self.product, 10.0)])
        self._receive_consignment(agreement, self.product, 5)
        self._terminate(agreement)
        owner = agreement.partner_id
        self._move(self.product, 5, agreement.location_id, self.supplier_location, owner=owner)
        self.assertTrue(agreement.termination_returns_done)
        self._move(self.product, 1, agreement.location_id, self.supplier_location, validate=False)
        agreement.invalidate_recordset(["termination_returns_done"])
        self.assertFalse(agreement.termination_returns_done, "A return is still open")
        self.assertEqual(agreement.action_termination_return()["res_model"], "stock.picking")
        action = agreement.action_termination_final_count()
        count = self.env["consignment.count"].browse(action["res_id"])
        self.assertEqual(count, self._joint_counts(agreement), "Opens the joint count")

    def test_final_count_button_makes_a_count(self):
        agreement = self._create_agreement(lines=[(self.product, 10.0)])
        agreement.notice_period_days = 0
        self._terminate(agreement, kind="planned")
        self.assertEqual(agreement.state, "terminating", "No notice: effective today")
        self.assertFalse(self._joint_counts(agreement))
        action = agreement.with_user(self.consignment_manager).action_termination_final_count()
        self.assertRecordValues(
            self.env["consignment.count"].browse(action["res_id"]),
            [{"agreement_id": agreement.id, "state": "draft"}],
        )

    def test_consignment_user_cannot_terminate(self):
        agreement = self._create_agreement()
        with self.assertRaises(AccessError):
            agreement.with_user(self.consignment_user).action_terminate()
        wizard = (
            self.env["consignment.termination.wizard"]
            .with_user(self.consignment_user)
            .create(
                {
                    "agreement_ids": [(6, 0, agreement.ids)],
                    "termination_kind": "forced",
                    "termination_reason": "Not mine to decide",
                }
            )
        )
        with self.assertRaises(AccessError):
            wizard.action_confirm()
        self.assertRecordValues(agreement, [{"state": "active", "termination_date": False}])

    def test_customer_site_no_longer_filled_up(self):
        line = {"product_id": self.product.id, "price_unit": 10.0, "min_qty": 2, "max_qty": 6}
        agreement = self._create_agreement(consignment_type="customer", lines=[line])
        self.assertTrue(agreement.orderpoint_ids.filtered("active"))
        self._terminate(agreement)
        self.assertFalse(
            agreement.with_context(active_test=False).orderpoint_ids.filtered("active"),
            "The replenishment engine fills up no terminating agreement",
        )

    @freeze_time("2026-03-02")
    def test_closing_without_notice_ends_the_agreement_today(self):
        agreement = self._create_agreement()
        self.assertFalse(agreement.date_end)
        agreement.action_close()
        self.assertRecordValues(
            agreement, [{"state": "closed", "date_end": fields.Date.to_date("2026-03-02")}]
        )
