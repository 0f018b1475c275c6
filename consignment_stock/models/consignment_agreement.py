import logging
from collections import defaultdict
from datetime import timedelta

import pytz
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain

from .consignment_tools import (
    BILLING_PERIOD_DELTA,
    BILLING_PERIODS,
    COUNT_DELTA,
    COUNT_FREQUENCIES,
    REPLENISHMENT_DELTA,
    REPLENISHMENT_FREQUENCIES,
    parse_day,
)
from .stock_location import CONSIGNMENT_TYPES

_logger = logging.getLogger(__name__)


class ConsignmentAgreement(models.Model):
    _name = "consignment.agreement"
    _description = "Consignment Agreement"
    _inherit = [
        "consignment.workflow.mixin",
        "consignment.number.mixin",
        "consignment.kpi.mixin",
        "mail.thread",
        "mail.activity.mixin",
    ]
    _number_minimums = {"target_turnover": (0, False), "target_variance_pct": (0, False)}
    _order = "date_start desc, id desc"
    _rec_names_search = ["name", "partner_id.complete_name"]
    _check_company_auto = True

    name = fields.Char(
        string="Reference",
        required=True,
        copy=False,
        readonly=True,
        default=lambda self: self.env._("New"),
        tracking=True,
        help="Number of the agreement, given automatically when it is saved.",
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
        string="Valid From",
        required=True,
        default=fields.Date.context_today,
        tracking=True,
        help="First day the agreement applies.",
    )
    date_end = fields.Date(
        string="Valid Until",
        tracking=True,
        help="Last day the agreement applies. Leave empty for an agreement without an end "
        "date; terminating the agreement fills it in.",
    )
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
        help="Draft: being prepared, no consignment yet. Active: goods are consigned and "
        "consumption is recorded and billed. Terminating: ended, the remaining stock is being "
        "returned, taken over or billed. Closed: fully settled.",
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
    next_replenishment_date = fields.Date(
        copy=False,
        help="On this date the scheduled replenishment next runs the agreement's reorder rules "
        "to refill the consignment location.",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        default=lambda self: self.env.user,
        tracking=True,
        domain="[('share', '=', False)]",
        help="Employee who follows up this agreement with the partner.",
    )
    note = fields.Html(
        string="Notes",
        help="Internal notes, for example special arrangements made with the partner.",
    )
    line_ids = fields.One2many(
        "consignment.agreement.line", "agreement_id", string="Products", copy=True
    )
    consumption_ids = fields.One2many(
        "consignment.consumption",
        "agreement_id",
        help="Consumption ledger of the agreement: every quantity of consigned goods that was "
        "sold, used or lost, with its price.",
    )
    orderpoint_ids = fields.One2many(
        "stock.warehouse.orderpoint",
        "consignment_agreement_id",
        string="Reorder Rules",
        help="Reorder rules made from the products' minimum and maximum; they refill the "
        "consignment location.",
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
            if vals.get("name", "/") in ("/", self.env._("New")):
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
        # Activating never turns an ordinary location (such as WH/Stock) into a consignment
        # location: the agreement's location is a consignment location of its kind and partner.
        for agreement in self.filtered("location_id"):
            location = agreement.location_id
            if (
                location.consignment_type != agreement.consignment_type
                or location.consignment_partner_id.commercial_partner_id
                != agreement.partner_id.commercial_partner_id
            ):
                raise ValidationError(
                    self.env._(
                        "Location %(location)s is not a consignment location of %(partner)s "
                        "for this type of agreement. Leave the Consignment Location empty so "
                        "that activating creates one, or choose the partner's own consignment "
                        "location.",
                        location=location.display_name,
                        partner=agreement.partner_id.display_name,
                    )
                )

    # ------------------------------------------------------------------
    # State changes
    # ------------------------------------------------------------------
    def action_activate(self):
        self.env["consignment.role"]._check("activate", self)
        # The caller's role is checked: the side effects (location, reorder rules) need
        # rights that buyers and salespeople do not have.
        return self.sudo()._activate()

    def _activate(self):
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
                agreement.location_id = self.env["stock.location"]._consignment_create_for(
                    agreement
                )
            values = {"state": "active"}
            if not agreement.next_count_date and agreement.count_frequency != "none":
                values["next_count_date"] = agreement._get_next_count_date(
                    fields.Date.context_today(agreement)
                )
            if not agreement.next_billing_date:
                values["next_billing_date"] = agreement._next_period_start(agreement.date_start)
            if (
                not agreement.next_replenishment_date
                and agreement.replenishment_frequency != "manual"
            ):
                values["next_replenishment_date"] = fields.Date.context_today(agreement)
            agreement._write_workflow(values)
        self._sync_orderpoints()
        return True

    def action_terminate(self):
        self.env["consignment.role"]._check("terminate", self)
        return self.sudo()._terminate()

    def _terminate(self):
        for agreement in self:
            if agreement.state != "active":
                raise UserError(
                    self.env._(
                        "Only an active agreement can be terminated; %(name)s is not active.",
                        name=agreement.name,
                    )
                )
        self._write_workflow({"state": "terminating", "date_end": fields.Date.context_today(self)})
        self._sync_orderpoints()
        return True

    def action_close(self):
        self.env["consignment.role"]._check("close", self)
        return self.sudo()._close()

    def _close(self):
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
        self._write_workflow({"state": "closed"})
        self._sync_orderpoints()
        return True

    def action_draft(self):
        self.env["consignment.role"]._check("reset", self)
        for agreement in self:
            if agreement.state != "closed" and agreement.consumption_ids:
                raise UserError(
                    self.env._(
                        "Agreement %(name)s already has consumption: terminate it instead.",
                        name=agreement.name,
                    )
                )
        self.sudo()._write_workflow({"state": "draft"})
        self.sudo()._sync_orderpoints()
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
        """Mirror the lines' minimum and maximum as reorder rules on the location."""
        return self.env["stock.warehouse.orderpoint"]._consignment_sync(self)

    def _get_orderpoint_lines(self):
        """{product: agreement line} that a reorder rule mirrors: lines with a maximum of a
        running agreement, the latest price version of each product."""
        self.ensure_one()
        wanted = {}
        if self.state == "active" and self.location_id:
            for line in self.line_ids.sorted(
                lambda line: line.date_from or fields.Date.to_date("1900-01-01")
            ):
                if line.max_qty > 0:
                    wanted[line.product_id] = line
        return wanted

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
        self.env["consignment.role"]._check("replenish", self)
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
        """Transfers into or out of each agreement's location, and the open backorders among
        them: two grouped queries for all agreements, whatever their number."""
        self.transfer_count = self.backorder_count = 0
        agreements = self.filtered(lambda agreement: agreement.location_id and agreement.id)
        if not agreements:
            return
        roots = agreements.location_id
        inside = Domain("location_id", "child_of", roots.ids) | Domain(
            "location_dest_id", "child_of", roots.ids
        )
        open_backorder = Domain("backorder_id", "!=", False) & Domain(
            "state", "not in", ("done", "cancel")
        )
        Picking = self.env["stock.picking"]
        for field_name, domain in (
            ("transfer_count", inside),
            ("backorder_count", inside & open_backorder),
        ):
            counts = defaultdict(int)
            for source, destination, count in Picking._read_group(
                domain, ["location_id", "location_dest_id"], ["__count"]
            ):
                for agreement in agreements:
                    prefix = agreement.location_id.parent_path
                    if (source.parent_path or "").startswith(prefix) or (
                        destination.parent_path or ""
                    ).startswith(prefix):
                        counts[agreement] += count
            for agreement in agreements:
                agreement[field_name] = counts[agreement]

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

    def _get_day_tz(self):
        """Time zone in which the agreement's days begin, for its billing periods,
        statements, counts and reports: the company's (its address), else the user's. Every
        user and the scheduled billing then cut the same consumption into the same day."""
        company = self.company_id[:1] or self.env.company
        if company.partner_id.tz:
            try:
                return pytz.timezone(company.partner_id.tz)
            except pytz.UnknownTimeZoneError:
                _logger.warning("Unknown time zone %s of %s", company.partner_id.tz, company.name)
        return self.env.tz

    # ------------------------------------------------------------------
    # Bills and invoices of the consumption
    # Periodic bills (vendor consignment) and invoices (customer consignment) from the
    # consumption ledger.
    # ------------------------------------------------------------------
    invoice_ids = fields.One2many(
        "account.move",
        "consignment_agreement_id",
        string="Bills and Invoices",
        help="Vendor bills (vendor consignment) or customer invoices (customer consignment) "
        "made from the consumption of this agreement.",
    )
    invoice_count = fields.Integer(compute="_compute_invoice_count")

    def _compute_invoice_count(self):
        counts = dict(
            self.env["account.move"]._read_group(
                [("consignment_agreement_id", "in", self.ids)],
                ["consignment_agreement_id"],
                ["__count"],
            )
        )
        for agreement in self:
            agreement.invoice_count = counts.get(agreement, 0)

    def action_view_invoices(self):
        self.ensure_one()
        xmlid = (
            "account.action_move_in_invoice_type"
            if self.consignment_type == "vendor"
            else "account.action_move_out_invoice_type"
        )
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        action["domain"] = [("consignment_agreement_id", "=", self.id)]
        action["context"] = {"create": False}
        return action

    # ------------------------------------------------------------------
    # Entry points
    # ------------------------------------------------------------------
    def action_create_invoices(self, period_end=None):
        """Bill (vendor) or invoice (customer) everything consumed up to ``period_end``
        (default: yesterday) and not invoiced yet: one draft document per agreement.

        Safe to run twice or concurrently: the ledger records are locked first, and a
        concurrent run that already charged them makes this transaction fail to
        serialize, so that it is retried and then finds nothing left to charge.

        :returns: ids of the created ``account.move`` records
        """
        agreements = self or self.search([("state", "in", ("active", "terminating"))])
        self.env["consignment.role"]._check("bill", agreements)
        period_end = self._parse_period_end(period_end)
        engine = self.env["consignment.billing.engine"]
        return engine._create_period_invoices(agreements.sudo(), period_end).ids

    @api.model
    def _parse_period_end(self, period_end):
        """The last day to bill: a date no later than today (default: yesterday)."""
        today = fields.Date.context_today(self)
        if not period_end:
            return today - relativedelta(days=1)
        day = parse_day(self.env, period_end, self.env._("The billing period end"))
        if day > today:
            raise UserError(
                self.env._(
                    "The billing period cannot end after today (%(today)s): only what was "
                    "already consumed can be billed. Choose %(today)s or an earlier day.",
                    today=today,
                )
            )
        return day

    @api.model
    def _cron_create_invoices(self):
        """Scheduled billing: each agreement whose billing date has come is billed for the
        period that ended the day before; its next billing date moves one period on."""
        today = fields.Date.context_today(self)
        agreements = self.search(
            [("state", "in", ("active", "terminating")), ("next_billing_date", "<=", today)]
        )
        in_cron = bool(self.env.context.get("cron_id"))
        for index, agreement in enumerate(agreements, start=1):
            period_end = agreement.next_billing_date - relativedelta(days=1)
            self.env["consignment.billing.engine"]._create_period_invoices(agreement, period_end)
            agreement.next_billing_date = agreement._next_period_start(agreement.next_billing_date)
            # Each agreement's bill is kept once made, and a run cut short by the cron's time
            # limit resumes with the agreements still due.
            if in_cron and not self.env["ir.cron"]._commit_progress(
                1, remaining=len(agreements) - index
            ):
                break

    # ------------------------------------------------------------------
    # Building blocks (set-based: a fixed number of queries per agreement)
    # ------------------------------------------------------------------
    # ------------------------------------------------------------------
    # Counts and statements
    # ------------------------------------------------------------------
    statement_date_from = fields.Date(
        copy=False, help="First day of the last statement sent to the partner."
    )
    statement_date_to = fields.Date(
        copy=False, help="Last day of the last statement sent to the partner."
    )
    count_ids = fields.One2many(
        "consignment.count",
        "agreement_id",
        string="Counts",
        help="Stock counts of the consignment location made under this agreement.",
    )
    count_count = fields.Integer(compute="_compute_count_count")
    count_frequency = fields.Selection(
        COUNT_FREQUENCIES,
        required=True,
        default="quarterly",
        tracking=True,
        help="How often the consignment stock is counted. When a count is due, the responsible "
        "person gets an activity to count the stock; validating a count marks it done.",
    )
    next_count_date = fields.Date(
        copy=False,
        tracking=True,
        help="Day the next count is due. Set when the agreement is activated; moves one period "
        "on each time a count is prepared.",
    )

    def _compute_count_count(self):
        counts = dict(
            self.env["consignment.count"]._read_group(
                [("agreement_id", "in", self.ids)], ["agreement_id"], ["__count"]
            )
        )
        for agreement in self:
            agreement.count_count = counts.get(agreement, 0)

    # ------------------------------------------------------------------
    # Statement (consignment.statement.engine)
    # ------------------------------------------------------------------
    def get_statement(self, date_from, date_to):
        """The consignment statement of the agreement for the days ``date_from`` to
        ``date_to`` (included), one dict per product, quantities in the product's unit:

        ``opening_qty`` at the start of the period; ``received_qty``, ``consumed_qty``
        (ledger, without count differences), ``returned_qty``, ``adjusted_qty`` (other moves
        in or out, signed) during it; ``expected_qty`` = opening + received - consumed -
        returned + adjusted; ``counted_qty`` from the last count validated in the period
        (None without such a count); ``variance_qty`` posted by the period's counts.
        """
        return self.env["consignment.statement.engine"]._get_statement(self, date_from, date_to)

    def _get_statement_period(self, data=None):
        return self.env["consignment.statement.engine"]._get_statement_period(self, data)

    def _default_statement_period(self):
        """The last full calendar month."""
        first = fields.Date.context_today(self).replace(day=1)
        return first - relativedelta(months=1), first - timedelta(days=1)

    def action_open_statement(self):
        self.ensure_one()
        date_from, date_to = self._get_statement_period()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Consignment Statement"),
            "res_model": "consignment.statement",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_agreement_id": self.id,
                "default_date_from": fields.Date.to_string(date_from),
                "default_date_to": fields.Date.to_string(date_to),
            },
        }

    def _get_next_count_date(self, from_date):
        self.ensure_one()
        delta = COUNT_DELTA.get(self.count_frequency)
        return from_date + delta if delta else False

    @api.model
    def _cron_schedule_counts(self):
        return self.env["consignment.count.scheduler"]._schedule_counts()

    def action_view_counts(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "consignment_stock.consignment_count_action"
        )
        action["domain"] = [("agreement_id", "=", self.id)]
        action["context"] = {"default_agreement_id": self.id}
        return action
