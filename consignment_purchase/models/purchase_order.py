from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

# Agreements whose consignment location holds the vendor's goods: a purchase order may name them.
RUNNING = ("active", "terminating")


class PurchaseOrder(models.Model):
    _inherit = "purchase.order"

    is_consignment = fields.Boolean(
        string="Consignment",
        compute="_compute_is_consignment",
        store=True,
        readonly=False,
        copy=True,
        tracking=True,
        help="The vendor keeps the goods' ownership: they are received into the vendor's "
        "consignment location with the vendor as owner, and billed periodically for what is "
        "consumed instead of on receipt. Set when the vendor has an active consignment "
        "agreement that covers every product of the order.",
    )
    consignment_agreement_id = fields.Many2one(
        "consignment.agreement",
        compute="_compute_consignment_agreement_id",
        store=True,
        readonly=False,
        copy=True,
        index="btree_not_null",
        tracking=True,
        check_company=True,
        domain="[('consignment_type', '=', 'vendor'), ('state', '=', 'active'), "
        "('partner_id', 'child_of', commercial_partner_id)]",
        help="The vendor agreement under which the goods of this order are consigned.",
    )
    commercial_partner_id = fields.Many2one(
        related="partner_id.commercial_partner_id",
        help="The vendor's company, whose consignment agreements the order can use.",
    )

    @api.model
    def _consignment_find_agreements(self, partners, companies):
        """Active vendor agreements of ``partners`` (their commercial entities) in
        ``companies``: {(commercial partner, company): agreement}."""
        # The vendor's agreement decides, whichever agreements the user may read; it is
        # handed back in the user's environment.
        found = partners.sudo()._consignment_get_active_agreements("vendor", companies)
        return {key: agreement.sudo(False) for key, agreement in found.items()}

    @api.depends("partner_id", "company_id", "order_line.product_id")
    def _compute_is_consignment(self):
        orders = self.filtered(lambda order: order.state in ("draft", "sent"))
        for order in self - orders:
            # Confirmed orders keep what was decided when they were confirmed.
            order.is_consignment = order.is_consignment
        agreements = self._consignment_find_agreements(orders.partner_id, orders.company_id)
        for order in orders:
            agreement = agreements.get((order.partner_id.commercial_partner_id, order.company_id))
            products = order.order_line.filtered(
                lambda line: not line.display_type and line.product_id.type == "consu"
            ).product_id
            order.is_consignment = bool(
                agreement and products and products <= agreement.sudo().line_ids.product_id
            )

    @api.depends("is_consignment", "partner_id", "company_id")
    def _compute_consignment_agreement_id(self):
        orders = self.filtered(lambda order: order.is_consignment)
        agreements = self._consignment_find_agreements(orders.partner_id, orders.company_id)
        for order in self:
            if not order.is_consignment:
                order.consignment_agreement_id = False
                continue
            current = order.consignment_agreement_id.sudo()
            if (
                current
                and current.partner_id.commercial_partner_id
                == order.partner_id.commercial_partner_id
                and current.company_id == order.company_id
                and (current.state in RUNNING or order.state not in ("draft", "sent"))
            ):
                continue
            order.consignment_agreement_id = agreements.get(
                (order.partner_id.commercial_partner_id, order.company_id), False
            )

    # ------------------------------------------------------------------
    # Receipts into the vendor's consignment location
    # ------------------------------------------------------------------
    def _get_destination_location(self):
        self.ensure_one()
        if self.consignment_agreement_id.location_id:
            return self.consignment_agreement_id.location_id.id
        return super()._get_destination_location()

    def _get_final_location_record(self):
        self.ensure_one()
        if self.consignment_agreement_id.location_id:
            return self.consignment_agreement_id.location_id
        return super()._get_final_location_record()

    def _prepare_picking(self):
        values = super()._prepare_picking()
        agreement = self.consignment_agreement_id
        if agreement:
            values.update(
                {
                    "owner_id": agreement.partner_id.commercial_partner_id.id,
                }
            )
        return values

    # ------------------------------------------------------------------
    # Checks
    # ------------------------------------------------------------------
    @api.constrains("consignment_agreement_id", "is_consignment", "partner_id", "company_id")
    def _check_consignment_agreement(self):
        """The order receives into its agreement's location with the agreement's vendor as
        owner: the agreement must be a running vendor agreement of the order's vendor and
        company."""
        for order in self.filtered("consignment_agreement_id"):
            agreement = order.consignment_agreement_id.sudo()
            vendor = order.partner_id.commercial_partner_id
            problem = None
            if agreement.consignment_type != "vendor":
                problem = self.env._("it is a customer consignment agreement")
            elif agreement.partner_id.commercial_partner_id != vendor:
                problem = self.env._(
                    "it is an agreement with %(partner)s, not with the order's vendor %(vendor)s",
                    partner=agreement.partner_id.commercial_partner_id.display_name,
                    vendor=vendor.display_name,
                )
            elif agreement.company_id != order.company_id:
                problem = self.env._(
                    "it belongs to company %(agreement_company)s, the order to %(company)s",
                    agreement_company=agreement.company_id.display_name,
                    company=order.company_id.display_name,
                )
            elif not order.is_consignment:
                problem = self.env._("the order is not marked as Consignment")
            elif order.state in ("draft", "sent") and agreement.state not in RUNNING:
                problem = self.env._(
                    "it is %(state)s",
                    state=dict(agreement._fields["state"]._description_selection(self.env))[
                        agreement.state
                    ],
                )
            if problem:
                raise ValidationError(
                    self.env._(
                        "%(order)s cannot use consignment agreement %(agreement)s: %(problem)s. "
                        "Choose a running vendor agreement of %(vendor)s in %(company)s, or "
                        "clear the Consignment box to buy the goods.",
                        order=order.display_name,
                        agreement=agreement.name,
                        problem=problem,
                        vendor=vendor.display_name,
                        company=order.company_id.display_name,
                    )
                )

    def write(self, vals):
        if not self.env.su and {"consignment_agreement_id", "is_consignment"} & set(vals):
            confirmed = self.filtered(lambda order: order.state not in ("draft", "sent"))
            changed = confirmed.filtered(
                lambda order: (
                    (
                        "is_consignment" in vals
                        and order.is_consignment != bool(vals["is_consignment"])
                    )
                    or (
                        "consignment_agreement_id" in vals
                        and order.consignment_agreement_id.id
                        != (int(vals["consignment_agreement_id"] or 0) or False)
                    )
                )
            )
            if changed:
                # Its receipts already go to the agreement's location, with the vendor as owner.
                raise UserError(
                    self.env._(
                        "%(orders)s is confirmed: whether it is a consignment order, and under "
                        "which agreement, can no longer change. Cancel it and order again.",
                        orders=", ".join(changed.mapped("display_name")),
                    )
                )
        return super().write(vals)

    def _consignment_check_can_receive(self):
        """Refuse consignment orders without a running agreement, or whose products the
        agreement does not cover."""
        for order in self.filtered("is_consignment"):
            agreement = order.consignment_agreement_id
            if not agreement:
                raise UserError(
                    self.env._(
                        "%(order)s is marked as consignment, but %(vendor)s has no active vendor "
                        "consignment agreement. Create and activate one from the vendor's form, "
                        "or clear the Consignment box to buy the goods.",
                        order=order.name,
                        vendor=order.partner_id.display_name,
                    )
                )
            if agreement.state != "active":
                raise UserError(
                    self.env._(
                        "Consignment agreement %(agreement)s is %(state)s: it accepts no new "
                        "consignment receipts, so %(order)s cannot be confirmed. Buy the goods "
                        "with an ordinary order (clear the Consignment box) or use another "
                        "agreement.",
                        agreement=agreement.name,
                        state=dict(agreement._fields["state"]._description_selection(self.env))[
                            agreement.state
                        ],
                        order=order.name,
                    )
                )
            missing = (
                order.order_line.filtered(
                    lambda line: not line.display_type and line.product_id.type == "consu"
                ).product_id
                - agreement.sudo().line_ids.product_id
            )
            if missing:
                raise UserError(
                    self.env._(
                        "%(order)s is a consignment order, but agreement %(agreement)s has no "
                        "price for %(products)s. Add the products to the agreement, or buy them "
                        "with an ordinary order.",
                        order=order.name,
                        agreement=agreement.name,
                        products=", ".join(missing.mapped("display_name")),
                    )
                )

    def button_confirm(self):
        self.filtered(
            lambda order: order.state in ("draft", "sent")
        )._consignment_check_can_receive()
        return super().button_confirm()

    def action_create_invoice(self, attachment_ids=False):
        consignment = self.filtered("consignment_agreement_id")
        if consignment:
            raise UserError(
                self.env._(
                    "%(orders)s are consignment orders: the vendor is paid for what is consumed, "
                    "not for what was received. Their bills are created per agreement and "
                    "billing period from the consumption ledger (agreement %(agreements)s, "
                    "button Bill Consumption).",
                    orders=", ".join(consignment.mapped("name")),
                    agreements=", ".join(consignment.consignment_agreement_id.mapped("name")),
                )
            )
        return super().action_create_invoice(attachment_ids=attachment_ids)

    def action_view_consignment_agreement(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "consignment.agreement",
            "res_id": self.consignment_agreement_id.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }
