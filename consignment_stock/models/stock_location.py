from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

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
            if location.consignment_type == "vendor":
                location._check_only_vendor_goods()

    def _check_only_vendor_goods(self):
        # A vendor's location holds the vendor's goods only: whatever leaves it without owner
        # is taken as the vendor's and billed, so goods of ours (or of another owner) standing
        # there when it becomes one would be billed to us.
        self.ensure_one()
        owner = self.consignment_partner_id.commercial_partner_id
        owner_ids = self.env["res.partner"].sudo().search([("id", "child_of", owner.id)]).ids
        others = (
            self.env["stock.quant"]
            .sudo()
            .search_count(
                [
                    ("location_id", "child_of", self.id),
                    ("quantity", "!=", 0),
                    "|",
                    ("owner_id", "=", False),
                    ("owner_id", "not in", owner_ids),
                ],
                limit=1,
            )
        )
        if others:
            raise ValidationError(
                self.env._(
                    "Location %(location)s holds goods that are not %(vendor)s's: move them out "
                    "(or give them the vendor as owner) before making it the vendor's "
                    "consignment location.",
                    location=self.display_name,
                    vendor=owner.display_name,
                )
            )

    def _get_consignment_root(self, include_archived=False):
        """Map each location of ``self`` to the consignment location that contains it
        (itself included; an archived one only with ``include_archived``), or to an empty
        recordset. The ancestors' flags are read through the cache: one query for a batch,
        none for locations already seen (every stock move asks)."""
        parent_ids = {
            location: [int(part) for part in (location.parent_path or "").split("/") if part]
            for location in self
        }
        all_ids = {location_id for ids in parent_ids.values() for location_id in ids}
        ancestors = self.sudo().with_context(active_test=False).browse(sorted(all_ids))
        consignment_ids = {
            ancestor.id
            for ancestor in ancestors
            if ancestor.consignment_type and (include_archived or ancestor.active)
        }
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

    @api.model
    def _consignment_parent_for(self, agreement):
        """Where ``agreement``'s new location goes: inside the warehouse's stock for a
        vendor, under a "Consignment" view of the warehouse for customers."""
        agreement.ensure_one()
        warehouse = agreement.warehouse_id or self.env["stock.warehouse"].search(
            [("company_id", "=", agreement.company_id.id)], limit=1
        )
        if not warehouse:
            raise UserError(
                self.env._(
                    "Company %(company)s has no warehouse: create one before activating a "
                    "consignment agreement.",
                    company=agreement.company_id.name,
                )
            )
        if agreement.consignment_type == "vendor":
            # Inside the warehouse's stock, so that ordinary operations can serve from it.
            return warehouse.lot_stock_id
        parent = self.env["stock.location"].search(
            [
                ("location_id", "=", warehouse.view_location_id.id),
                ("name", "=", "Consignment"),
                ("usage", "=", "view"),
                ("company_id", "=", warehouse.company_id.id),
            ],
            limit=1,
        )
        if not parent:
            # Outside WH/Stock: ordinary deliveries from the warehouse never reserve goods
            # standing at a customer's site.
            parent = (
                self.env["stock.location"]
                .sudo()
                .create(
                    {
                        "name": "Consignment",
                        "usage": "view",
                        "location_id": warehouse.view_location_id.id,
                        "company_id": warehouse.company_id.id,
                    }
                )
            )
        return parent

    @api.model
    def _consignment_create_for(self, agreement):
        """The consignment location of ``agreement``, made when it is activated."""
        agreement.ensure_one()
        partner = agreement.partner_id.commercial_partner_id
        if agreement.consignment_type == "vendor":
            name = self.env._("Consignment stock - %(partner)s", partner=partner.name)
        else:
            name = self.env._("Consignment at %(partner)s", partner=partner.name)
        return (
            self.env["stock.location"]
            .sudo()
            .create(
                {
                    "name": name,
                    "usage": "internal",
                    "location_id": self._consignment_parent_for(agreement).id,
                    "company_id": agreement.company_id.id,
                    "consignment_type": agreement.consignment_type,
                    "consignment_partner_id": partner.id,
                }
            )
            .sudo(False)
        )
