from odoo import fields, models

from .product_product import EXCLUDE_VENDOR_CONSIGNMENT_KEY


class StockWarehouseOrderpoint(models.Model):
    _inherit = "stock.warehouse.orderpoint"

    consignment_agreement_id = fields.Many2one(
        "consignment.agreement",
        index="btree_not_null",
        readonly=True,
        ondelete="cascade",
        help="The agreement whose minimum and maximum this rule mirrors.",
    )

    def _get_product_context(self):
        """Count the stock of the right owner: a rule at a vendor consignment location counts
        the vendor's goods there; a rule elsewhere counts our own goods only, even when a
        vendor consignment location lies inside its location."""
        context = super()._get_product_context()
        location = self.location_id
        root = location._get_consignment_root()[location]
        if root.consignment_type == "vendor":
            context["owners"] = (root.consignment_partner_id.commercial_partner_id.id,)
        elif not root and self.env["stock.location"].search_count(
            [("consignment_type", "=", "vendor"), ("id", "child_of", location.id)], limit=1
        ):
            context["owners"] = ()
            context[EXCLUDE_VENDOR_CONSIGNMENT_KEY] = True
        return context
