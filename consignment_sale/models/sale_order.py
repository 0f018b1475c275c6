from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class SaleOrder(models.Model):
    _inherit = "sale.order"

    consignment_agreement_id = fields.Many2one(
        "consignment.agreement",
        compute="_compute_consignment_agreement_id",
        store=True,
        readonly=False,
        precompute=True,
        index="btree_not_null",
        tracking=True,
        check_company=True,
        copy=False,
        domain="[('consignment_type', '=', 'customer'), ('state', '=', 'active')]",
        help="Consignment order: the goods are delivered into the customer's consignment "
        "location with a pro-forma delivery note, stay ours, and are invoiced only when the "
        "customer reports them sold or used. Set from the customer's active agreement; clear "
        "it to sell outright.",
    )
    consignment_picking_count = fields.Integer(compute="_compute_consignment_picking_count")

    @api.depends("partner_id", "company_id")
    def _compute_consignment_agreement_id(self):
        orders = self.filtered(lambda order: order.state in ("draft", "sent") and order.partner_id)
        (self - orders).filtered(
            lambda order: not order.partner_id
        ).consignment_agreement_id = False
        if not orders:
            return
        agreements = orders.partner_id._consignment_get_active_agreements(
            "customer", orders.company_id
        )
        for order in orders:
            order.consignment_agreement_id = agreements.get(
                (order.partner_id.commercial_partner_id, order.company_id), False
            )

    @api.constrains("consignment_agreement_id", "partner_id")
    def _check_consignment_agreement_partner(self):
        for order in self.filtered("consignment_agreement_id"):
            agreement = order.consignment_agreement_id
            if agreement.consignment_type != "customer" or (
                agreement.partner_id.commercial_partner_id != order.partner_id.commercial_partner_id
            ):
                raise ValidationError(
                    self.env._(
                        "Order %(order)s is for %(customer)s, but agreement %(agreement)s is not a "
                        "customer consignment agreement of that customer. Choose one of its "
                        "agreements, or clear the field to sell outright.",
                        order=order.name,
                        customer=order.partner_id.display_name,
                        agreement=agreement.name,
                    )
                )

    def write(self, vals):
        if "consignment_agreement_id" in vals:
            for order in self:
                if (
                    order.state == "sale"
                    and order.consignment_agreement_id.id != vals["consignment_agreement_id"]
                ):
                    raise UserError(
                        self.env._(
                            "Order %(order)s is confirmed: whether it is a consignment order can "
                            "no longer change. Cancel it and create a new order instead.",
                            order=order.name,
                        )
                    )
        return super().write(vals)

    @api.depends("picking_ids.picking_type_id")
    def _compute_consignment_picking_count(self):
        for order in self:
            order.consignment_picking_count = len(order._get_consignment_fillup_pickings())

    def _get_consignment_fillup_pickings(self):
        return self.picking_ids.filtered(
            lambda picking: picking.state != "cancel" and picking.is_consignment_fillup
        )

    # ------------------------------------------------------------------
    # Confirmation
    # ------------------------------------------------------------------
    def _action_confirm(self):
        self.filtered("consignment_agreement_id")._check_consignment_order()
        return super()._action_confirm()

    def _check_consignment_order(self):
        for order in self:
            agreement = order.consignment_agreement_id
            if agreement.state != "active":
                raise UserError(
                    self.env._(
                        "Agreement %(agreement)s of order %(order)s is not active: activate it, "
                        "or clear the consignment agreement to sell outright.",
                        agreement=agreement.name,
                        order=order.name,
                    )
                )
            date = fields.Date.context_today(order, order.date_order)
            missing = order.order_line.filtered(
                lambda line, agreement=agreement, date=date: (
                    line.is_consignment and not agreement._get_price_line(line.product_id, date)
                )
            )
            if missing:
                raise UserError(
                    self.env._(
                        "Agreement %(agreement)s has no price for %(products)s. Add the products "
                        "to the agreement, or sell them on an ordinary order.",
                        agreement=agreement.name,
                        products=", ".join(missing.product_id.mapped("display_name")),
                    )
                )

    # ------------------------------------------------------------------
    # Invoicing: consumed goods by the agreement only
    # ------------------------------------------------------------------
    def _nothing_to_invoice_error_message(self):
        message = super()._nothing_to_invoice_error_message()
        agreements = self.consignment_agreement_id
        if not agreements:
            return message
        return self.env._(
            "%(message)s\n\nConsigned goods of %(orders)s are invoiced from the consumption "
            "ledger at the agreed prices, by the invoicing of agreement %(agreements)s "
            "(button Bill Consumption on the agreement, or the scheduled invoicing), never "
            "from the order.",
            message=message,
            orders=", ".join(self.filtered("consignment_agreement_id").mapped("name")),
            agreements=", ".join(agreements.sudo().mapped("name")),
        )

    # ------------------------------------------------------------------
    # Pro-forma delivery note
    # ------------------------------------------------------------------
    def action_print_consignment_proforma(self):
        self.check_access("read")
        pickings = self._get_consignment_fillup_pickings()
        if not pickings:
            raise UserError(
                self.env._("There is no consignment fill-up to print yet: confirm the order first.")
            )
        pickings._check_consignment_proforma_access()
        return self.env.ref("consignment_sale.action_report_proforma_delivery").report_action(
            pickings
        )
