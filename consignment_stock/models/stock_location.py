from odoo import api, fields, models
from odoo.exceptions import ValidationError

CONSIGNMENT_TYPES = [
    ("vendor", "Vendor consignment"),
    ("customer", "Customer consignment"),
]


class StockLocation(models.Model):
    _inherit = "stock.location"

    consignment_type = fields.Selection(
        CONSIGNMENT_TYPES,
        string="Consignment",
        index="btree_not_null",
        help="Vendor consignment: a supplier's goods held at our site; every quant here "
        "belongs to the supplier. Customer consignment: our goods held at a customer's "
        "site; they stay ours and valued until the customer sells or uses them.",
    )
    consignment_partner_id = fields.Many2one(
        "res.partner",
        index="btree_not_null",
        help="The supplier who owns the goods here (vendor consignment), or the customer "
        "who holds our goods here (customer consignment).",
    )
    consignment_ownership_transfer = fields.Boolean(
        help="Virtual location through which a vendor's consigned goods become our own stock.",
    )
    consignment_agreement_ids = fields.One2many(
        "consignment.agreement",
        "location_id",
        string="Consignment Agreements",
        help="Consignment agreements whose goods are held at this location.",
    )

    @api.constrains("consignment_type", "consignment_partner_id", "usage")
    def _check_consignment_location(self):
        for location in self.filtered("consignment_type"):
            if location.usage != "internal":
                raise ValidationError(
                    self.env._(
                        "Location %(location)s cannot be a consignment location: only "
                        "internal locations can hold consignment stock.",
                        location=location.display_name,
                    )
                )
            if not location.consignment_partner_id:
                raise ValidationError(
                    self.env._(
                        "Consignment location %(location)s needs a consignment partner: "
                        "the supplier who owns the goods, or the customer who holds them.",
                        location=location.display_name,
                    )
                )

    def _get_consignment_root(self):
        """Map each location of ``self`` to the consignment location that contains it
        (itself included), or to an empty recordset. One query for the whole batch."""
        parent_ids = {
            location: [int(part) for part in (location.parent_path or "").split("/") if part]
            for location in self
        }
        all_ids = {location_id for ids in parent_ids.values() for location_id in ids}
        consignment = self.browse()
        if all_ids:
            consignment = (
                self.sudo()
                .search([("id", "in", list(all_ids)), ("consignment_type", "!=", False)])
                .sudo(False)
            )
        consignment_ids = set(consignment.ids)
        result = {}
        for location, ids in parent_ids.items():
            # The innermost consignment location wins.
            root_id = next(
                (location_id for location_id in reversed(ids) if location_id in consignment_ids),
                None,
            )
            result[location] = self.browse(root_id) if root_id else self.browse()
        return result

    @api.model
    def _get_ownership_transfer_location(self, company):
        """The virtual location through which a vendor's consigned goods become our own stock
        in ``company`` (made with the company, see ``res.company``)."""
        return company.sudo()._create_consignment_take_over_location().sudo(False)
