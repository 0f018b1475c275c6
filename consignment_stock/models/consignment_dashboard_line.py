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
    # Not stored: the pivots per partner and agreement are those of the monthly facts, and a
    # dashboard of a thousand agreements inserts its lines with as few foreign keys as it can.
    partner_id = fields.Many2one(related="agreement_id.partner_id")
    consignment_type = fields.Selection(related="agreement_id.consignment_type")
    currency_id = fields.Many2one(related="agreement_id.company_id.currency_id")

    def action_open_agreement(self):
        """The agreement of the line, in its form."""
        self.ensure_one()
        self.agreement_id.check_access("read")
        return self.agreement_id.get_formview_action()
