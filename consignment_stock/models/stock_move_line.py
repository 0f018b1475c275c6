from odoo import fields, models
from odoo.exceptions import UserError


class StockMoveLine(models.Model):
    _inherit = "stock.move.line"

    # Statements and counts read the move lines of a period at a location; without an index
    # on the date every statement would read the whole history twice.
    date = fields.Datetime(index=True)

    def _action_done(self):
        self._consignment_set_vendor_owner()
        return super()._action_done()

    def _consignment_set_vendor_owner(self):
        """Goods entering a vendor consignment location belong to that vendor.

        Goods arriving from outside our stock (the vendor, an inventory adjustment) take the
        vendor as owner; our own goods or another owner's goods are refused there.
        """
        consignment_roots = self.location_dest_id._get_consignment_root()
        for move_line in self:
            root = consignment_roots.get(move_line.location_dest_id)
            if not root or root.consignment_type != "vendor":
                continue
            vendor = root.consignment_partner_id.commercial_partner_id
            owner = move_line.owner_id.commercial_partner_id
            if owner == vendor:
                continue
            source_root = move_line.location_id._get_consignment_root().get(move_line.location_id)
            if source_root == root:
                continue
            if not owner and move_line.location_id.usage in ("supplier", "inventory", "transit"):
                move_line.owner_id = vendor
                continue
            raise UserError(
                self.env._(
                    "%(location)s holds only goods owned by %(vendor)s, but this transfer puts "
                    "%(owner)s goods there (%(product)s). Move them elsewhere, or set the "
                    "owner to %(vendor)s if they are the vendor's goods.",
                    location=root.display_name,
                    vendor=vendor.display_name,
                    owner=self.env._("%(partner)s's", partner=owner.display_name)
                    if owner
                    else self.env._("our own"),
                    product=move_line.product_id.display_name,
                )
            )
