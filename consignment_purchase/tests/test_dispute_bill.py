from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged

from .common import ConsignmentPurchaseCase


@tagged("post_install", "-at_install")
class TestDisputeBill(ConsignmentPurchaseCase):
    """A bill that differs from the ledger opens a dispute worth the money difference."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agreement = cls._vendor_agreement(lines=[(cls.product, 10.0)])
        order = cls._create_po([(cls.product, 100)])
        cls._receive_po(order)
        cls._consume(cls.agreement, cls.product, 50)
        cls.invoicing_only = new_test_user(
            cls.env, login="dispute_bill_accountant", groups="account.group_account_invoice"
        )

    def _bill_with_difference(self):
        bill = self._bill(self.agreement)
        with Form(bill) as form, form.invoice_line_ids.edit(0) as line:
            line.quantity = 52  # the vendor bills two more than the ledger holds
        self.assertEqual(bill.consignment_difference_state, "to_accept")
        return bill

    def test_accountant_opens_dispute_from_bill(self):
        bill = self._bill_with_difference().with_user(self.invoicing_only)
        action = bill.action_open_dispute()
        dispute = Form(
            self.env["consignment.dispute"]
            .with_user(self.invoicing_only)
            .with_context(**action["context"])
        ).save()
        self.assertRecordValues(
            dispute,
            [
                {
                    "origin": "bill",
                    "agreement_id": self.agreement.id,
                    "amount": 20.0,
                    "state": "open",
                    "consignment_type": "vendor",
                }
            ],
        )
        self.assertEqual(dispute.source, bill)
        self.assertIn("billed 52", dispute.description)
        self.assertEqual(bill.dispute_count, 1)
        with self.assertRaises(AccessError):
            dispute.with_user(self.invoicing_only).action_resolve("Vendor credits 2")

    def test_auditor_refused_buyer_allowed(self):
        bill = self._bill_with_difference()
        auditor = new_test_user(
            self.env, login="dispute_bill_auditor", groups="account.group_account_readonly"
        )
        with self.assertRaisesRegex(AccessError, "Opening a dispute"):
            bill.with_user(auditor).action_open_dispute()
        with self.assertRaises(AccessError):
            self.env["consignment.dispute"].with_user(auditor).create(
                {"agreement_id": self.agreement.id, "subject": "Read only"}
            )
        # Buyers are consignment users: they raise what their vendor disputes.
        action = bill.with_user(self.buyer).action_open_dispute()
        self.assertEqual(action["context"]["default_origin"], "bill")

    def test_ordinary_bill_has_no_dispute(self):
        bill = self.env["account.move"].create(
            {"move_type": "in_invoice", "partner_id": self.vendor.id}
        )
        self.assertEqual(bill.dispute_count, 0)
        with self.assertRaisesRegex(UserError, "no consignment agreement"):
            bill.with_user(self.invoicing_only).action_open_dispute()
