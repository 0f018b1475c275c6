from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    consignment_liability_account_id = fields.Many2one(
        related="company_id.consignment_liability_account_id",
        readonly=False,
        string="Consignment Liability",
    )
    consignment_memo_accounting = fields.Boolean(
        related="company_id.consignment_memo_accounting", readonly=False
    )
    consignment_memo_inventory_account_id = fields.Many2one(
        related="company_id.consignment_memo_inventory_account_id", readonly=False
    )
    consignment_memo_supplier_account_id = fields.Many2one(
        related="company_id.consignment_memo_supplier_account_id", readonly=False
    )
