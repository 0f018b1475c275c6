from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain

from .stock_location import CONSIGNMENT_TYPES

BILLING_PERIODS = [
    ("weekly", "Weekly"),
    ("monthly", "Monthly"),
    ("quarterly", "Quarterly"),
]
BILLING_PERIOD_DELTA = {
    "weekly": relativedelta(weeks=1),
    "monthly": relativedelta(months=1),
    "quarterly": relativedelta(months=3),
}
REPLENISHMENT_FREQUENCIES = [
    ("manual", "Manual"),
    ("daily", "Daily"),
    ("weekly", "Weekly"),
    ("monthly", "Monthly"),
]
REPLENISHMENT_DELTA = {
    "daily": relativedelta(days=1),
    "weekly": relativedelta(weeks=1),
    "monthly": relativedelta(months=1),
}


class ConsignmentAgreement(models.Model):
    _name = "consignment.agreement"
    _description = "Consignment Agreement"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_start desc, id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Reference", required=True, copy=False, readonly=True, default="/", tracking=True
    )
    partner_id = fields.Many2one(
        "res.partner",
        required=True,
        tracking=True,
        index=True,
        check_company=True,
        help="The supplier whose goods we hold (vendor consignment), or the customer who "
        "holds our goods (customer consignment).",
    )
    consignment_type = fields.Selection(
        CONSIGNMENT_TYPES,
        string="Type",
        required=True,
        default="vendor",
        tracking=True,
        help="Vendor: the supplier owns the goods in our warehouse and bills what we consume. "
        "Customer: we own the goods at the customer's site and invoice what the customer "
        "sold or used.",
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    currency_id = fields.Many2one(
        "res.currency",
        required=True,
        default=lambda self: self.env.company.currency_id,
        tracking=True,
        help="Currency of the agreement's prices, bills and invoices.",
    )
    warehouse_id = fields.Many2one(
        "stock.warehouse",
        check_company=True,
        default=lambda self: self.env["stock.warehouse"].search(
            [("company_id", "=", self.env.company.id)], limit=1
        ),
        help="Warehouse whose stock holds the vendor's goods, or that fills up the customer's "
        "site.",
    )
    location_id = fields.Many2one(
        "stock.location",
        string="Consignment Location",
        check_company=True,
        tracking=True,
        index=True,
        domain="[('usage', '=', 'internal')]",
        help="Where the consignment stock stands. Left empty, activating the agreement creates it.",
    )
    date_start = fields.Date(
        string="Valid From", required=True, default=fields.Date.context_today, tracking=True
    )
    date_end = fields.Date(string="Valid Until", tracking=True)
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("active", "Active"),
            ("terminating", "Terminating"),
            ("closed", "Closed"),
        ],
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
        index=True,
    )
    billing_period = fields.Selection(
        BILLING_PERIODS,
        required=True,
        default="monthly",
        tracking=True,
        help="How often consumption is billed (vendor) or invoiced (customer).",
    )
    next_billing_date = fields.Date(
        copy=False,
        tracking=True,
        help="On this date the scheduled billing creates the bill or invoice for everything "
        "consumed up to the day before.",
    )
    payment_term_id = fields.Many2one(
        "account.payment.term",
        string="Payment Terms",
        check_company=True,
        help="Payment terms of the consumption bills or invoices.",
    )
    pricing_mode = fields.Selection(
        [
            ("date", "Price valid at consumption date"),
            ("fifo", "First in, first out (price valid at receipt)"),
        ],
        required=True,
        default="date",
        tracking=True,
        help="By date: consumption is priced at the agreement price valid on the day it is "
        "consumed. First in, first out: the oldest goods are consumed first, each at the "
        "price that was valid when it was received.",
    )
    damage_bearer = fields.Selection(
        [("owner", "Owner"), ("holder", "Holder")],
        required=True,
        default="owner",
        tracking=True,
        help="Who bears goods damaged, scrapped or lost at the consignment location. Holder: "
        "the holder pays for them as consumed.",
    )
    reservation_policy = fields.Selection(
        [
            ("own_first", "Own stock first"),
            ("consignment_first", "Consignment stock first"),
            ("explicit", "Consignment stock only when asked for"),
        ],
        required=True,
        default="own_first",
        tracking=True,
        help="Which stock ordinary operations (deliveries, manufacturing) reserve when both "
        "our own stock and this vendor's stock can serve them.",
    )
    replenishment_frequency = fields.Selection(
        REPLENISHMENT_FREQUENCIES,
        required=True,
        default="weekly",
        help="How often the agreement's reorder rules are run.",
    )
    next_replenishment_date = fields.Date(copy=False)
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        default=lambda self: self.env.user,
        tracking=True,
        domain="[('share', '=', False)]",
    )
    note = fields.Html(string="Notes")
    line_ids = fields.One2many(
        "consignment.agreement.line", "agreement_id", string="Products", copy=True
    )
    consumption_ids = fields.One2many("consignment.consumption", "agreement_id")
    orderpoint_ids = fields.One2many(
        "stock.warehouse.orderpoint", "consignment_agreement_id", string="Reorder Rules"
    )
    consumption_to_invoice_count = fields.Integer(compute="_compute_consumption_counts")
    transfer_count = fields.Integer(compute="_compute_transfer_counts")
    backorder_count = fields.Integer(compute="_compute_transfer_counts")
    consumption_count = fields.Integer(compute="_compute_consumption_counts")

    _unique_active_partner_location = models.UniqueIndex(
        "(partner_id, consignment_type, location_id, company_id) WHERE state = 'active'",
        "This partner already has an active agreement of this type for this location. "
        "Terminate the other agreement first, or use another location.",
    )
    _dates_in_order = models.Constraint(
        "CHECK(date_end IS NULL OR date_end >= date_start)",
        "The agreement cannot end before it starts.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("consignment.agreement") or "/"
        return super().create(vals_list)

    @api.depends("consumption_ids.state")
    def _compute_consumption_counts(self):
        counts = {
            (agreement.id, state): count
            for agreement, state, count in self.env["consignment.consumption"]._read_group(
                [("agreement_id", "in", self.ids)], ["agreement_id", "state"], ["__count"]
            )
        }
        for agreement in self:
            agreement.consumption_to_invoice_count = counts.get((agreement.id, "to_invoice"), 0)
            agreement.consumption_count = sum(
                count
                for (agreement_id, _state), count in counts.items()
                if agreement_id == agreement.id
            )

    @api.depends("name", "partner_id")
    def _compute_display_name(self):
        for agreement in self:
            agreement.display_name = (
                f"{agreement.name} - {agreement.partner_id.display_name}"
                if agreement.partner_id
                else agreement.name
            )

    @api.constrains("location_id", "consignment_type", "partner_id")
    def _check_location_matches(self):
        for agreement in self.filtered("location_id"):
            location = agreement.location_id
            if location.consignment_type and (
                location.consignment_type != agreement.consignment_type
                or location.consignment_partner_id.commercial_partner_id
                != agreement.partner_id.commercial_partner_id
            ):
                raise ValidationError(
                    self.env._(
                        "Location %(location)s is a consignment location of another partner or "
                        "type. Choose a location of %(partner)s, or leave the location empty to "
                        "create one.",
                        location=location.display_name,
                        partner=agreement.partner_id.display_name,
                    )
                )

    # ------------------------------------------------------------------
    # State changes
    # ------------------------------------------------------------------
    def action_activate(self):
        for agreement in self:
            if agreement.state != "draft":
                raise UserError(
                    self.env._(
                        "Agreement %(name)s is %(state)s: only a draft agreement can be activated.",
                        name=agreement.name,
                        state=dict(agreement._fields["state"].selection)[agreement.state],
                    )
                )
            if not agreement.line_ids:
                raise UserError(
                    self.env._(
                        "Agreement %(name)s has no products. Add at least one product with its "
                        "price before activating it.",
                        name=agreement.name,
                    )
                )
            if agreement.location_id:
                agreement._check_no_other_active_agreement()
            else:
                agreement.location_id = agreement._create_consignment_location()
            location = agreement.location_id
            if not location.consignment_type:
                # Consignment managers set up consignment locations without being
                # inventory administrators.
                location.sudo().write(
                    {
                        "consignment_type": agreement.consignment_type,
                        "consignment_partner_id": agreement.partner_id.commercial_partner_id.id,
                    }
                )
            values = {"state": "active"}
            if not agreement.next_billing_date:
                values["next_billing_date"] = agreement._next_period_start(agreement.date_start)
            if (
                not agreement.next_replenishment_date
                and agreement.replenishment_frequency != "manual"
            ):
                values["next_replenishment_date"] = fields.Date.context_today(agreement)
            agreement.write(values)
        self._sync_orderpoints()
        return True

    def action_terminate(self):
        for agreement in self:
            if agreement.state != "active":
                raise UserError(
                    self.env._(
                        "Only an active agreement can be terminated; %(name)s is not active.",
                        name=agreement.name,
                    )
                )
        self.write({"state": "terminating", "date_end": fields.Date.context_today(self)})
        self._sync_orderpoints()
        return True

    def action_close(self):
        for agreement in self:
            if agreement.state not in ("active", "terminating"):
                raise UserError(
                    self.env._("Agreement %(name)s is not running.", name=agreement.name)
                )
            open_consumption = agreement.consumption_ids.filtered(lambda c: c.state == "to_invoice")
            if open_consumption:
                raise UserError(
                    self.env._(
                        "Agreement %(name)s still has %(count)s consumption records to invoice. "
                        "Create the final bill or invoice first.",
                        name=agreement.name,
                        count=len(open_consumption),
                    )
                )
            remaining = agreement._get_consignment_quants()
            if remaining:
                raise UserError(
                    self.env._(
                        "Agreement %(name)s still has stock at %(location)s "
                        "(%(products)s). Return it, take it into own stock or count it before "
                        "closing.",
                        name=agreement.name,
                        location=agreement.location_id.display_name,
                        products=", ".join(remaining.product_id.mapped("display_name")[:5]),
                    )
                )
        self.write({"state": "closed"})
        self._sync_orderpoints()
        return True

    def action_draft(self):
        for agreement in self:
            if agreement.state != "closed" and agreement.consumption_ids:
                raise UserError(
                    self.env._(
                        "Agreement %(name)s already has consumption: terminate it instead.",
                        name=agreement.name,
                    )
                )
        self.write({"state": "draft"})
        self._sync_orderpoints()
        return True

    def _check_no_other_active_agreement(self):
        self.ensure_one()
        other = self.search(
            [
                ("id", "!=", self.id),
                ("state", "=", "active"),
                ("partner_id", "=", self.partner_id.id),
                ("consignment_type", "=", self.consignment_type),
                ("location_id", "=", self.location_id.id),
                ("company_id", "=", self.company_id.id),
            ],
            limit=1,
        )
        if other:
            raise UserError(
                self.env._(
                    "%(partner)s already has an active agreement of this type for %(location)s "
                    "(%(other)s). Terminate it first, or use another location.",
                    partner=self.partner_id.display_name,
                    location=self.location_id.display_name,
                    other=other.name,
                )
            )

    # ------------------------------------------------------------------
    # Locations
    # ------------------------------------------------------------------
    def _get_consignment_parent_location(self):
        self.ensure_one()
        warehouse = self.warehouse_id or self.env["stock.warehouse"].search(
            [("company_id", "=", self.company_id.id)], limit=1
        )
        if not warehouse:
            raise UserError(
                self.env._(
                    "Company %(company)s has no warehouse: create one before activating a "
                    "consignment agreement.",
                    company=self.company_id.name,
                )
            )
        if self.consignment_type == "vendor":
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

    def _create_consignment_location(self):
        self.ensure_one()
        partner = self.partner_id.commercial_partner_id
        if self.consignment_type == "vendor":
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
                    "location_id": self._get_consignment_parent_location().id,
                    "company_id": self.company_id.id,
                    "consignment_type": self.consignment_type,
                    "consignment_partner_id": partner.id,
                }
            )
            .sudo(False)
        )

    def _get_consignment_quants(self):
        """Quants standing at the agreement's location that belong to the agreement."""
        self.ensure_one()
        if not self.location_id:
            return self.env["stock.quant"]
        domain = Domain("location_id", "child_of", self.location_id.id) & Domain(
            "quantity", "!=", 0
        )
        if self.consignment_type == "vendor":
            domain &= Domain("owner_id", "child_of", self.partner_id.commercial_partner_id.id)
        return self.env["stock.quant"].search(domain)

    # ------------------------------------------------------------------
    # Prices
    # ------------------------------------------------------------------
    def _get_price_line(self, product, date, lines=None):
        """The agreement line that prices ``product`` on ``date`` (the latest one in force).
        ``lines``: the agreement's lines of ``product`` when the caller has them at hand."""
        self.ensure_one()
        candidates = (self.line_ids if lines is None else lines).filtered(
            lambda line: (
                line.product_id == product
                and (not line.date_from or line.date_from <= date)
                and (not line.date_to or line.date_to >= date)
            )
        )
        return candidates.sorted(lambda line: line.date_from or fields.Date.to_date("1900-01-01"))[
            -1:
        ]

    def _get_price(self, product, date, lines=None):
        """Unit price per the product's own unit of measure, in the agreement currency."""
        line = self._get_price_line(product, date, lines=lines)
        return line._get_price_per_product_uom() if line else 0.0

    # ------------------------------------------------------------------
    # Periods
    # ------------------------------------------------------------------
    def _next_period_start(self, date):
        self.ensure_one()
        return date + BILLING_PERIOD_DELTA[self.billing_period]

    # ------------------------------------------------------------------
    # Reorder rules
    # ------------------------------------------------------------------
    def _sync_orderpoints(self):
        """Mirror the agreement lines' minimum and maximum as reorder rules on the location.

        Rules exist for running agreements only; a line's latest price version carries the
        quantities.
        """
        Orderpoint = self.env["stock.warehouse.orderpoint"].sudo().with_context(active_test=False)
        for agreement in self:
            existing = Orderpoint.search([("consignment_agreement_id", "=", agreement.id)])
            wanted = {}
            if agreement.state == "active" and agreement.location_id:
                for line in agreement.line_ids.sorted(
                    lambda line: line.date_from or fields.Date.to_date("1900-01-01")
                ):
                    if line.max_qty > 0:
                        wanted[line.product_id] = line
            by_product = {orderpoint.product_id: orderpoint for orderpoint in existing}
            to_create = []
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
            if to_create:
                Orderpoint.create(to_create)
            leftovers = (
                self.env["stock.warehouse.orderpoint"]
                .sudo()
                .browse([orderpoint.id for orderpoint in by_product.values()])
            )
            if leftovers:
                leftovers.write({"active": False})

    def _get_replenishment_route(self):
        """The route that replenishes the agreement's location. A customer's location is
        filled up from the warehouse; the vendor add-on supplies the vendor's route."""
        self.ensure_one()
        if self.consignment_type != "customer" or not self.location_id:
            return self.env["stock.route"]
        warehouse = self.warehouse_id or self.location_id.warehouse_id
        if not warehouse:
            return self.env["stock.route"]
        parent = self.location_id.location_id
        destination = (
            parent
            if parent.usage == "view" and parent != warehouse.view_location_id
            else self.location_id
        )
        return warehouse._get_consignment_fill_up_route(destination)

    # ------------------------------------------------------------------
    # Scheduled actions
    # ------------------------------------------------------------------
    @api.model
    def _cron_replenish(self):
        today = fields.Date.context_today(self)
        agreements = self.search(
            [
                ("state", "=", "active"),
                ("replenishment_frequency", "!=", "manual"),
                ("next_replenishment_date", "<=", today),
            ]
        )
        for agreement in agreements:
            agreement.action_replenish()
            agreement.next_replenishment_date = (
                today + REPLENISHMENT_DELTA[agreement.replenishment_frequency]
            )

    def action_replenish(self):
        """Run the agreement's reorder rules now."""
        orderpoints = self.orderpoint_ids.filtered("active")
        if orderpoints:
            orderpoints.sudo()._procure_orderpoint_confirm(
                company_id=self.company_id[:1] if len(self.company_id) == 1 else None
            )
        return True

    # ------------------------------------------------------------------
    # Smart buttons
    # ------------------------------------------------------------------
    def action_view_consumption(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "consignment_stock.consignment_consumption_action"
        )
        action["domain"] = [("agreement_id", "=", self.id)]
        action["context"] = {"default_agreement_id": self.id, "search_default_to_invoice": 1}
        return action

    def _get_transfer_domain(self):
        self.ensure_one()
        if not self.location_id:
            return Domain.FALSE
        return Domain("location_id", "child_of", self.location_id.id) | Domain(
            "location_dest_id", "child_of", self.location_id.id
        )

    def _get_open_backorder_domain(self):
        return (
            self._get_transfer_domain()
            & Domain("backorder_id", "!=", False)
            & Domain("state", "not in", ("done", "cancel"))
        )

    def _compute_transfer_counts(self):
        Picking = self.env["stock.picking"]
        for agreement in self:
            if not agreement.location_id or not agreement.id:
                agreement.transfer_count = agreement.backorder_count = 0
                continue
            agreement.transfer_count = Picking.search_count(agreement._get_transfer_domain())
            agreement.backorder_count = Picking.search_count(agreement._get_open_backorder_domain())

    def action_view_transfers(self):
        return self._action_view_pickings(self._get_transfer_domain(), self.env._("Transfers"))

    def action_view_backorders(self):
        return self._action_view_pickings(
            self._get_open_backorder_domain(), self.env._("Open Backorders")
        )

    def _action_view_pickings(self, domain, name):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("stock.action_picking_tree_all")
        action.update({"domain": list(domain), "name": name, "context": {"create": False}})
        return action

    def action_view_stock(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "consignment_stock.consignment_stock_action"
        )
        action["domain"] = (
            [("location_id", "child_of", self.location_id.id)]
            if self.location_id
            else [("id", "=", 0)]
        )
        return action

    def _billing_period_bounds(self, period_end):
        """(first day, last day) of the billing period that ends on ``period_end``."""
        self.ensure_one()
        return period_end - BILLING_PERIOD_DELTA[self.billing_period] + relativedelta(
            days=1
        ), period_end
