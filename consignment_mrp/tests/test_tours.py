from odoo.tests import HttpCase, tagged

from .common import ConsignmentMrpCase


@tagged("post_install", "-at_install")
class TestMrpTour(HttpCase, ConsignmentMrpCase):
    """A manufacturing user (no accounting, no consignment group of its own) produces an
    order that consumes a vendor's consigned components."""

    def test_manufacturing_user_produces_with_consigned_components(self):
        production = self._confirm_production(5)
        self.assertEqual(production.reservation_state, "assigned")
        self.start_tour(
            "/odoo/action-mrp.mrp_production_action",
            "consignment_mrp_produce",
            login="consign_mrp_user",
        )
        self.assertEqual(production.state, "done")
        self.assertRecordValues(
            self.agreement.consumption_ids,
            [{"origin": production.name, "quantity": 10.0, "amount": 100.0}],
        )
        finished_move = self._finished_move(production)
        self.assertRecordValues(finished_move, [{"value": 115.0, "price_unit": 23.0}])
        self.assertEqual(
            self._entry_lines(self.agreement.consumption_ids.account_move_id),
            self._expected(
                (self.stock_valuation, 100.0, 0.0, self.product),
                (self.liability, 0.0, 100.0, self.product),
            ),
        )
