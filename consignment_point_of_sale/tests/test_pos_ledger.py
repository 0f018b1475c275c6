from odoo import fields
from odoo.tests import new_test_user, tagged

from .common import ConsignmentPosCase


@tagged("post_install", "-at_install")
class TestPosLedger(ConsignmentPosCase):
    """Consigned goods sold at the point of sale are in the ledger and billed, whether the
    stock moves with each order or at the session's closing."""

    def test_pos_user_has_no_consignment_rights(self):
        self.assertFalse(self.pos_user.has_group("consignment_stock.group_consignment_user"))
        self.assertFalse(self.pos_user.has_group("stock.group_stock_user"))

    def test_order_paid_writes_the_ledger_and_is_billed(self):
        session = self._open_session()
        order = self._sell(session, [self._line(self.product, 3)])
        self.assertEqual(order.state, "paid")
        self.assertEqual(order.picking_ids.state, "done")
        self.assertRecordValues(
            self._ledger(),
            [
                {
                    "partner_id": self.vendor.id,
                    "product_id": self.product.id,
                    "quantity": 3.0,
                    "price_unit": 10.0,
                    "amount": 30.0,
                    "state": "to_invoice",
                    "user_id": self.pos_user.id,
                }
            ],
        )
        self.assertEqual(self._quant_qty(self.product, self.agreement.location_id, self.vendor), 7)
        self.assertFalse(self._negative_quants(self.product))
        bill = self._bill(self.agreement, period_end=fields.Date.context_today(self.agreement))
        self.assertEqual(bill.amount_untaxed, 30.0)
        self.assertRecordValues(self._ledger(), [{"state": "invoiced"}])
        self._close(session)
        self.assertEqual(len(self._ledger()), 1, "Closing the session records nothing twice")

    def test_stock_at_closing_writes_the_ledger_at_closing(self):
        session = self._open_session(at_closing=True)
        self._sell(session, [self._line(self.product, 2)])
        self._sell(session, [self._line(self.product, 1)])
        self.assertFalse(self._ledger(), "Nothing has left the stock before the closing")
        self._close(session)
        self.assertEqual(session.picking_ids.state, "done")
        self.assertRecordValues(
            self._ledger(), [{"quantity": 3.0, "price_unit": 10.0, "amount": 30.0}]
        )
        self.assertEqual(self._quant_qty(self.product, self.agreement.location_id, self.vendor), 7)
        self.assertFalse(self._negative_quants(self.product))

    def test_ordinary_goods_sell_as_before(self):
        self._set_own_stock(self.own_product, 5)
        session = self._open_session()
        order = self._sell(session, [self._line(self.own_product, 2)])
        self.assertEqual(order.picking_ids.state, "done")
        self.assertRecordValues(
            order.picking_ids.move_line_ids,
            [{"owner_id": False, "quantity": 2.0, "state": "done"}],
        )
        self.assertEqual(self._quant_qty(self.own_product, self.stock_location), 3)
        self.assertFalse(self._ledger())
        self._close(session)
        self.assertFalse(self.env["consignment.consumption"].search([]))

    def test_lot_sold_at_the_pos_is_in_the_ledger(self):
        self._receive_consignment(self.agreement, self.product_lot, 5, lot_name="CONS-LOT-1")
        lot = self.env["stock.lot"].search([("name", "=", "CONS-LOT-1")])
        # Odoo's point of sale looks lots up with the cashier's rights: selling tracked goods
        # needs Inventory / User, with or without consignment.
        cashier = new_test_user(
            self.env,
            login="consign_pos_stock_user",
            groups="point_of_sale.group_pos_user,stock.group_stock_user",
        )
        session = self._open_session()
        order = self._sell(
            session,
            [self._line(self.product_lot, 2, lot_names=["CONS-LOT-1"])],
            user=cashier,
        )
        self.assertRecordValues(
            order.picking_ids.move_line_ids,
            [{"lot_id": lot.id, "owner_id": self.vendor.id, "state": "done"}],
        )
        self.assertRecordValues(
            self._ledger(),
            [{"product_id": self.product_lot.id, "lot_id": lot.id, "quantity": 2.0, "amount": 8.0}],
        )
        self.assertFalse(self._negative_quants(self.product_lot))
