from odoo import models


class StockMove(models.Model):
    _inherit = "stock.move"

    def _action_done(self, cancel_backorder=False):
        # Before the core's capture (and its first in, first out split): repair parts have no
        # transfer whose owner their move lines could take.
        self.filtered("repair_id")._consignment_take_vendor_ownership()
        return super()._action_done(cancel_backorder=cancel_backorder)

    def _consignment_take_vendor_ownership(self):
        """A vendor's consignment location holds only that vendor's goods: move lines that
        leave it without owner (units used beyond what was reserved, or taken by hand when
        the agreement reserves nothing by itself) take the vendor as owner. They leave the
        vendor's stock and enter the ledger, instead of driving a quant without owner below
        zero there."""
        move_lines = self.filtered(
            lambda move: move.state not in ("done", "cancel")
        ).move_line_ids.filtered(lambda ml: not ml.owner_id and ml.quantity > 0)
        if not move_lines:
            return
        roots = move_lines.location_id._get_consignment_root()
        for move_line in move_lines:
            root = roots[move_line.location_id]
            if root.consignment_type == "vendor":
                move_line.owner_id = root.consignment_partner_id.commercial_partner_id
