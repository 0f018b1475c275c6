from odoo import fields, models


class StockRoute(models.Model):
    _inherit = "stock.route"

    consignment_fill_up_warehouse_id = fields.Many2one(
        "stock.warehouse",
        string="Consignment Fill-up of",
        index="btree_not_null",
        ondelete="cascade",
        help="This route fills up the customer consignment locations of this warehouse.",
    )
