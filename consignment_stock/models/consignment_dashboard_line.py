from odoo import fields, models


class ConsignmentDashboardLine(models.TransientModel):
    _name = "consignment.dashboard.line"
    _inherit = ["consignment.kpi.figures"]
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
    target_turnover = fields.Float(
        string="Turnover Target",
        digits=(16, 2),
        readonly=True,
        help="Minimum turnover per year set on the agreement. 0: no target.",
    )
    target_variance_pct = fields.Float(
        string="Variance Target (%)",
        digits=(16, 2),
        readonly=True,
        help="Maximum count variance set on the agreement. 0: no target.",
    )
    target_missed = fields.Boolean(
        string="Misses Targets",
        readonly=True,
        help="The turnover is under its target, or the count variance over its target.",
    )
