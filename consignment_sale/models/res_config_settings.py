from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    consignment_goods_at_customers = fields.Boolean(
        related="company_id.consignment_goods_at_customers", readonly=False
    )
    consignment_goods_at_customers_account_id = fields.Many2one(
        related="company_id.consignment_goods_at_customers_account_id", readonly=False
    )
