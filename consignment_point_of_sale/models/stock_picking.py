from odoo import models


class StockPicking(models.Model):
    _inherit = "stock.picking"

    def _prepare_stock_move_vals(self, first_line, order_lines):
        values = super()._prepare_stock_move_vals(first_line, order_lines)
        # A refund is not made through the return wizard: link its move to the sale's, which
        # is how the ledger knows goods coming back (consignment.consumption._classify_...).
        origin = self._consignment_pos_refunded_move(first_line.product_id, order_lines)
        if origin:
            values["origin_returned_move_id"] = origin.id
        return values

    def _create_move_from_pos_order_lines(self, lines):
        result = super()._create_move_from_pos_order_lines(lines)
        self.move_ids.filtered("origin_returned_move_id")._consignment_pos_give_back()
        return result

    def _consignment_pos_refunded_move(self, product, order_lines):
        """The done sale move of ``product`` that the refund ``order_lines`` give back, when it
        took consigned goods (it wrote the ledger); empty otherwise, so that refunds of our own
        goods stay as the point of sale makes them."""
        refunded = order_lines.filtered(lambda line: line.qty < 0).refunded_orderline_id
        if not refunded:
            return self.env["stock.move"]
        orders = refunded.order_id
        # Per order, or one picking for the whole session when stock moves at closing.
        pickings = orders.picking_ids | orders.session_id.picking_ids.filtered(
            lambda picking: not picking.pos_order_id
        )
        moves = pickings.move_ids.filtered(
            lambda move: (
                move.state == "done"
                and move.product_id == product
                and not move.origin_returned_move_id
                and move.location_id.usage == "internal"
            )
        )
        if not moves:
            return moves
        ledger = (
            self.env["consignment.consumption"]
            .sudo()
            .search([("move_line_id", "in", moves.move_line_ids.ids)], order="id")
        )
        return ledger[:1].move_line_id.move_id.sudo(False)
