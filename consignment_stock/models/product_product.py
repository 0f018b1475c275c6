from odoo import api, models
from odoo.fields import Domain

# Context key: leave out of the forecast the moves into vendor consignment locations (the
# vendor's goods, not ours).
EXCLUDE_VENDOR_CONSIGNMENT_KEY = "consignment_exclude_vendor_stock"


class ProductProduct(models.Model):
    _inherit = "product.product"

    @api.depends_context("owners", EXCLUDE_VENDOR_CONSIGNMENT_KEY)
    def _compute_quantities(self):
        # The standard computation reads `owners` from the context without caching by it.
        return super()._compute_quantities()

    def _get_domain_locations(self):
        domain_quant, domain_move_in, domain_move_out = super()._get_domain_locations()
        if self.env.context.get(EXCLUDE_VENDOR_CONSIGNMENT_KEY):
            vendor_locations = (
                self.env["stock.location"].sudo().search([("consignment_type", "=", "vendor")])
            )
            if vendor_locations:
                vendor_tree = [("id", "child_of", vendor_locations.ids)]
                domain_move_in = (
                    Domain(domain_move_in)
                    & Domain("location_dest_id", "not any", vendor_tree)
                    & Domain("location_final_id", "not any", vendor_tree)
                )
        return domain_quant, domain_move_in, domain_move_out

    def _with_valuation_context(self):
        product = super()._with_valuation_context()
        if "owners" not in product.env.context:
            # FIFO products are left without the owner filter: their value comes from the
            # valued moves, but the quantity it is spread over would count the goods that
            # vendors own here. Only our own goods are valued.
            product = product.with_context(owners=[False, self.env.company.partner_id.id])
        return product
