from odoo import models
from odoo.fields import Domain


class ResCompany(models.Model):
    _inherit = "res.company"

    def _get_location_valuation_vals(self, at_date=None, location_domain=False):
        vals_list = super()._get_location_valuation_vals(
            at_date=at_date, location_domain=location_domain
        )
        # Periodic closing moves the value of the moves into a production location from stock
        # to that location's account. The consigned part of a component move was never in our
        # stock: the consumption entry already booked it against the consignment liability.
        locations = self.env["stock.location"].search(
            Domain.AND(
                [
                    location_domain or [],
                    [("valuation_account_id", "!=", False), ("company_id", "=", self.id)],
                ]
            )
        )
        if not locations:
            return vals_list
        domain = Domain(
            [
                ("is_out", "=", True),
                ("company_id", "=", self.id),
                ("location_dest_id", "in", locations.ids),
                ("consignment_value", "!=", 0),
                ("product_id.is_storable", "=", True),
                ("product_id.valuation", "=", "periodic"),
            ]
        )
        last_closing_date = self._get_last_closing_date()
        if last_closing_date:
            domain &= Domain("date", ">", last_closing_date)
        if at_date:
            domain &= Domain("date", "<=", at_date)
        groups = self.env["stock.move"]._read_group(
            domain, ["location_dest_id", "product_category_id"], ["consignment_value:sum"]
        )
        for location, category, value in groups:
            stock_account = (
                category.property_stock_valuation_account_id or self.account_stock_valuation_id
            )
            vals_list += self._prepare_inventory_aml_vals(
                location.valuation_account_id,
                stock_account,
                -value,
                self.env._(
                    "Closing: consigned components booked against the consignment liability "
                    "- [%(account)s]",
                    account=location.valuation_account_id.display_name,
                ),
            )
        return vals_list
