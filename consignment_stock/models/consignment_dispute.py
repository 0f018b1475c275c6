from odoo import api, fields, models
from odoo.exceptions import UserError

from .consignment_tools import parse_day, period_bounds

DISPUTE_ORIGINS = [
    ("manual", "Opened by hand"),
    ("bill", "Bill difference"),
    ("count", "Count variance"),
    ("report", "Customer's report"),
    ("termination", "Termination"),
    ("portal", "Customer portal"),
]
# Documents a dispute can come from; the models of add-ons not installed are left out.
DISPUTE_SOURCE_MODELS = (
    "account.move",
    "consignment.count",
    "consignment.report",
    "consignment.agreement",
)
# What the dispute is about: fixed once it is resolved or cancelled.
DISPUTE_LOCKED_FIELDS = ("agreement_id", "subject", "description", "amount", "source", "resolution")


class ConsignmentDispute(models.Model):
    """A disagreement with the partner about an agreement: a bill that differs from our
    ledger, a count variance, a customer's report, or anything raised by hand or in the
    portal. It is open until a consignment manager resolves it (or cancels it); the days it
    stayed open are a key figure of the agreement."""

    _name = "consignment.dispute"
    _description = "Consignment Dispute"
    _inherit = [
        "consignment.reference.mixin",
        "consignment.workflow.mixin",
        "consignment.number.mixin",
        "mail.thread",
        "mail.activity.mixin",
    ]
    _workflow_fields = ("state", "resolved_date")
    _sequence_code = "consignment.dispute"
    _order = "opened_date desc, id desc"
    _rec_names_search = ["name", "subject"]

    name = fields.Char(
        tracking=True, help="Number of the dispute, given automatically when it is saved."
    )
    agreement_id = fields.Many2one(
        "consignment.agreement",
        required=True,
        index=True,
        ondelete="restrict",
        tracking=True,
        help="Agreement the dispute is about.",
    )
    partner_id = fields.Many2one(
        related="agreement_id.partner_id", store=True, index=True, string="Partner"
    )
    company_id = fields.Many2one(
        related="agreement_id.company_id", store=True, index=True, string="Company"
    )
    consignment_type = fields.Selection(
        related="agreement_id.consignment_type", store=True, string="Type"
    )
    currency_id = fields.Many2one(related="agreement_id.currency_id")
    subject = fields.Char(
        required=True, tracking=True, help="What the dispute is about, in a few words."
    )
    description = fields.Text(help="The details: what the partner or we say, and why.")
    amount = fields.Monetary(
        string="Amount at Stake",
        tracking=True,
        help="Money the dispute is about, in the agreement's currency (for example the "
        "difference between a bill and our ledger). Leave it at zero when no money is at stake.",
    )
    origin = fields.Selection(
        DISPUTE_ORIGINS,
        required=True,
        default="manual",
        help="Where the dispute came from.",
    )
    source = fields.Reference(
        selection="_selection_source",
        string="Source Document",
        index=True,
        help="The bill, count or report the dispute was opened from.",
    )
    opened_date = fields.Datetime(
        string="Opened On",
        required=True,
        readonly=True,
        default=fields.Datetime.now,
        copy=False,
        help="When the dispute was opened.",
    )
    resolved_date = fields.Datetime(
        string="Resolved On", readonly=True, copy=False, help="When the dispute was resolved."
    )
    resolution = fields.Text(
        copy=False,
        tracking=True,
        help="How the dispute was settled. Required to resolve it.",
    )
    resolution_days = fields.Float(
        string="Days to Resolve",
        compute="_compute_resolution_days",
        store=True,
        aggregator="avg",
        digits=(16, 2),
        help="Days between opening and resolving the dispute.",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        compute="_compute_user_id",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
        domain="[('share', '=', False)]",
        help="Employee who settles the dispute; by default the agreement's responsible.",
    )
    state = fields.Selection(
        [("open", "Open"), ("resolved", "Resolved"), ("cancelled", "Cancelled")],
        default="open",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
        index=True,
        help="Open: to be settled. Resolved: settled, the resolution says how. Cancelled: "
        "raised by mistake.",
    )

    @api.model
    def _selection_source(self):
        return [
            (model, self.env["ir.model"].sudo()._get(model).name)
            for model in DISPUTE_SOURCE_MODELS
            if model in self.env
        ]

    @api.depends("agreement_id")
    def _compute_user_id(self):
        for dispute in self:
            if not dispute.user_id:
                dispute.user_id = dispute.agreement_id.user_id

    @api.depends("opened_date", "resolved_date")
    def _compute_resolution_days(self):
        for dispute in self:
            if dispute.opened_date and dispute.resolved_date:
                seconds = (dispute.resolved_date - dispute.opened_date).total_seconds()
                dispute.resolution_days = max(seconds, 0.0) / 86400.0
            else:
                dispute.resolution_days = 0.0

    # ------------------------------------------------------------------
    # Create and write: who may open, and what stays fixed
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_subject(vals)
        if not self.env.su:
            agreement_ids = {vals.get("agreement_id") for vals in vals_list} - {None, False}
            self._check_role("dispute", self.env["consignment.agreement"].browse(agreement_ids))
        disputes = super().create(vals_list)
        disputes._notify_responsible()
        return disputes

    def write(self, vals):
        self._check_subject(vals)
        if not self.env.su:
            if set(DISPUTE_LOCKED_FIELDS) & set(vals) and any(
                dispute.state != "open" for dispute in self
            ):
                raise UserError(
                    self.env._(
                        "A resolved or cancelled dispute cannot change. Reopen it first if it "
                        "is not settled after all."
                    )
                )
            if vals.get("agreement_id"):
                self._check_role(
                    "dispute", self.env["consignment.agreement"].browse(vals["agreement_id"])
                )
        return super().write(vals)

    def _check_subject(self, vals):
        if "subject" in vals and not (vals["subject"] or "").strip():
            raise UserError(
                self.env._("Give the dispute a subject: a few words saying what it is about.")
            )

    def _check_role(self, action, agreements):
        self.env["consignment.role"]._check(action, agreements)

    # ------------------------------------------------------------------
    # Opening from other documents (a contract other add-ons code against)
    # ------------------------------------------------------------------
    @api.model
    def _open_dispute(self, agreement, subject, origin, amount=0.0, source=None, description=None):
        """Open a dispute on ``agreement`` and return it. Runs with the caller's rights after
        the role check (portal and scheduled callers run it with sudo after their own checks).

        :param origin: one of the keys of ``DISPUTE_ORIGINS``
        :param source: the record it came from (or a ``"model,id"`` string), or None
        """
        agreement.ensure_one()
        if origin not in dict(DISPUTE_ORIGINS):
            raise UserError(
                self.env._(
                    "%(origin)s is not a kind of dispute origin; use one of: %(origins)s.",
                    origin=origin,
                    origins=", ".join(dict(DISPUTE_ORIGINS)),
                )
            )
        self._check_role("dispute", agreement)
        dispute = self.create(
            {
                "agreement_id": agreement.id,
                "subject": (subject or "").strip(),
                "origin": origin,
                "amount": amount or 0.0,
                "source": self._source_reference(source),
                "description": description or False,
            }
        )
        return dispute

    @api.model
    def _source_reference(self, source):
        if not source:
            return False
        if isinstance(source, models.BaseModel):
            source.ensure_one()
            source = f"{source._name},{source.id}"
        if source.split(",")[0] not in dict(self._selection_source()):
            raise UserError(
                self.env._(
                    "A dispute cannot be opened from %(document)s: open it from a bill, a count "
                    "or a consumption report.",
                    document=source,
                )
            )
        return source

    def _notify_responsible(self):
        """The responsible settles the dispute: an activity, unless they opened it."""
        for dispute in self:
            if dispute.user_id and dispute.user_id != self.env.user:
                dispute.sudo().activity_schedule(
                    "mail.mail_activity_data_todo",
                    summary=self.env._("Settle dispute %(name)s", name=dispute.name),
                    note=dispute.subject,
                    user_id=dispute.user_id.id,
                )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def _check_can_settle(self):
        self._check_role("resolve_dispute", self.sudo().agreement_id)
        self.check_access("write")

    def action_resolve(self, resolution=None):
        """Resolve open disputes with ``resolution`` (default: the one written on each)."""
        self._check_can_settle()
        for dispute in self:
            dispute._check_state(("open",))
            text = (resolution or dispute.resolution or "").strip()
            if not text:
                raise UserError(
                    self.env._(
                        "Write how dispute %(name)s was settled in Resolution, then resolve it.",
                        name=dispute.name,
                    )
                )
            if text != (dispute.resolution or ""):
                dispute.resolution = text
        self._write_workflow({"state": "resolved", "resolved_date": fields.Datetime.now()})
        self.activity_ids.action_feedback(feedback=self.env._("Dispute resolved"))
        return True

    def action_cancel(self):
        self._check_can_settle()
        for dispute in self:
            dispute._check_state(("open",))
        self._write_workflow({"state": "cancelled", "resolved_date": False})
        # Nothing is left to settle; the activities may be assigned to someone else.
        self.sudo().activity_ids.unlink()
        return True

    def action_reopen(self):
        self._check_can_settle()
        for dispute in self:
            dispute._check_state(("resolved", "cancelled"))
        self._write_workflow({"state": "open", "resolved_date": False})
        return True

    def _check_state(self, states):
        self.ensure_one()
        if self.state not in states:
            raise UserError(
                self.env._(
                    "Dispute %(name)s is %(state)s: this button is for %(states)s disputes.",
                    name=self.name,
                    state=dict(self._fields["state"]._description_selection(self.env))[self.state],
                    states=", ".join(
                        dict(self._fields["state"]._description_selection(self.env))[state]
                        for state in states
                    ),
                )
            )

    def action_open_source(self):
        self.ensure_one()
        if not self.source:
            return False
        return {
            "type": "ir.actions.act_window",
            "res_model": self.source._name,
            "res_id": self.source.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    # ------------------------------------------------------------------
    # Key figure
    # ------------------------------------------------------------------
    @api.model
    def _get_resolution_days(self, agreements, date_from, date_to):
        """{agreement id: average days to resolve} of the disputes of ``agreements`` resolved
        on the days ``date_from`` to ``date_to`` (included, UTC days); agreements without a
        resolved dispute in the period are left out."""
        start, end = period_bounds(
            parse_day(self.env, date_from, self.env._("The first day")),
            parse_day(self.env, date_to, self.env._("The last day")),
        )
        groups = self._read_group(
            [
                ("agreement_id", "in", agreements.ids),
                ("state", "=", "resolved"),
                ("resolved_date", ">=", start),
                ("resolved_date", "<", end),
            ],
            ["agreement_id"],
            ["resolution_days:avg"],
        )
        return {agreement.id: days for agreement, days in groups}
