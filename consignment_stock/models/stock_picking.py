from odoo import api, fields, models
from odoo.exceptions import UserError


class StockPicking(models.Model):
    _inherit = "stock.picking"

    consignment_agreement_id = fields.Many2one(
        "consignment.agreement",
        compute="_compute_consignment_agreement_id",
        store=True,
        index="btree_not_null",
        help="The consignment agreement of the transfer: the vendor agreement of a receipt "
        "of a consignment purchase order, or the customer agreement whose consignment "
        "location the transfer fills up or takes goods from. It follows from the order or the "
        "locations and cannot be set by hand.",
    )

    @api.depends("location_id", "location_dest_id")
    def _compute_consignment_agreement_id(self):
        """Customer consignment: the agreement of the customer's consignment location the
        transfer goes to (or else comes from), a running one first. The vendor add-on adds
        the agreement of a consignment purchase order to its receipts."""
        roots = self._get_consignment_location_roots()
        customer_roots = {
            picking: dest_root or source_root
            for picking, (source_root, dest_root) in roots.items()
            if (dest_root or source_root).consignment_type == "customer"
        }
        agreements = self.env["consignment.agreement"]
        if customer_roots:
            agreements = agreements.search(
                [
                    ("consignment_type", "=", "customer"),
                    ("location_id", "in", [root.id for root in customer_roots.values()]),
                ],
                order="state, date_start desc, id desc",
            )
        for picking in self:
            root = customer_roots.get(picking)
            candidates = agreements.filtered(lambda a, root=root: root and a.location_id == root)
            running = candidates.filtered(lambda a: a.state in ("active", "terminating"))
            picking.consignment_agreement_id = (running or candidates)[:1]

    def _get_consignment_location_roots(self):
        """{picking: (source root, destination root)}: the consignment locations that hold
        each transfer's source and destination (empty recordsets for ordinary locations).
        One query for the whole batch."""
        pickings = self.sudo()
        locations = pickings.location_id | pickings.location_dest_id
        roots = locations._get_consignment_root() if locations else {}
        empty = self.env["stock.location"]
        return {
            picking: (
                roots.get(sudo_picking.location_id, empty).sudo(False),
                roots.get(sudo_picking.location_dest_id, empty).sudo(False),
            )
            for picking, sudo_picking in zip(self, pickings, strict=True)
        }

    # ------------------------------------------------------------------
    # Written by the code only
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        if any(vals.get("consignment_agreement_id") for vals in vals_list):
            self._check_consignment_agreement_not_written()
        return super().create(vals_list)

    def write(self, vals):
        if "consignment_agreement_id" in vals:
            self._check_consignment_agreement_not_written()
        return super().write(vals)

    def _check_consignment_agreement_not_written(self):
        # A transfer's agreement decides whose goods it moves and who bills them: set over
        # RPC or by an import it would misplace the goods of another agreement.
        if not self.env.su:
            raise UserError(
                self.env._(
                    "The consignment agreement of a transfer follows from its purchase order or "
                    "its consignment locations; it cannot be set by hand. Change the order or "
                    "the transfer's locations instead."
                )
            )
