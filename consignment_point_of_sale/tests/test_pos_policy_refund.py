from odoo.tests import tagged

from .common import ConsignmentPosCase


@tagged("post_install", "-at_install")
class TestPosReservationPolicy(ConsignmentPosCase):
    """The agreement's reservation policy decides whose goods the point of sale takes when
    both the vendor's and our own goods can serve (10 of each)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._set_own_stock(cls.product, 10)

    def _sell_twelve(self, policy):
        self.agreement.reservation_policy = policy
        session = self._open_session()
        order = self._sell(session, [self._line(self.product, 12)])
        self.assertEqual(order.picking_ids.state, "done")
        self.assertFalse(self._negative_quants(self.product))
        return order

    def _taken_by_owner(self, pickings):
        taken = {}
        for move_line in pickings.move_line_ids:
            taken[move_line.owner_id] = taken.get(move_line.owner_id, 0.0) + move_line.quantity
        return taken

    def test_own_first(self):
        order = self._sell_twelve("own_first")
        self.assertEqual(
            self._taken_by_owner(order.picking_ids),
            {self.env["res.partner"]: 10.0, self.vendor: 2.0},
        )
        self.assertRecordValues(self._ledger(), [{"quantity": 2.0, "amount": 20.0}])

    def test_consignment_first(self):
        order = self._sell_twelve("consignment_first")
        self.assertEqual(
            self._taken_by_owner(order.picking_ids),
            {self.vendor: 10.0, self.env["res.partner"]: 2.0},
        )
        self.assertRecordValues(self._ledger(), [{"quantity": 10.0, "amount": 100.0}])

    def test_quantity_set_without_reserving_follows_the_policy(self):
        # The point of sale sets the move's quantity without reserving first; so can a stock
        # user on any transfer: the quants it takes follow the policy all the same.
        self.agreement.reservation_policy = "explicit"
        picking = self._move(
            self.product, 4, self.stock_location, self.customer_location, validate=False
        )
        picking.do_unreserve()
        picking.move_ids.with_user(self.stock_user).quantity = 4
        self.assertEqual(self._taken_by_owner(picking), {self.env["res.partner"]: 4.0})

    def test_explicit_never_takes_the_vendors_goods(self):
        self.agreement.reservation_policy = "explicit"
        session = self._open_session()
        order = self._sell(session, [self._line(self.product, 4)])
        self.assertEqual(self._taken_by_owner(order.picking_ids), {self.env["res.partner"]: 4.0})
        self.assertFalse(self._ledger())
        self.assertEqual(self._quant_qty(self.product, self.agreement.location_id, self.vendor), 10)

    def test_refund_of_a_mixed_sale_gives_the_vendor_its_goods_back(self):
        order = self._sell_twelve("own_first")
        session = order.session_id
        line = order.lines
        refund = self._sell(session, [self._line(self.product, -12, refunded_line=line)])
        self.assertEqual(refund.picking_ids.state, "done")
        self.assertEqual(
            self._taken_by_owner(refund.picking_ids),
            {self.vendor: 2.0, self.env["res.partner"]: 10.0},
        )
        self.assertRecordValues(self._ledger(), [{"quantity": 2.0, "state": "cancelled"}])
        self.assertEqual(self._quant_qty(self.product, self.agreement.location_id, self.vendor), 10)
        self.assertEqual(self._quant_qty(self.product, self.stock_location, False), 10)


@tagged("post_install", "-at_install")
class TestPosRefund(ConsignmentPosCase):
    """A refund of consigned goods gives them back to the vendor and reverses the ledger, as
    a return of the delivery does."""

    def _refund(self, session, order, quantity):
        line = order.lines[0]
        return self._sell(session, [self._line(line.product_id, -quantity, refunded_line=line)])

    def test_refund_before_billing_cancels_the_consumption(self):
        session = self._open_session()
        order = self._sell(session, [self._line(self.product, 3)])
        refund = self._refund(session, order, 3)
        self.assertEqual(refund.picking_ids.state, "done")
        self.assertRecordValues(self._ledger(), [{"quantity": 3.0, "state": "cancelled"}])
        self.assertEqual(
            self._quant_qty(self.product, self.agreement.location_id, self.vendor),
            10,
            "The goods are the vendor's again, back at the consignment location",
        )
        self.assertFalse(self._negative_quants(self.product))

    def test_partial_refund_after_billing_writes_a_negative_record(self):
        session = self._open_session()
        order = self._sell(session, [self._line(self.product, 3)])
        self._bill(self.agreement, period_end=order.date_order.date())
        self._refund(session, order, 1)
        original = self._ledger()[0]
        self.assertRecordValues(
            self._ledger(),
            [
                {
                    "quantity": 3.0,
                    "amount": 30.0,
                    "state": "invoiced",
                    "reversed_consumption_id": False,
                },
                {
                    "quantity": -1.0,
                    "amount": -10.0,
                    "state": "to_invoice",
                    "reversed_consumption_id": original.id,
                },
            ],
        )
        self.assertEqual(self._quant_qty(self.product, self.agreement.location_id, self.vendor), 8)

    def test_refund_at_closing_reverses_the_consumption(self):
        session = self._open_session(at_closing=True)
        order = self._sell(session, [self._line(self.product, 3)])
        self._close(session)
        session = self._open_session(at_closing=True)
        self._refund(session, order, 2)
        self._close(session)
        self.assertRecordValues(
            self._ledger(),
            [
                {"quantity": 3.0, "state": "to_invoice", "reversed_consumption_id": False},
                {
                    "quantity": -2.0,
                    "state": "to_invoice",
                    "reversed_consumption_id": self._ledger()[0].id,
                },
            ],
        )
        self.assertEqual(self._quant_qty(self.product, self.agreement.location_id, self.vendor), 9)

    def test_refund_of_own_goods_stays_ours(self):
        self._set_own_stock(self.own_product, 5)
        session = self._open_session()
        order = self._sell(session, [self._line(self.own_product, 2)])
        refund = self._refund(session, order, 2)
        self.assertRecordValues(
            refund.picking_ids.move_ids,
            [{"origin_returned_move_id": False, "state": "done"}],
        )
        self.assertRecordValues(refund.picking_ids.move_line_ids, [{"owner_id": False}])
        self.assertEqual(self._quant_qty(self.own_product, self.stock_location), 5)
        self.assertFalse(self.env["consignment.consumption"].search([]))
