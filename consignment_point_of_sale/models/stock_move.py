from odoo import models


class StockMove(models.Model):
    _inherit = "stock.move"

    def _consignment_pos_give_back(self):
        """Point of sale refunds of consigned goods: the refunded goods go back to the owner
        and the consignment location they were sold from, consigned goods first.

        The point of sale finds owners only for refunds of an order with its own picking, and
        sends the goods to its default location. Without their owner the vendor's goods would
        come back as ours while the ledger still bills them; outside the consignment location
        they would be outside the agreement's stock and counts."""
        for move in self:
            budget = move._consignment_pos_refundable()
            for move_line in move.move_line_ids.sorted("id"):
                key = next(
                    (
                        key
                        for key, quantity in budget.items()
                        if quantity > 0 and (not move_line.lot_id or key[1] == move_line.lot_id)
                    ),
                    None,
                )
                if key is None:
                    if move_line.owner_id in {owner for owner, _lot, _location in budget}:
                        # No consigned quantity left to give back: these are our goods.
                        move_line.owner_id = False
                    continue
                owner, _lot, location = key
                uom = move_line.product_uom_id
                quantity = move_line.product_id.uom_id._compute_quantity(budget[key], uom)
                if uom.compare(move_line.quantity, quantity) > 0:
                    # The rest was ours: it stays ours, in the point of sale's location.
                    move_line.copy(
                        {
                            "quantity": move_line.quantity - quantity,
                            "owner_id": False,
                            "picked": True,
                        }
                    )
                    move_line.quantity = quantity
                budget[key] -= move_line.quantity_product_uom
                move_line.write({"owner_id": owner.id, "location_dest_id": location.id})

    def _consignment_pos_refundable(self):
        """{(owner, lot, location): quantity} of consigned goods that the sale move this
        refund gives back took from consignment locations, less what earlier returns gave
        back, in the product's unit."""
        self.ensure_one()
        origin = self.origin_returned_move_id
        consigned = origin.move_line_ids.filtered(
            lambda line: (
                line.owner_id and line.location_id._get_consignment_root()[line.location_id]
            )
        )
        budget = {}
        for line in consigned:
            key = (line.owner_id, line.lot_id, line.location_id)
            budget[key] = budget.get(key, 0.0) + line.quantity_product_uom
        earlier = (origin.returned_move_ids - self).filtered(lambda move: move.state == "done")
        for line in earlier.move_line_ids.filtered("owner_id"):
            remaining = line.quantity_product_uom
            for key in budget:
                if key[0] == line.owner_id and key[1] == line.lot_id:
                    taken = min(budget[key], remaining)
                    budget[key] -= taken
                    remaining -= taken
        return budget
