from odoo import models


class ConsignmentConsumption(models.Model):
    _inherit = "consignment.consumption"

    def _consignment_get_debit_account(self, cache=None):
        """Components of a manufacturing order carry their agreement price into the finished
        product's stock value. Without a production (WIP) account on the production location,
        Odoo keeps the components' value in stock: with perpetual valuation the consigned
        components enter the stock valuation account, as if received, so that the account
        matches the finished goods' value."""
        self.ensure_one()
        record = self.reversed_consumption_id or self
        move = record.move_line_id.move_id
        destination = record.move_line_id.location_dest_id
        if (
            move
            and move._consignment_carries_value()
            and destination.usage == "production"
            and not destination.valuation_account_id
        ):
            product = self.product_id.with_company(self.company_id)
            if product.valuation == "real_time":
                return product.product_tmpl_id._get_product_accounts()["stock_valuation"]
        return super()._consignment_get_debit_account(cache=cache)
