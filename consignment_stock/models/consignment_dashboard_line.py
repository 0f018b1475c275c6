from odoo import fields, models


class ConsignmentDashboardLine(models.TransientModel):
    _name = "consignment.dashboard.line"
    _description = "Consignment Dashboard Line"
    _order = "target_missed desc, turnover"

    dashboard_id = fields.Many2one(
        "consignment.dashboard", required=True, ondelete="cascade", index=True
    )
    agreement_id = fields.Many2one("consignment.agreement", readonly=True)
    partner_id = fields.Many2one(related="agreement_id.partner_id")
    consignment_type = fields.Selection(related="agreement_id.consignment_type")
    currency_id = fields.Many2one("res.currency", readonly=True)
    turnover = fields.Float(digits=(16, 2), readonly=True)
    target_turnover = fields.Float(string="Turnover Target", digits=(16, 2), readonly=True)
    variance_pct = fields.Float(string="Variance (%)", digits=(16, 2), readonly=True)
    target_variance_pct = fields.Float(string="Variance Target (%)", digits=(16, 2), readonly=True)
    stockout_days = fields.Integer(string="Stock-out Days", readonly=True)
    avg_days = fields.Float(string="Days on Location", digits=(16, 1), readonly=True)
    cash_benefit = fields.Monetary(currency_field="currency_id", readonly=True)
    consumed_value = fields.Monetary(currency_field="currency_id", readonly=True)
    avg_stock_value = fields.Monetary(
        string="Average Stock Value", currency_field="currency_id", readonly=True
    )
    target_missed = fields.Boolean(string="Misses Targets", readonly=True)
