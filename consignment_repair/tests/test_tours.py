from odoo.tests import HttpCase, tagged

from .common import ConsignmentRepairCase


@tagged("post_install", "-at_install")
class TestRepairTour(HttpCase, ConsignmentRepairCase):
    """A repair user (Inventory / User, no accounting or consignment group of its own) ends
    a repair that uses a vendor's consigned part."""

    def test_repair_user_ends_repair_with_consigned_part(self):
        repair = self._confirm(self._repair_form([("add", self.product, 2)]))
        self.start_tour("/odoo/repairs", "consignment_repair_end", login="consign_repair_user")
        self.assertEqual(repair.state, "done")
        record = self.agreement.consumption_ids
        self.assertRecordValues(
            record, [{"origin": repair.name, "quantity": 2.0, "price_unit": 10.0, "amount": 20.0}]
        )
        self.assertEqual(
            self._entry_lines(record.account_move_id),
            self._expected(
                (self.expense, 20.0, 0.0, self.product),
                (self.liability, 0.0, 20.0, self.product),
            ),
        )
