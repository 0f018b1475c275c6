from odoo import fields, models
from odoo.fields import Domain

# Context key set by stock moves while they reserve: the owner the operation asks for (a partner
# id), or False for an ordinary operation that takes whatever stock the policy allows.
RESERVATION_OWNER_KEY = "consignment_reservation_owner"


class StockQuant(models.Model):
    _inherit = "stock.quant"

    consignment_type = fields.Selection(
        related="location_id.consignment_type",
        string="Consignment",
        store=True,
        index="btree_not_null",
    )
    consignment_partner_id = fields.Many2one(
        related="location_id.consignment_partner_id",
        string="Consignment Partner",
        store=True,
        index="btree_not_null",
    )
    consignment_value = fields.Monetary(
        string="Value at Agreement Price",
        compute="_compute_consignment_value",
        currency_field="consignment_currency_id",
        help="Quantity times the price of the running consignment agreement today.",
    )
    consignment_currency_id = fields.Many2one(
        "res.currency",
        compute="_compute_consignment_value",
        string="Agreement Currency",
        help="Currency of the running consignment agreement, in which the consignment value "
        "is shown.",
    )
    consignment_days = fields.Integer(
        string="Days on Location",
        compute="_compute_consignment_days",
        help="Days since the goods of this quant entered stock.",
    )

    def _compute_consignment_value(self):
        self.consignment_value = 0.0
        self.consignment_currency_id = False
        consignment_quants = self.filtered("consignment_type")
        if not consignment_quants:
            return
        agreements = (
            self.env["consignment.agreement"]
            .sudo()
            .search(
                [
                    ("state", "in", ("active", "terminating")),
                    ("location_id", "in", consignment_quants.location_id.ids),
                ]
            )
        )
        by_location = {agreement.location_id: agreement for agreement in agreements}
        today = fields.Date.context_today(self)
        for quant in consignment_quants:
            agreement = by_location.get(quant.location_id)
            if not agreement:
                continue
            quant.consignment_currency_id = agreement.currency_id
            quant.consignment_value = quant.quantity * agreement._get_price(quant.product_id, today)

    def _compute_consignment_days(self):
        now = fields.Datetime.now()
        for quant in self:
            quant.consignment_days = (now - quant.in_date).days if quant.in_date else 0

    # ------------------------------------------------------------------
    # Owner-aware reservation
    # ------------------------------------------------------------------
    def _get_gather_domain(
        self, product_id, location_id, lot_id=None, package_id=None, owner_id=None, strict=False
    ):
        domain = super()._get_gather_domain(
            product_id, location_id, lot_id, package_id, owner_id, strict
        )
        requested_owner = self.env.context.get(RESERVATION_OWNER_KEY)
        if not strict and not owner_id and requested_owner:
            # The operation asks for the goods of this owner (e.g. a delivery of the vendor's
            # consigned goods): only those may serve it.
            domain &= Domain("owner_id", "child_of", requested_owner)
        return domain

    def _gather(
        self,
        product_id,
        location_id,
        lot_id=None,
        package_id=None,
        owner_id=None,
        strict=False,
        qty=0,
    ):
        quants = super()._gather(
            product_id,
            location_id,
            lot_id=lot_id,
            package_id=package_id,
            owner_id=owner_id,
            strict=strict,
            qty=qty,
        )
        if (
            strict
            or owner_id
            or RESERVATION_OWNER_KEY not in self.env.context
            or self.env.context[RESERVATION_OWNER_KEY]
        ):
            return quants
        return quants._consignment_apply_reservation_policy()

    def _consignment_apply_reservation_policy(self):
        """Order (and filter) quants gathered for an ordinary operation by the reservation
        policy of the vendor agreement that owns each of them.

        Own stock first: vendor goods after ours. Consignment stock first: vendor goods before
        ours. Explicit: vendor goods are left out; only an operation that asks for the vendor
        as owner reserves them. Within each group, the removal strategy's order stays.
        """
        owned = self.filtered("owner_id")
        if not owned:
            return self
        policies = self._consignment_reservation_policies(owned.owner_id)
        if not policies:
            return self
        rank = {"consignment_first": -1, "own_first": 1}
        kept = self.filtered(
            lambda quant: policies.get(quant.owner_id.commercial_partner_id) != "explicit"
        )
        # sorted() is stable: the removal strategy's order holds inside each rank, and the
        # lot-first order of the standard gather stays the leading criterion.
        return kept.sorted(
            lambda quant: (
                not quant.lot_id,
                rank.get(policies.get(quant.owner_id.commercial_partner_id), 0),
            )
        )

    def _consignment_reservation_policies(self, owners):
        """{commercial partner: reservation policy} of the running vendor agreements of
        ``owners``. When a vendor has several, the most restrictive policy wins."""
        agreements = (
            self.env["consignment.agreement"]
            .sudo()
            .search(
                [
                    ("consignment_type", "=", "vendor"),
                    ("state", "in", ("active", "terminating")),
                    ("partner_id", "child_of", owners.commercial_partner_id.ids),
                ]
            )
        )
        strictness = {"explicit": 2, "own_first": 1, "consignment_first": 0}
        policies = {}
        for agreement in agreements:
            vendor = agreement.partner_id.commercial_partner_id
            current = policies.get(vendor)
            if current is None or strictness[agreement.reservation_policy] > strictness[current]:
                policies[vendor] = agreement.reservation_policy
        return policies
