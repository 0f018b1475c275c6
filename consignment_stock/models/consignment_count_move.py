from odoo import fields, models


class StockMove(models.Model):
    # The count's variance moves are told apart from ordinary adjustments by this mark: the
    # statement reports them once, as the variance, and never again as consumed or adjusted.
    _inherit = "stock.move"

    consignment_count_id = fields.Many2one(
        "consignment.count",
        string="Consignment Count",
        index="btree_not_null",
        readonly=True,
        copy=False,
        ondelete="restrict",
        help="The consignment count whose difference this move posts.",
    )
