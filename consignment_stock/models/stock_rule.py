from odoo import models


class StockRule(models.Model):
    _inherit = "stock.rule"

    def _get_custom_move_fields(self):
        # A chained move serves the same owner's goods as the move it was procured for.
        return [*super()._get_custom_move_fields(), "restrict_partner_id"]
