from odoo import models


class StockReturnPickingLine(models.TransientModel):
    _inherit = "stock.return.picking.line"

    def _prepare_move_default_values(self, new_picking):
        values = super()._prepare_move_default_values(new_picking)
        returned_lines = self.move_id.move_line_ids
        owner = returned_lines.owner_id
        if len(owner) != 1:
            return values
        # Goods that belonged to someone else go back as theirs: a return of a delivery of
        # consigned goods stays the vendor's, and a return to the vendor takes only the
        # vendor's goods.
        values["restrict_partner_id"] = owner.id
        roots = returned_lines.location_id._get_consignment_root()
        consignment_roots = {root for root in roots.values() if root}
        if len(consignment_roots) == 1 and self.move_id.location_dest_id.usage != "internal":
            root = consignment_roots.pop()
            destination = self.env["stock.location"].browse(values.get("location_dest_id"))
            if root.consignment_type == "vendor" and root._child_of(destination):
                # Back to the consignment location they were delivered from.
                values["location_dest_id"] = root.id
        return values
