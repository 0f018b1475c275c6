from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import ConsignmentMrpCase


@tagged("post_install", "-at_install")
class TestConsignedValueGuard(ConsignmentMrpCase):
    """The consigned value of a component move is left out of Odoo's stock entry and carried
    into the finished product: nobody sets it by hand."""

    def test_stock_user_cannot_write_consigned_value(self):
        production = self._manufacture(5)
        component_move = production.move_raw_ids.filtered(
            lambda move: move.product_id == self.product
        )
        # Set by the manufacturing flow, run by a manufacturing user without extra rights.
        self.assertRecordValues(component_move, [{"consignment_value": 100.0, "value": 100.0}])
        for user in (self.stock_user, self.mrp_user):
            with self.assertRefused(AccessError, "cannot be written by hand"):
                component_move.with_user(user).write({"consignment_value": 0.0})
        self.assertRecordValues(component_move, [{"consignment_value": 100.0, "value": 100.0}])
        self.assertRecordValues(self._finished_move(production), [{"value": 115.0}])

    def test_stock_user_cannot_create_move_with_consigned_value(self):
        Move = self.env["stock.move"].with_user(self.stock_user)
        values = {
            "product_id": self.own_part.id,
            "product_uom_qty": 1.0,
            "location_id": self.stock_location.id,
            "location_dest_id": self.customer_location.id,
        }
        moves_before = self.env["stock.move"].search([("product_id", "=", self.own_part.id)])
        with self.assertRefused(AccessError, "cannot be written by hand"):
            Move.create({**values, "consignment_value": 50.0})
        self.assertEqual(
            self.env["stock.move"].search([("product_id", "=", self.own_part.id)]), moves_before
        )
        # Moves without it are made as usual.
        self.assertRecordValues(Move.create(values), [{"consignment_value": 0.0}])
