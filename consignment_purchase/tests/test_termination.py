from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import ConsignmentPurchaseCase


@tagged("post_install", "-at_install")
class TestTermination(ConsignmentPurchaseCase):
    def test_terminate_bills_refuses_receipts_then_close(self):
        agreement = self._vendor_agreement(lines=[(self.product, 10.0)])
        order = self._create_po([(self.product, 30)])
        self._receive_po(order)
        pending = self._create_po([(self.product, 5)])
        self._consume(agreement, self.product, 12)
        self._terminate(agreement)
        self.assertEqual(agreement.state, "terminating")
        final = agreement.invoice_ids
        self.assertEqual(len(final), 1, "Terminating issues the bill of everything consumed")
        self.assertEqual(final.invoice_line_ids.quantity, 12.0)
        # No new consignment receipts.
        with self.assertRaisesRegex(UserError, "accepts no new consignment receipts"):
            self._receive_po(pending)
        draft = self._create_po([(self.product, 5)], confirm=False)
        self.assertFalse(draft.is_consignment, "No active agreement: an ordinary order")
        draft.write({"is_consignment": True, "consignment_agreement_id": agreement.id})
        with self.assertRaisesRegex(UserError, "accepts no new consignment receipts"):
            draft.button_confirm()
        pending.button_cancel()
        # Count and return the rest: 8 returned, 10 taken as consumed (e.g. sold).
        self._consume(agreement, self.product, 10, date="2026-03-25 10:00:00")
        receipt = order.picking_ids
        wizard = Form(
            self.env["stock.return.picking"].with_context(
                active_id=receipt.id, active_model="stock.picking"
            )
        ).save()
        wizard.product_return_moves.quantity = 8
        returned = self.env["stock.picking"].browse(wizard.action_create_returns()["res_id"])
        returned.move_ids.picked = True
        returned._action_done()
        self.assertEqual(self._quant_qty(self.product, agreement.location_id, self.vendor), 0)
        self._validate_final_count(agreement)
        agreement.action_close()
        self.assertEqual(agreement.state, "closed")
        self.assertEqual(len(agreement.invoice_ids), 2, "Closing bills what was consumed since")
        self.assertEqual(sum(agreement.invoice_ids.invoice_line_ids.mapped("quantity")), 22.0)
        self.assertRecordValues(
            order.order_line, [{"qty_received": 22.0, "qty_invoiced": 22.0, "qty_to_invoice": 0.0}]
        )

    def test_buyer_terminates_vendor_agreement(self):
        agreement = self._vendor_agreement(lines=[(self.product, 10.0)])
        self._terminate(agreement, user=self.buyer)
        self.assertEqual(agreement.state, "terminating")
        self._validate_final_count(agreement)
        with Form(agreement.with_user(self.buyer)) as form:
            form.note = "Vendor leaves"
        agreement.with_user(self.buyer).action_close()
        self.assertEqual(agreement.state, "closed")

    def test_receipts_refused_from_the_termination_date(self):
        agreement = self._vendor_agreement(lines=[(self.product, 10.0)])
        order = self._create_po([(self.product, 10)])
        receipt = self._receive_po(order)
        pending = self._create_po([(self.product, 5)])
        with freeze_time("2026-03-02"):
            self._terminate(agreement, kind="planned", reason="Range discontinued")
        self.assertEqual(agreement.termination_date, fields.Date.to_date("2026-05-31"))
        # Until the termination date the agreement works.
        self._receive_po(pending, {self.product: 2}, date="2026-05-30 10:00:00")
        self.assertEqual(self._quant_qty(self.product, agreement.location_id, self.vendor), 12)
        # From it, even before the daily run, no new receipts...
        with self.assertRefused(UserError, "from that day it accepts no new consignment"):
            self._receive_po(pending, date="2026-05-31 10:00:00")
        self.assertEqual(agreement.state, "active")
        # ... but returns to the vendor go on.
        with freeze_time("2026-05-31 11:00:00"):
            wizard = Form(
                self.env["stock.return.picking"].with_context(
                    active_id=receipt.id, active_model="stock.picking"
                )
            ).save()
            wizard.product_return_moves.quantity = 4
            returned = self.env["stock.picking"].browse(wizard.action_create_returns()["res_id"])
            returned.move_ids.picked = True
            returned._action_done()
            self.env["consignment.agreement"]._cron_start_terminations()
        self.assertEqual(returned.state, "done")
        self.assertEqual(self._quant_qty(self.product, agreement.location_id, self.vendor), 8)
        self.assertEqual(agreement.state, "terminating")
