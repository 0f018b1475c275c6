from odoo import api, fields, models


class StockScrap(models.Model):
    _inherit = "stock.scrap"

    owner_id = fields.Many2one(
        compute="_compute_owner_id", store=True, readonly=False, precompute=True
    )

    @api.depends("location_id")
    def _compute_owner_id(self):
        """Goods scrapped from a vendor's consignment location are the vendor's: the scrap
        takes the vendor as owner unless the user chooses another."""
        locations = self.location_id
        roots = locations._get_consignment_root() if locations else {}
        for scrap in self:
            root = roots.get(scrap.location_id) if scrap.location_id else None
            if root and root.consignment_type == "vendor" and root.consignment_partner_id:
                scrap.owner_id = root.consignment_partner_id
            else:
                scrap.owner_id = scrap.owner_id
