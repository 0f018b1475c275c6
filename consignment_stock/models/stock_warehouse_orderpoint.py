from odoo import fields, models


class StockWarehouseOrderpoint(models.Model):
    _inherit = "stock.warehouse.orderpoint"

    consignment_agreement_id = fields.Many2one(
        "consignment.agreement",
        string="Consignment Agreement",
        index="btree_not_null",
        readonly=True,
        ondelete="cascade",
        help="The agreement whose minimum and maximum this rule mirrors.",
    )
