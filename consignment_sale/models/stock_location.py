from odoo import api, models


class StockLocation(models.Model):
    _inherit = "stock.location"

    @api.model
    def _consignment_create_for(self, agreement):
        location = super()._consignment_create_for(agreement)
        if location.consignment_type == "customer":
            account = location.company_id._get_goods_at_customers_account()
            if account:
                location.sudo().valuation_account_id = account
        return location
