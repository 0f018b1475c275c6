from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    consignment_liability_account_id = fields.Many2one(
        related="company_id.consignment_liability_account_id",
        readonly=False,
        string="Consignment Liability",
    )

    def set_values(self):
        result = super().set_values()
        self.env["stock.location"]._consignment_set_transfer_valuation_accounts(self.company_id)
        return result
