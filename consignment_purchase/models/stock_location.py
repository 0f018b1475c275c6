from odoo import api, models


class StockLocation(models.Model):
    _inherit = "stock.location"

    @api.model
    def _get_ownership_transfer_location(self, company):
        # Goods taken into own stock enter our valuation at the agreement price (Odoo's own
        # valuation of the incoming move: debit stock valuation); the credit goes to the
        # consignment liability, which the vendor's consumption bill clears.
        location = super()._get_ownership_transfer_location(company)
        self._consignment_set_transfer_valuation_accounts(company, location)
        return location

    @api.model
    def _consignment_set_transfer_valuation_accounts(self, companies=None, locations=None):
        """Point the valuation account of the take-over locations at the consignment
        liability account of their company."""
        if locations is None:
            domain = [("consignment_ownership_transfer", "=", True)]
            if companies:
                domain.append(("company_id", "in", companies.ids))
            locations = self.sudo().with_context(active_test=False).search(domain)
        for location in locations.sudo():
            if not location.company_id:
                continue
            account = location.company_id._get_consignment_liability_account()
            if account and location.valuation_account_id != account:
                location.valuation_account_id = account
        return True
