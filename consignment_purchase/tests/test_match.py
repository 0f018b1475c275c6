from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common import ConsignmentPurchaseCase


@tagged("post_install", "-at_install")
class TestTwoWayMatch(ConsignmentPurchaseCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agreement = cls._vendor_agreement(lines=[(cls.product, 10.0)])
        order = cls._create_po([(cls.product, 100)])
        cls._receive_po(order)
        cls._consume(cls.agreement, cls.product, 50)

    def _edit_line(self, bill, **values):
        with Form(bill) as form:
            with form.invoice_line_ids.edit(0) as line:
                for name, value in values.items():
                    setattr(line, name, value)

    def test_matching_bill_posts(self):
        bill = self._bill(self.agreement)
        self.assertEqual(bill.consignment_difference_state, "none")
        self.assertRecordValues(
            bill.invoice_line_ids,
            [
                {
                    "consignment_ledger_quantity": 50.0,
                    "consignment_ledger_price_unit": 10.0,
                    "consignment_has_difference": False,
                }
            ],
        )
        bill.action_post()
        self.assertEqual(bill.state, "posted")

    def test_difference_blocks_posting_until_accepted(self):
        bill = self._bill(self.agreement)
        self._edit_line(bill, quantity=52)  # the vendor's invoice says 52
        self.assertEqual(bill.consignment_difference_state, "to_accept")
        self.assertTrue(bill.invoice_line_ids.consignment_has_difference)
        self.assertAlmostEqual(bill.invoice_line_ids.consignment_qty_difference_pct, 4.0)
        self.assertIn("billed 52", bill.consignment_difference_summary)
        with self.assertRaisesRegex(UserError, "differs from the consumption ledger"):
            bill.action_post()
        # A buyer cannot accept; a consignment manager can, with a reason.
        wizard = self.env["consignment.difference.accept"].with_user(self.buyer)
        with self.assertRaises(AccessError):
            wizard.create({"move_id": bill.id, "reason": "Vendor count"}).action_accept()
        accept = (
            self.env["consignment.difference.accept"]
            .with_user(self.consignment_manager)
            .create({"move_id": bill.id, "reason": "Vendor counted two more on the shelf"})
        )
        accept.action_accept()
        self.assertEqual(bill.consignment_difference_state, "accepted")
        self.assertEqual(bill.consignment_accepted_by_id, self.consignment_manager)
        self.assertIn("Vendor counted two more", bill.message_ids[0].body)
        self.assertIn("Vendor counted two more", self.agreement.message_ids[0].body)
        bill.action_post()
        self.assertEqual(bill.state, "posted")

    def test_new_difference_after_acceptance_blocks_again(self):
        bill = self._bill(self.agreement)
        self._edit_line(bill, quantity=52)
        bill._consignment_accept_differences("Vendor count")
        self._edit_line(bill, price_unit=11.0)
        self.assertEqual(bill.consignment_difference_state, "to_accept")
        with self.assertRaises(UserError):
            bill.action_post()

    def test_price_difference_within_tolerance(self):
        self.agreement.write({"price_tolerance_pct": 2.0, "qty_tolerance_pct": 5.0})
        bill = self._bill(self.agreement)
        self._edit_line(bill, price_unit=10.15, quantity=51)
        self.assertEqual(bill.consignment_difference_state, "none")
        self._edit_line(bill, price_unit=10.5)
        self.assertEqual(bill.consignment_difference_state, "to_accept")
        self.assertAlmostEqual(bill.invoice_line_ids.consignment_price_difference_pct, 5.0)

    def test_vendor_line_without_ledger(self):
        bill = self._bill(self.agreement)
        with Form(bill) as form:
            with form.invoice_line_ids.new() as line:
                line.product_id = self.product_lot
                line.quantity = 1
                line.price_unit = 4.0
        self.assertEqual(bill.consignment_difference_state, "to_accept")
        self.assertIn(self.product_lot.display_name, bill.consignment_difference_summary)
