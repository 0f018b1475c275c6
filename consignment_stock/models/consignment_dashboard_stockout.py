from odoo import fields, models


class ConsignmentDashboardStockout(models.TransientModel):
    _name = "consignment.dashboard.stockout"
    _description = "Consignment Stock-outs per Month"
    _order = "month, agreement_id"

    dashboard_id = fields.Many2one(
        "consignment.dashboard", required=True, ondelete="cascade", index=True
    )
    agreement_id = fields.Many2one("consignment.agreement", readonly=True)
    month = fields.Date(readonly=True)
    days = fields.Integer(string="Stock-out Days", readonly=True, aggregator="sum")
