from odoo import fields, models


class ConsignmentDashboardStockout(models.TransientModel):
    _name = "consignment.dashboard.stockout"
    _description = "Consignment Stock-outs per Month"
    _order = "month, agreement_id"

    dashboard_id = fields.Many2one(
        "consignment.dashboard", required=True, ondelete="cascade", index=True
    )
    agreement_id = fields.Many2one(
        "consignment.agreement",
        readonly=True,
        help="Agreement whose consignment location ran out of a product.",
    )
    month = fields.Date(readonly=True, help="Month of the stock-outs.")
    days = fields.Integer(
        string="Stock-out Days",
        readonly=True,
        aggregator="sum",
        help="Days of the month a product of the agreement sat at zero at the consignment "
        "location, summed over the products.",
    )
