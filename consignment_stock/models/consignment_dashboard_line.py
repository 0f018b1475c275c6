from odoo import fields, models


class ConsignmentDashboardLine(models.TransientModel):
    _name = "consignment.dashboard.line"
    _description = "Consignment Dashboard Line"
    _order = "target_missed desc, turnover"

    dashboard_id = fields.Many2one(
        "consignment.dashboard", required=True, ondelete="cascade", index=True
    )
    agreement_id = fields.Many2one(
        "consignment.agreement", readonly=True, help="Agreement these key figures are for."
    )
    partner_id = fields.Many2one(related="agreement_id.partner_id")
    consignment_type = fields.Selection(related="agreement_id.consignment_type")
    currency_id = fields.Many2one("res.currency", readonly=True)
    turnover = fields.Float(
        digits=(16, 2),
        readonly=True,
        help="Value consumed over average stock value, per year.",
    )
    target_turnover = fields.Float(
        string="Turnover Target",
        digits=(16, 2),
        readonly=True,
        help="Minimum turnover per year set on the agreement. 0: no target.",
    )
    variance_pct = fields.Float(
        string="Variance (%)",
        digits=(16, 2),
        readonly=True,
        help="Value of the differences found by the counts of the period (missing and found) "
        "over the expected value of the counted stock.",
    )
    target_variance_pct = fields.Float(
        string="Variance Target (%)",
        digits=(16, 2),
        readonly=True,
        help="Maximum count variance set on the agreement. 0: no target.",
    )
    stockout_days = fields.Integer(
        string="Stock-out Days",
        readonly=True,
        help="Days a product of the agreement sat at zero at the consignment location, summed "
        "over the products.",
    )
    avg_days = fields.Float(
        string="Days on Location",
        digits=(16, 1),
        readonly=True,
        help="How long goods stay at the consignment location on average (average stock value "
        "over the value leaving it per day).",
    )
    cash_benefit = fields.Monetary(
        currency_field="currency_id",
        readonly=True,
        help="Vendor consignment: the cost of capital saved by holding the vendor's goods "
        "instead of buying them (average stock value x days x the rate set in the settings).",
    )
    consumed_value = fields.Monetary(
        currency_field="currency_id",
        readonly=True,
        help="Value of the goods consumed in the period, at the agreement prices.",
    )
    avg_stock_value = fields.Monetary(
        string="Average Stock Value",
        currency_field="currency_id",
        readonly=True,
        help="Average value of the consignment stock over the period, at the agreement prices.",
    )
    target_missed = fields.Boolean(
        string="Misses Targets",
        readonly=True,
        help="The turnover is under its target, or the count variance over its target.",
    )
