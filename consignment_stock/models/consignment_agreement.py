from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain

from .consignment_fields import workflow_state_field
from .consignment_kpi_figures import KPI_YEAR_FIELDS
from .consignment_termination_mixin import TERMINATION_FIELDS
from .stock_location import CONSIGNMENT_TYPES

# Backorders that still wait to be done.
OPEN_BACKORDER = Domain("backorder_id", "!=", False) & Domain("state", "not in", ("done", "cancel"))


class ConsignmentAgreement(models.Model):
    """The agreement: its fields, constraints, states and smart buttons. Billing,
    replenishment, statements and count planning are done by their engines
    (``consignment.billing.engine``, ``consignment.replenishment.engine``,
    ``consignment.statement.engine``, ``consignment.count.scheduler``); the agreement's
    public methods check the caller's role and hand over to them."""

    _name = "consignment.agreement"
    _description = "Consignment Agreement"
    _inherit = [
        "consignment.reference.mixin",
        "consignment.schedule.mixin",
        "consignment.termination.mixin",
        "consignment.workflow.mixin",
        "consignment.number.mixin",
        "consignment.kpi.mixin",
        "mail.thread",
        "mail.activity.mixin",
    ]
    _number_minimums = {"target_turnover": (0, False), "target_variance_pct": (0, False)}
    _order = "date_start desc, id desc"
    # The termination (see its mixin) and the period whose statement was sent by itself
    # change only through their actions: the latter written by hand would skip a statement.
    _workflow_fields = (
        "state",
        *TERMINATION_FIELDS,
        "statement_auto_sent_period_end",
        *KPI_YEAR_FIELDS,
    )
    # Whoever may read an agreement (a stock user, an accountant) may send its statement.
    _mail_post_access = "read"
    _rec_names_search = ["name", "partner_id.complete_name"]
    _check_company_auto = True
    _sequence_code = "consignment.agreement"

    name = fields.Char(
        tracking=True, help="Number of the agreement, given automatically when it is saved."
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
    state = workflow_state_field(
        [
            ("draft", "Draft"),
            ("active", "Active"),
            ("terminating", "Terminating"),
            ("closed", "Closed"),
        ],
        "Draft: being prepared, no consignment yet. Active: goods are consigned and "
        "consumption is recorded and billed. Terminating: ended, the remaining stock is being "
        "returned, taken over or billed. Closed: fully settled.",
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
    invoice_ids = fields.One2many(
        "account.move",
        "consignment_agreement_id",
        string="Bills and Invoices",
        help="Vendor bills (vendor consignment) or customer invoices (customer consignment) "
        "made from the consumption of this agreement.",
    )
    invoice_count = fields.Integer(compute="_compute_invoice_count")
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

    _unique_active_partner_location = models.UniqueIndex(
        "(partner_id, consignment_type, location_id, company_id) WHERE state = 'active'",
        "This partner already has an active agreement of this type for this location. "
        "Terminate the other agreement first, or use another location.",
    )
    _dates_in_order = models.Constraint(
        "CHECK(date_end IS NULL OR date_end >= date_start)",
        "The agreement cannot end before it starts.",
    )

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
            agreement._write_workflow({"state": "active", **agreement._get_first_schedule_dates()})
        self._sync_orderpoints()
        return True

    def action_terminate(self):
        self.env["consignment.role"]._check("terminate", self)
        return self.sudo()._terminate()

    def _terminate(self):
        # The termination wizard asks for the date, reason and kind (consignment.termination.mixin).
        return self._get_termination_wizard_action()

    def action_close(self):
        self.env["consignment.role"]._check("close", self)
        return self.sudo()._close()

    def _close(self):
        for agreement in self:
            if agreement.state not in ("active", "terminating"):
                raise UserError(
                    self.env._("Agreement %(name)s is not running.", name=agreement.name)
                )
        self._check_termination_checklist()
        # Closed without notice: the agreement ends today, so that its key figures stop here.
        today = fields.Date.context_today(self)
        for agreement in self:
            agreement._write_workflow({"state": "closed", "date_end": agreement.date_end or today})
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
    # Stock at the location and prices
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
    # Smart buttons
    # ------------------------------------------------------------------
    def _action_open_linked(self, xmlid, link_field="agreement_id", context=None):
        """The window action ``xmlid`` listing the records linked to this agreement by
        ``link_field``; records created there belong to the agreement unless ``context``
        replaces the action's context."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        action["domain"] = [(link_field, "=", self.id)]
        action["context"] = {f"default_{link_field}": self.id} if context is None else context
        return action

    def _set_linked_count(self, count_field, model, link_field="agreement_id"):
        """Set ``count_field`` of each agreement to the number of ``model`` records (as
        ``model``'s user may read them) linked to it by ``link_field``: one grouped query
        for all the agreements."""
        counts = dict(model._read_group([(link_field, "in", self.ids)], [link_field], ["__count"]))
        for agreement in self:
            agreement[count_field] = counts.get(agreement, 0)

    def _compute_invoice_count(self):
        self._set_linked_count(
            "invoice_count", self.env["account.move"], "consignment_agreement_id"
        )

    def _compute_count_count(self):
        self._set_linked_count("count_count", self.env["consignment.count"])

    def action_view_consumption(self):
        return self._action_open_linked(
            "consignment_stock.consignment_consumption_action",
            context={"default_agreement_id": self.id, "search_default_to_invoice": 1},
        )

    def action_view_invoices(self):
        xmlid = (
            "account.action_move_in_invoice_type"
            if self.consignment_type == "vendor"
            else "account.action_move_out_invoice_type"
        )
        return self._action_open_linked(xmlid, "consignment_agreement_id", {"create": False})

    def action_view_counts(self):
        return self._action_open_linked("consignment_stock.consignment_count_action")

    def _get_transfer_domain(self):
        """Transfers into or out of the agreements' locations."""
        if not self.location_id:
            return Domain.FALSE
        locations = self.location_id.ids
        return Domain("location_id", "child_of", locations) | Domain(
            "location_dest_id", "child_of", locations
        )

    def _get_open_backorder_domain(self):
        return self._get_transfer_domain() & OPEN_BACKORDER

    def _compute_transfer_counts(self):
        """Transfers into or out of each agreement's location, and the open backorders among
        them: two grouped queries for all agreements, whatever their number."""
        self.transfer_count = self.backorder_count = 0
        agreements = self.filtered(lambda agreement: agreement.location_id and agreement.id)
        if not agreements:
            return
        Picking = self.env["stock.picking"]
        for field_name, domain in (
            ("transfer_count", agreements._get_transfer_domain()),
            ("backorder_count", agreements._get_open_backorder_domain()),
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

    # ------------------------------------------------------------------
    # Entry points of the engines: the caller's role is checked here
    # ------------------------------------------------------------------
    def _sync_orderpoints(self):
        """Mirror the lines' minimum and maximum as reorder rules on the location."""
        return self.env["consignment.replenishment.engine"]._sync_orderpoints(self)

    def _get_replenishment_route(self):
        """The route that replenishes the agreement's location. A customer's location is
        filled up from the warehouse; the vendor add-on supplies the vendor's route."""
        return self.env["consignment.replenishment.engine"]._get_fill_up_route(self)

    def action_replenish(self):
        """Run the agreement's reorder rules now."""
        self.env["consignment.role"]._check("replenish", self)
        return self.env["consignment.replenishment.engine"]._run_orderpoints(self)

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
        engine = self.env["consignment.billing.engine"]
        period_end = engine._parse_period_end(period_end)
        return engine._create_period_invoices(agreements.sudo(), period_end).ids

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

    @api.model
    def _default_statement_period(self):
        return self.env["consignment.statement.engine"]._default_statement_period()

    def action_open_statement(self):
        return self.env["consignment.statement.engine"]._get_statement_dialog_action(self)
