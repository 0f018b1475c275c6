from odoo import fields, models


class ConsignmentDashboardStockout(models.TransientModel):
    """The dashboard's figures per agreement, product and month, for its pivot and graph."""

    _name = "consignment.dashboard.stockout"
    _description = "Consignment Key Figures per Month"
    _order = "month, agreement_id, product_id"

    dashboard_id = fields.Many2one(
        "consignment.dashboard", required=True, ondelete="cascade", index=True
    )
    agreement_id = fields.Many2one(
        "consignment.agreement", readonly=True, help="Agreement these figures are for."
    )
    partner_id = fields.Many2one("res.partner", readonly=True, help="Partner of the agreement.")
    product_id = fields.Many2one(
        "product.product", readonly=True, help="Product of the agreement at its location."
    )
    month = fields.Date(readonly=True, help="First day of the month of these figures.")
    incidents = fields.Integer(
        string="Stock-out Incidents",
        readonly=True,
        aggregator="sum",
        help="Times the product went from a positive quantity to zero at the agreement's "
        "location in the month, while the agreement was active.",
    )
    avg_stock_value = fields.Monetary(
        string="Average Stock Value",
        currency_field="currency_id",
        readonly=True,
        aggregator="sum",
        help="Average value of the product's consignment stock over the agreement's active "
        "days of the month, at the agreement price of the period end.",
    )
    currency_id = fields.Many2one("res.currency", readonly=True)

    def action_open_agreement(self):
        """The agreement of the row, in its form."""
        self.ensure_one()
        self.agreement_id.check_access("read")
        return self.agreement_id.get_formview_action()
