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
    # Stored, to group the pivot and graph by it.
    partner_id = fields.Many2one("res.partner", readonly=True, help="Partner of the agreement.")
    consignment_type = fields.Selection(related="agreement_id.consignment_type")

    def action_open_agreement(self):
        """The agreement of the line, in its form."""
        self.ensure_one()
        self.agreement_id.check_access("read")
        return self.agreement_id.get_formview_action()
