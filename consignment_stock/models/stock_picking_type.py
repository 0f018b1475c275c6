from odoo import fields, models


class StockPickingType(models.Model):
    _inherit = "stock.picking.type"

    consignment_fill_up = fields.Boolean(
        string="Consignment Fill-up",
        help="Transfers of this type fill up customer consignment locations from the warehouse.",
    )
