from odoo import fields
from odoo.tests import Form, new_test_user

from odoo.addons.consignment_purchase.tests.common import ConsignmentPurchaseCase


class ConsignmentRepairCase(ConsignmentPurchaseCase):
    """A vendor's consigned part (agreement price 10.00) in the warehouse's consignment
    location, a machine of ours to repair, and helpers to repair the way a repair user (an
    Inventory user, the group Odoo's repair app asks for) does."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agreement = cls._vendor_agreement(lines=[(cls.product, 10.0), (cls.product_lot, 4.0)])
        cls.consignment_location = cls.agreement.location_id
        cls._receive_consignment(cls.agreement, cls.product, 20)
        cls.machine = cls._create_product("Machine to Repair", standard_price=100.0)
        cls.env["stock.quant"]._update_available_quantity(cls.machine, cls.stock_location, 1)
        cls.repair_type = cls.warehouse.repair_type_id
        cls.production_location = cls.repair_type.default_location_dest_id
        cls.repair_user = new_test_user(
            cls.env, login="consign_repair_user", groups="stock.group_stock_user"
        )

    def _repair_form(self, parts, user=None):
        """A repair order of the machine with ``parts`` [(line type, product, quantity)],
        saved as ``user`` (the repair user by default) fills the form."""
        form = Form(self.env(user=user or self.repair_user)["repair.order"])
        form.product_id = self.machine
        form.partner_id = self.customer
        for line_type, product, quantity in parts:
            with form.move_ids.new() as line:
                line.repair_line_type = line_type
                line.product_id = product
                line.product_uom_qty = quantity
        return form.save()

    def _confirm(self, repair):
        action = repair.action_validate()
        self.assertIs(action, True, "The repair is confirmed without warning.")
        self.assertEqual(repair.state, "confirmed")
        return repair

    def _finish(self, repair):
        repair.action_repair_start()
        repair.action_repair_end()
        return repair

    def _repair(self, parts, user=None):
        return self._finish(self._confirm(self._repair_form(parts, user=user)))

    def _part_moves(self, repair, line_type="add"):
        return repair.move_ids.filtered(lambda move: move.repair_line_type == line_type)

    def _ledger(self, repair):
        return self.agreement.consumption_ids.filtered(
            lambda record: record.move_line_id.move_id.repair_id == repair
        )

    def _unowned_negative_quants(self):
        return (
            self.env["stock.quant"]
            .sudo()
            .search(
                [
                    ("location_id", "child_of", self.stock_location.id),
                    ("quantity", "<", 0),
                    ("owner_id", "=", False),
                ]
            )
        )

    def _bill_today(self):
        return self.env["account.move"].browse(
            self.agreement.with_user(self.accountant).action_create_invoices(
                period_end=fields.Date.context_today(self.agreement)
            )
        )
