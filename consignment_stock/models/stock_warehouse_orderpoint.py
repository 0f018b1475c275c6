from odoo import api, fields, models

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

    @api.model
    def _consignment_sync(self, agreements):
        """Mirror the agreement lines' minimum and maximum as reorder rules on the
        agreements' locations: rules exist for running agreements only, and a line's latest
        price version carries the quantities. One search for all the agreements' rules."""
        Orderpoint = self.sudo().with_context(active_test=False)
        existing = Orderpoint.search([("consignment_agreement_id", "in", agreements.ids)])
        existing_by_agreement = existing.grouped("consignment_agreement_id")
        to_create = []
        leftovers = Orderpoint.browse()
        for agreement in agreements:
            wanted = agreement._get_orderpoint_lines()
            by_product = {
                orderpoint.product_id: orderpoint
                for orderpoint in existing_by_agreement.get(agreement, Orderpoint.browse())
            }
            route = agreement._get_replenishment_route() if wanted else self.env["stock.route"]
            for product, line in wanted.items():
                values = {
                    "product_min_qty": line._to_product_uom_qty(line.min_qty),
                    "product_max_qty": line._to_product_uom_qty(line.max_qty),
                    "route_id": route.id,
                    "active": True,
                }
                orderpoint = by_product.pop(product, None)
                if orderpoint:
                    orderpoint.write(values)
                else:
                    to_create.append(
                        {
                            **values,
                            "product_id": product.id,
                            "location_id": agreement.location_id.id,
                            "warehouse_id": agreement.location_id.warehouse_id.id
                            or agreement.warehouse_id.id,
                            "company_id": agreement.company_id.id,
                            "consignment_agreement_id": agreement.id,
                            "trigger": "manual",
                        }
                    )
            leftovers |= Orderpoint.browse([orderpoint.id for orderpoint in by_product.values()])
        if to_create:
            Orderpoint.create(to_create)
        if leftovers:
            leftovers.write({"active": False})
        return True
