from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    consignment_liability_account_id = fields.Many2one(
        related="company_id.consignment_liability_account_id",
        readonly=False,
        string="Consignment Liability",
    )
