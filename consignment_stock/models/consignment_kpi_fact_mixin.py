from odoo import fields, models


class ConsignmentKpiFactMixin(models.AbstractModel):
    """What a stored key-figure fact is of: an agreement and a month, with the agreement's
    company, partner and kind stored to group by, amounts in the company's currency.
    Written only by the refresh of ``consignment.kpi.month`` (as superuser)."""

    _name = "consignment.kpi.fact.mixin"
    _description = "Consignment Key-Figure Fact"

    agreement_id = fields.Many2one(
        "consignment.agreement",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
        help="The agreement these figures are of.",
    )
    month = fields.Date(
        required=True, readonly=True, index=True, help="First day of the month of the figures."
    )
    company_id = fields.Many2one(related="agreement_id.company_id", store=True, index=True)
    partner_id = fields.Many2one(related="agreement_id.partner_id", store=True)
    consignment_type = fields.Selection(related="agreement_id.consignment_type", store=True)
    currency_id = fields.Many2one(related="company_id.currency_id", store=True)

    def action_open_agreement(self):
        """The agreement of the row, in its form."""
        self.ensure_one()
        self.agreement_id.check_access("read")
        return self.agreement_id.get_formview_action()
