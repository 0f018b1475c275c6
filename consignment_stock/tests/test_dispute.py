from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged

from .common import ConsignmentCase


@tagged("post_install", "-at_install")
class TestDispute(ConsignmentCase):
    """Disputes: opened by whoever meets the difference, settled by consignment managers,
    their state changed only by the actions, their resolution time a key figure."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.responsible = new_test_user(
            cls.env, login="dispute_responsible", groups="consignment_stock.group_consignment_user"
        )
        cls.agreement = cls._create_agreement(user_id=cls.responsible.id)
        cls.consignment_user = new_test_user(
            cls.env, login="dispute_user", groups="consignment_stock.group_consignment_user"
        )
        cls.accountant = new_test_user(
            cls.env, login="dispute_accountant", groups="account.group_account_invoice"
        )
        cls.dispute_manager = new_test_user(
            cls.env, login="dispute_manager", groups="consignment_stock.group_consignment_manager"
        )
        cls.employee = new_test_user(cls.env, login="dispute_employee", groups="base.group_user")

    def _open(self, user=None, **values):
        Dispute = self.env["consignment.dispute"].with_user(user or self.consignment_user)
        return Dispute._open_dispute(
            self.agreement.with_user(user or self.consignment_user),
            values.pop("subject", "Price of widgets"),
            values.pop("origin", "manual"),
            **values,
        )

    def test_open_by_hand_in_the_form(self):
        form = Form(self.env["consignment.dispute"].with_user(self.consignment_user))
        form.agreement_id = self.agreement
        form.subject = "Vendor says 12 widgets, we count 10"
        form.amount = 20.0
        dispute = form.save()
        self.assertRecordValues(
            dispute,
            [
                {
                    "state": "open",
                    "origin": "manual",
                    "partner_id": self.vendor.id,
                    "company_id": self.company.id,
                    "consignment_type": "vendor",
                    "user_id": self.responsible.id,
                    "amount": 20.0,
                    "resolved_date": False,
                }
            ],
        )
        self.assertTrue(dispute.name.startswith("CSD/"), dispute.name)
        self.assertTrue(dispute.opened_date)
        self.assertRecordValues(dispute.activity_ids, [{"user_id": self.responsible.id}])

    def test_open_dispute_contract_and_activity(self):
        count = self.env["consignment.count"].create(
            {"agreement_id": self.agreement.id, "date": fields.Date.today()}
        )
        dispute = self._open(
            subject="  Count variance  ",
            origin="count",
            amount=15.5,
            source=count,
            description="Two widgets missing",
        )
        self.assertRecordValues(
            dispute,
            [
                {
                    "subject": "Count variance",
                    "origin": "count",
                    "amount": 15.5,
                    "description": "Two widgets missing",
                    "agreement_id": self.agreement.id,
                }
            ],
        )
        self.assertEqual(dispute.source, count)
        self.assertEqual(count.dispute_count, 1)
        activity = dispute.activity_ids
        self.assertRecordValues(activity, [{"user_id": self.responsible.id}])

    def test_open_from_count_button(self):
        count = self.env["consignment.count"].create(
            {"agreement_id": self.agreement.id, "date": fields.Date.today()}
        )
        action = count.with_user(self.consignment_user).action_open_dispute()
        form = Form(
            self.env["consignment.dispute"]
            .with_user(self.consignment_user)
            .with_context(**action["context"])
        )
        dispute = form.save()
        self.assertRecordValues(
            dispute, [{"origin": "count", "agreement_id": self.agreement.id, "state": "open"}]
        )
        self.assertEqual(dispute.source, count)
        self.assertIn(count.name, dispute.subject)
        listed = count.with_user(self.consignment_user).action_view_disputes()
        self.assertEqual(
            self.env["consignment.dispute"].search(listed["domain"]), dispute, listed["domain"]
        )

    def test_bad_input_is_refused_clearly(self):
        with self.assertRaisesRegex(UserError, "subject"):
            self._open(subject="   ")
        with self.assertRaisesRegex(UserError, "dispute origin"):
            self._open(origin="rumour")
        with self.assertRaisesRegex(UserError, "cannot be opened from"):
            self._open(source=self.product)
        self.assertFalse(self.env["consignment.dispute"].search([]))

    def test_user_without_consignment_rights_refused(self):
        Dispute = self.env["consignment.dispute"].with_user(self.employee)
        with self.assertRaises(AccessError):
            Dispute.create({"agreement_id": self.agreement.id, "subject": "No rights"})
        with self.assertRaises(AccessError):
            Dispute._open_dispute(self.agreement.with_user(self.employee), "No rights", "manual")
        dispute = self._open()
        with self.assertRaises(AccessError):
            dispute.with_user(self.employee).read(["subject"])

    def test_accountant_opens_but_does_not_resolve(self):
        dispute = self._open(user=self.accountant, origin="bill", amount=4.0)
        self.assertEqual(dispute.state, "open")
        with self.assertRaisesRegex(AccessError, "Resolving"):
            dispute.with_user(self.accountant).action_resolve("Vendor agreed")
        with self.assertRaisesRegex(AccessError, "Resolving"):
            dispute.with_user(self.consignment_user).action_cancel()
        self.assertEqual(dispute.state, "open")

    def test_state_not_writable(self):
        dispute = self._open()
        for user in (self.consignment_user, self.dispute_manager):
            with self.assertRaises(UserError):
                dispute.with_user(user).write({"state": "resolved"})
            with self.assertRaises(UserError):
                dispute.with_user(user).write({"resolved_date": fields.Datetime.now()})
        with self.assertRaises(UserError):
            self.env["consignment.dispute"].with_user(self.dispute_manager).create(
                {"agreement_id": self.agreement.id, "subject": "Done", "state": "resolved"}
            )
        self.assertEqual(dispute.state, "open")

    def test_resolve_cancel_reopen(self):
        dispute = self._open()
        dispute.sudo().opened_date = fields.Datetime.now() - timedelta(days=2, hours=12)
        manager_dispute = dispute.with_user(self.dispute_manager)
        with self.assertRaisesRegex(UserError, "Resolution"):
            manager_dispute.action_resolve()
        self.assertEqual(dispute.state, "open")
        manager_dispute.action_resolve("Vendor credits two widgets")
        self.assertRecordValues(
            dispute, [{"state": "resolved", "resolution": "Vendor credits two widgets"}]
        )
        self.assertTrue(dispute.resolved_date)
        self.assertAlmostEqual(dispute.resolution_days, 2.5, places=2)
        self.assertFalse(dispute.activity_ids, "the responsible's activity is done")
        with self.assertRaisesRegex(UserError, "Reopen"):
            dispute.with_user(self.consignment_user).write({"amount": 99.0})
        with self.assertRaisesRegex(UserError, "Resolved"):
            manager_dispute.action_resolve("again")
        manager_dispute.action_reopen()
        self.assertRecordValues(
            dispute, [{"state": "open", "resolved_date": False, "resolution_days": 0.0}]
        )
        manager_dispute.action_cancel()
        self.assertEqual(dispute.state, "cancelled")
        self.assertFalse(dispute.activity_ids)

    def test_resolution_given_in_the_form(self):
        dispute = self._open()
        dispute.with_user(self.consignment_user).resolution = "Counted again: 12 after all"
        dispute.with_user(self.dispute_manager).action_resolve()
        self.assertEqual(dispute.state, "resolved")

    def test_resolution_days_key_figure(self):
        other = self._create_agreement(partner=self.customer, consignment_type="customer")
        now = fields.Datetime.now()
        Dispute = self.env["consignment.dispute"]

        def resolved(agreement, opened_days_ago, resolved_days_ago=0):
            dispute = Dispute._open_dispute(agreement, "Late", "manual")
            dispute.action_resolve("Settled")
            dispute.sudo().write(
                {
                    "opened_date": now - timedelta(days=opened_days_ago),
                    "resolved_date": now - timedelta(days=resolved_days_ago),
                }
            )
            return dispute

        resolved(self.agreement, 2)
        resolved(self.agreement, 4)
        resolved(self.agreement, 40, resolved_days_ago=30)  # resolved before the period
        resolved(other, 1)
        Dispute._open_dispute(self.agreement, "Still open", "manual")
        today = fields.Date.today()
        days = Dispute._get_resolution_days(
            self.agreement | other, today - timedelta(days=7), today
        )
        self.assertEqual(set(days), {self.agreement.id, other.id})
        self.assertAlmostEqual(days[self.agreement.id], 3.0, places=2)
        self.assertAlmostEqual(days[other.id], 1.0, places=2)
        self.assertEqual(
            Dispute._get_resolution_days(self.agreement, "2020-01-01", "2020-01-31"), {}
        )
        with self.assertRaisesRegex(UserError, "YYYY-MM-DD"):
            Dispute._get_resolution_days(self.agreement, "soon", today)

    def test_other_company_sees_no_dispute(self):
        other_company = self.env["res.company"].create({"name": "Dispute Other Co"})
        other_agreement = self.env["consignment.agreement"].create(
            {
                "partner_id": self.vendor.id,
                "company_id": other_company.id,
                "currency_id": other_company.currency_id.id,
                "warehouse_id": False,
                "line_ids": [Command.create({"product_id": self.product.id, "price_unit": 1})],
            }
        )
        other_dispute = self.env["consignment.dispute"]._open_dispute(
            other_agreement, "Elsewhere", "manual"
        )
        self.assertEqual(other_dispute.company_id, other_company)
        mine = self._open()
        Dispute = self.env["consignment.dispute"].with_user(self.dispute_manager)
        self.assertEqual(Dispute.search([]), mine)
        with self.assertRaises(AccessError):
            Dispute.browse(other_dispute.id).read(["subject"])
        with self.assertRaises(AccessError):
            Dispute._open_dispute(other_agreement.with_user(self.dispute_manager), "No", "manual")
