from odoo import api, fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    consignment_capital_rate = fields.Float(
        string="Consignment Cost of Capital (%)",
        default=8.0,
        help="Yearly interest rate at which the company values money tied up in stock. The "
        "consignment dashboard uses it for the cash benefit of holding a vendor's goods "
        "instead of buying them.",
    )

    def _create_per_company_locations(self):
        result = super()._create_per_company_locations()
        self._create_consignment_take_over_location()
        return result

    def _create_consignment_take_over_location(self):
        """The virtual location through which a vendor's consigned goods become our own
        stock; one per company, made with the company's other locations."""
        self.ensure_one()
        Location = self.env["stock.location"].sudo().with_context(active_test=False)
        location = Location.search(
            [("consignment_ownership_transfer", "=", True), ("company_id", "=", self.id)],
            limit=1,
        )
        if not location:
            location = Location.create(self._prepare_consignment_take_over_location())
        return location

    def _prepare_consignment_take_over_location(self):
        self.ensure_one()
        return {
            "name": self.env._("Consignment Take-over"),
            "usage": "inventory",
            "company_id": self.id,
            "consignment_ownership_transfer": True,
            # Goods taken over are a purchase from the vendor: without the vendor add-on's
            # liability account their value is booked against the stock variation account.
            "valuation_account_id": self.sudo().account_stock_valuation_id.account_stock_variation_id.id,
        }

    @api.model
    def _create_missing_consignment_take_over_locations(self):
        """At installation: the companies that exist already get their location."""
        for company in self.sudo().search([]):
            company._create_consignment_take_over_location()
