from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError


class ConsignmentTerminationWizard(models.TransientModel):
    _name = "consignment.termination.wizard"
    _description = "Terminate a Consignment Agreement"

    agreement_ids = fields.Many2many(
        "consignment.agreement",
        string="Agreements",
        required=True,
        domain="[('state', '=', 'active'), ('termination_date', '=', False)]",
        help="Active agreements to terminate.",
    )
    termination_kind = fields.Selection(
        [("planned", "Planned (with notice)"), ("forced", "Forced")],
        string="Kind",
        required=True,
        default="planned",
        help="Planned: takes effect once the notice period has passed. Forced: takes effect "
        "earlier; a joint count with the partner is planned and a dispute opened.",
    )
    termination_date = fields.Date(
        string="Effective Date",
        required=True,
        compute="_compute_termination_date",
        store=True,
        precompute=True,
        readonly=False,
        help="From this day the agreement accepts no new receipts or fill-ups.",
    )
    earliest_date = fields.Date(
        compute="_compute_earliest_date", help="Earliest effective date of this kind."
    )
    termination_reason = fields.Text(
        string="Reason", required=True, help="Why the agreement ends; kept on the agreement."
    )

    def _get_earliest_date(self):
        self.ensure_one()
        today = fields.Date.context_today(self)
        if self.termination_kind == "forced":
            return today
        return today + timedelta(max(self.agreement_ids.mapped("notice_period_days") or [0]))

    @api.depends("agreement_ids", "termination_kind")
    def _compute_earliest_date(self):
        for wizard in self:
            wizard.earliest_date = wizard._get_earliest_date()

    @api.depends("agreement_ids", "termination_kind")
    def _compute_termination_date(self):
        for wizard in self:
            wizard.termination_date = wizard._get_earliest_date()

    def action_confirm(self):
        self.ensure_one()
        agreements = self.agreement_ids
        if not agreements:
            raise UserError(self.env._("Choose the agreements to terminate."))
        self.env["consignment.role"]._check("terminate", agreements)
        # The role is checked: the joint count, activity and dispute need wider rights.
        agreements.sudo()._request_termination(
            self.termination_date, self.termination_reason, self.termination_kind
        )
        return {"type": "ir.actions.act_window_close"}
