from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import ConsignmentRepairCase


@tagged("post_install", "-at_install")
class TestRepairParts(ConsignmentRepairCase):
    def test_consigned_part_is_consumed_booked_and_billed(self):
        repair = self._repair_form([("add", self.product, 3)])
        part = self._part_moves(repair)
        self._confirm(repair)
        # Our own stock first (the default policy): we have none, the vendor's goods serve.
        self.assertRecordValues(
            part.move_line_ids,
            [{"location_id": self.consignment_location.id, "owner_id": self.vendor.id}],
        )
        self._finish(repair)
        self.assertEqual(repair.state, "done")
        record = self._ledger(repair)
        self.assertRecordValues(
            record,
            [
                {
                    "partner_id": self.vendor.id,
                    "product_id": self.product.id,
                    "quantity": 3.0,
                    "price_unit": 10.0,
                    "amount": 30.0,
                    "origin": repair.name,
                    "state": "to_invoice",
                    "user_id": self.repair_user.id,
                }
            ],
        )
        self.assertEqual(record.move_line_id.location_dest_id, self.production_location)
        self.assertEqual(
            self._entry_lines(record.account_move_id),
            self._expected(
                (self.expense, 30.0, 0.0, self.product),
                (self.liability, 0.0, 30.0, self.product),
            ),
        )
        self.assertEqual(record.account_move_id.state, "posted")
        self.assertEqual(
            self._quant_qty(self.product, self.consignment_location, owner=self.vendor), 17.0
        )
        self.assertEqual(self._quant_qty(self.product, self.stock_location, owner=False), 0.0)
        self.assertFalse(self._unowned_negative_quants())

        bill = self._bill_today()
        self.assertRecordValues(
            bill,
            [{"partner_id": self.vendor.id, "move_type": "in_invoice", "amount_untaxed": 30.0}],
        )
        self.assertRecordValues(
            bill.invoice_line_ids,
            [
                {
                    "product_id": self.product.id,
                    "account_id": self.liability.id,
                    "quantity": 3.0,
                    "price_unit": 10.0,
                }
            ],
        )
        self.assertEqual(bill.invoice_line_ids.consignment_consumption_ids, record)
        self.assertRecordValues(record, [{"state": "invoiced"}])

    def test_own_stock_first_then_consigned_part(self):
        """A part we partly hold ourselves: our units first, the vendor's for the rest; only
        the vendor's are in the ledger."""
        self.env["stock.quant"]._update_available_quantity(self.product, self.stock_location, 2)
        repair = self._repair([("add", self.product, 5)])
        self.assertRecordValues(self._ledger(repair), [{"quantity": 3.0, "amount": 30.0}])
        self.assertEqual(
            self._quant_qty(self.product, self.consignment_location, owner=self.vendor), 17.0
        )
        self.assertEqual(self._quant_qty(self.product, self.stock_location, owner=False), 0.0)
        self.assertFalse(self._unowned_negative_quants())

    def test_lot_and_serial_parts(self):
        serial = self.product_serial
        self.agreement.line_ids = [Command.create({"product_id": serial.id, "price_unit": 25.0})]
        self._receive_consignment(self.agreement, self.product_lot, 10, lot_name="LOT-R")
        for name in ("SN-R1", "SN-R2"):
            self._receive_consignment(self.agreement, serial, 1, lot_name=name)
        lot = self.env["stock.lot"].search([("name", "=", "LOT-R")])
        serials = self.env["stock.lot"].search([("product_id", "=", serial.id)], order="name")
        repair = self._repair([("add", self.product_lot, 4), ("add", serial, 2)])
        self.assertRecordValues(
            self._ledger(repair).sorted(lambda record: (record.product_id.id, record.lot_id.name)),
            sorted(
                [
                    {
                        "product_id": self.product_lot.id,
                        "lot_id": lot.id,
                        "quantity": 4.0,
                        "amount": 16.0,
                    },
                    {
                        "product_id": serial.id,
                        "lot_id": serials[0].id,
                        "quantity": 1.0,
                        "amount": 25.0,
                    },
                    {
                        "product_id": serial.id,
                        "lot_id": serials[1].id,
                        "quantity": 1.0,
                        "amount": 25.0,
                    },
                ],
                key=lambda values: values["product_id"],
            ),
        )
        self.assertFalse(self._unowned_negative_quants())
        self.assertEqual(
            self._quant_qty(self.product_lot, self.consignment_location, owner=self.vendor), 6.0
        )
        self.assertEqual(self._quant_qty(serial, self.consignment_location), 0.0)

    def test_removed_and_recycled_parts_are_not_consumption(self):
        """Parts taken out of the machine are ours (or the customer's): they go to scrap or to
        our stock, with no ledger record, beside a consigned part that is consumed."""
        old_part = self._create_product("Worn Part")
        repair = self._repair(
            [("add", self.product, 1), ("remove", old_part, 1), ("recycle", old_part, 1)]
        )
        self.assertEqual(repair.state, "done")
        self.assertRecordValues(self._ledger(repair), [{"product_id": self.product.id}])
        self.assertFalse(
            self.agreement.consumption_ids.filtered(lambda r: r.product_id == old_part)
        )
        recycled = self._part_moves(repair, "recycle")
        self.assertRecordValues(
            recycled.move_line_ids,
            [{"location_dest_id": self.stock_location.id, "owner_id": False, "quantity": 1.0}],
        )

    def test_recycle_into_consignment_stock_is_refused(self):
        """Only the vendor's goods stand in its consignment location: a part recycled from the
        machine is not the vendor's, and the refusal leaves the repair as it was."""
        old_part = self._create_product("Worn Part")
        repair = self._confirm(
            self._repair_form([("add", self.product, 1), ("recycle", old_part, 1)])
        )
        repair.recycle_location_id = self.consignment_location
        self.assertEqual(
            self._part_moves(repair, "recycle").location_dest_id, self.consignment_location
        )
        repair.action_repair_start()
        with self.assertRefused(UserError, "holds only goods owned by"):
            repair.action_repair_end()
        self.assertEqual(repair.state, "under_repair")
        self.assertFalse(self._ledger(repair))
        self.assertEqual(self._quant_qty(old_part, self.consignment_location), 0.0)
        self.assertEqual(
            self._quant_qty(self.product, self.consignment_location, owner=self.vendor), 20.0
        )

    def test_cancelled_repair_leaves_no_ledger(self):
        repair = self._confirm(self._repair_form([("add", self.product, 3)]))
        self.assertEqual(self._part_moves(repair).quantity, 3.0)
        repair.action_repair_cancel()
        self.assertRecordValues(repair, [{"state": "cancel"}])
        self.assertRecordValues(self._part_moves(repair), [{"state": "cancel", "quantity": 0.0}])
        self.assertFalse(self.agreement.consumption_ids)
        quants = self.env["stock.quant"].search(
            [
                ("product_id", "=", self.product.id),
                ("location_id", "=", self.consignment_location.id),
            ]
        )
        self.assertRecordValues(
            quants, [{"owner_id": self.vendor.id, "quantity": 20.0, "reserved_quantity": 0.0}]
        )
        self.assertFalse(self._unowned_negative_quants())


@tagged("post_install", "-at_install")
class TestRepairFromConsignmentLocation(ConsignmentRepairCase):
    """A repair whose components come straight from the vendor's consignment location (its
    Component Source Location): repair parts have no transfer, so no owner of their own."""

    def _repair_from_consignment(self, quantity):
        repair = self._repair_form([("add", self.product, quantity)])
        repair.location_id = self.consignment_location
        return self._confirm(repair)

    def _set_used_quantity(self, repair, quantity):
        with Form(repair) as form, form.move_ids.edit(0) as line:
            line.quantity = quantity

    def test_more_used_than_recorded_is_the_vendors(self):
        """The technician uses 25 where the books show 20 of the vendor's: every unit that
        left the vendor's location is the vendor's, in the ledger, and no quant without owner
        goes negative there."""
        repair = self._repair_from_consignment(25)
        self.assertEqual(self._part_moves(repair).quantity, 20.0)
        self._set_used_quantity(repair, 25)
        self._finish(repair)
        self.assertEqual(repair.state, "done")
        self.assertRecordValues(
            self._part_moves(repair).move_line_ids,
            [{"owner_id": self.vendor.id}, {"owner_id": self.vendor.id}],
        )
        self.assertEqual(sum(self._ledger(repair).mapped("quantity")), 25.0)
        self.assertEqual(sum(self._ledger(repair).mapped("amount")), 250.0)
        self.assertFalse(self._unowned_negative_quants())
        self.assertEqual(
            self._quant_qty(self.product, self.consignment_location, owner=self.vendor), -5.0
        )
        self.assertEqual(self._quant_qty(self.product, self.consignment_location, owner=False), 0)

    def test_explicit_policy_part_taken_by_hand(self):
        """With the Explicit policy nothing reserves the vendor's goods by itself; the part
        the technician takes by hand from the vendor's location is still the vendor's."""
        self.agreement.reservation_policy = "explicit"
        repair = self._repair_from_consignment(3)
        self.assertEqual(self._part_moves(repair).quantity, 0.0)
        self._set_used_quantity(repair, 3)
        self._finish(repair)
        self.assertRecordValues(
            self._ledger(repair), [{"quantity": 3.0, "amount": 30.0, "partner_id": self.vendor.id}]
        )
        self.assertFalse(self._unowned_negative_quants())
        self.assertEqual(
            self._quant_qty(self.product, self.consignment_location, owner=self.vendor), 17.0
        )

    def test_unused_part_is_not_consumed(self):
        """A part planned but not used (quantity 0) stays the vendor's, out of the ledger."""
        repair = self._repair_from_consignment(3)
        self._set_used_quantity(repair, 0)
        self._finish(repair)
        self.assertEqual(repair.state, "done")
        self.assertRecordValues(self._part_moves(repair), [{"state": "cancel"}])
        self.assertFalse(self.agreement.consumption_ids)
        self.assertEqual(
            self._quant_qty(self.product, self.consignment_location, owner=self.vendor), 20.0
        )
