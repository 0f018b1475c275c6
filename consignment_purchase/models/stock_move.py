from odoo import models


class StockMove(models.Model):
    _inherit = "stock.move"

    def _action_done(self, cancel_backorder=False):
        moves = super()._action_done(cancel_backorder=cancel_backorder)
        # Receipts and returns change what each consignment order line received, and so how
        # the consumption spreads over the order lines.
        purchase_lines = moves.purchase_line_id.filtered("order_id.consignment_agreement_id")
        if purchase_lines:
            self.env["purchase.order.line"]._consignment_refresh_consumed(
                purchase_lines.order_id.consignment_agreement_id, purchase_lines.product_id
            )
        # The memo accounts follow the vendors' consigned stock, whatever moved it.
        self.env["consignment.memo.engine"]._book_move_lines(moves.move_line_ids)
        return moves
