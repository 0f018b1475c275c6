from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain
from odoo.tools import SQL

from .consignment_tools import activity_values_for, parse_day

TERMINATION_FIELDS = (
    "termination_requested_date",
    "termination_date",
    "termination_reason",
    "termination_kind",
)
CHECKLIST_FIELDS = (
    "termination_stock_qty",
    "termination_stock_value",
    "termination_count_done",
    "termination_returns_done",
    "termination_invoice_done",
    "termination_checklist_done",
)


class ConsignmentTerminationMixin(models.AbstractModel):
    """Termination of an agreement with notice: the termination wizard records the date,
    reason and kind; the agreement keeps working until that date, then the daily cron moves
    it to Terminating. The checklist says what is left before it may be closed."""

    _name = "consignment.termination.mixin"
    _inherit = ["consignment.workflow.mixin"]
    _description = "Consignment Termination with Notice"

    # The termination is recorded by the wizard's action only: written by hand it would skip
    # the notice check, the joint count and the dispute.
    _workflow_fields = ("state", *TERMINATION_FIELDS)

    # The agreement's currency; declared here for the value of the stock left.
    currency_id = fields.Many2one("res.currency")
    notice_period_days = fields.Integer(
        string="Notice Period (days)",
        default=lambda self: self.env.company.consignment_notice_period_days,
        tracking=True,
        help="Days of notice either side gives before a planned termination takes effect.",
    )
    termination_requested_date = fields.Date(
        readonly=True, copy=False, help="Day the termination was notified."
    )
    termination_date = fields.Date(
        string="Effective Termination Date",
        readonly=True,
        copy=False,
        tracking=True,
        help="From this day the agreement accepts no new receipts or fill-ups; the remaining "
        "stock is counted, returned or picked up, and billed or invoiced.",
    )
    termination_reason = fields.Text(
        readonly=True, copy=False, help="Why the agreement ends, as given when terminating it."
    )
    termination_kind = fields.Selection(
        [("planned", "Planned (with notice)"), ("forced", "Forced")],
        readonly=True,
        copy=False,
        help="Planned: the notice period is respected. Forced: ended earlier, with a joint "
        "count with the partner and a dispute to settle.",
    )
    termination_stock_qty = fields.Float(
        string="Stock Left",
        compute="_compute_termination_checklist",
        digits="Product Unit",
        help="Quantity still at the agreement's location.",
    )
    termination_stock_value = fields.Monetary(
        string="Stock Left Value",
        compute="_compute_termination_checklist",
        help="Value of that stock at the agreement's prices.",
    )
    termination_count_done = fields.Boolean(
        string="Final Count Done",
        compute="_compute_termination_checklist",
        help="A count of the location was validated on or after the termination date.",
    )
    termination_returns_done = fields.Boolean(
        string="Returns / Pick-up Done",
        compute="_compute_termination_checklist",
        help="No stock left at the location and no open transfer out of it.",
    )
    termination_invoice_done = fields.Boolean(
        string="Final Bill / Invoice Done",
        compute="_compute_termination_checklist",
        help="No consumption left to bill or invoice.",
    )
    termination_checklist_done = fields.Boolean(
        compute="_compute_termination_checklist",
        help="Every item of the termination checklist is done: the agreement may be closed.",
    )

    @api.constrains("notice_period_days")
    def _check_notice_period(self):
        if any(agreement.notice_period_days < 0 for agreement in self):
            raise ValidationError(
                self.env._("The notice period cannot be negative; enter 0 for no notice.")
            )

    # ------------------------------------------------------------------
    # Checklist
    # ------------------------------------------------------------------
    @api.depends("termination_date", "location_id", "consumption_ids.state", "count_ids.state")
    def _compute_termination_checklist(self):
        stock = self._get_termination_stock()
        counted = self._get_termination_counted()
        open_moves = self._get_termination_open_transfers()
        for agreement in self:
            quantity, value = stock.get(agreement, (0.0, 0.0))
            agreement.termination_stock_qty = quantity
            agreement.termination_stock_value = value
            # Closed straight from Active (never terminated): no final count is due.
            agreement.termination_count_done = (
                not agreement.termination_date or agreement in counted
            )
            agreement.termination_returns_done = not quantity and agreement not in open_moves
            agreement.termination_invoice_done = not any(
                consumption.state == "to_invoice" for consumption in agreement.consumption_ids
            )
            agreement.termination_checklist_done = (
                agreement.termination_count_done
                and agreement.termination_returns_done
                and agreement.termination_invoice_done
            )

    def _match_location(self, locations):
        """The agreements whose location holds one of ``locations``."""
        return {
            agreement
            for agreement in self.filtered("location_id")
            for location in locations
            if (location.parent_path or "").startswith(agreement.location_id.parent_path)
        }

    def _get_termination_stock(self):
        """{agreement: (quantity, value)} of the agreement's goods at its location: one
        grouped query for all the agreements."""
        agreements = self.filtered("location_id")
        if not agreements:
            return {}
        groups = (
            self.env["stock.quant"]
            .sudo()
            ._read_group(
                Domain("location_id", "child_of", agreements.location_id.ids)
                & Domain("quantity", "!=", 0),
                ["location_id", "owner_id", "product_id"],
                ["quantity:sum"],
            )
        )
        today = fields.Date.context_today(self)
        result = defaultdict(lambda: [0.0, 0.0])
        for location, owner, product, quantity in groups:
            for agreement in agreements._match_location([location]):
                if agreement.consignment_type == "vendor" and (
                    owner.commercial_partner_id != agreement.partner_id.commercial_partner_id
                ):
                    continue
                result[agreement][0] += quantity
                result[agreement][1] += quantity * agreement._get_price(product, today)
        return {agreement: tuple(values) for agreement, values in result.items()}

    def _get_termination_counted(self):
        """Agreements with a count validated on or after their termination date."""
        terminated = self.filtered("termination_date")
        if not terminated:
            return set()
        counts = (
            self.env["consignment.count"]
            .sudo()
            ._read_group(
                [("agreement_id", "in", terminated.ids), ("state", "=", "validated")],
                ["agreement_id"],
                ["date:max"],
            )
        )
        return {
            agreement
            for agreement, last_date in counts
            if last_date and last_date >= agreement.termination_date
        }

    def _get_termination_open_transfers(self):
        """Agreements with a transfer out of their location still to be done."""
        agreements = self.filtered("location_id")
        if not agreements:
            return set()
        groups = (
            self.env["stock.picking"]
            .sudo()
            ._read_group(
                Domain("location_id", "child_of", agreements.location_id.ids)
                & Domain("state", "not in", ("done", "cancel", "draft")),
                ["location_id"],
                ["__count"],
            )
        )
        return agreements._match_location([location for location, _count in groups])

    def _get_termination_missing_items(self):
        """Labels of the checklist items still to do."""
        self.ensure_one()
        items = (
            ("termination_count_done", self.env._("final count")),
            ("termination_returns_done", self.env._("returns or pick-up of the remaining stock")),
            ("termination_invoice_done", self.env._("final bill or invoice")),
        )
        return [label for field_name, label in items if not self[field_name]]

    def _check_termination_checklist(self):
        for agreement in self:
            missing = agreement._get_termination_missing_items()
            if missing:
                raise UserError(
                    self.env._(
                        "Agreement %(name)s cannot be closed yet: the termination checklist "
                        "still has %(items)s to do (stock left: %(qty)s).",
                        name=agreement.name,
                        items=", ".join(missing),
                        qty=agreement.termination_stock_qty,
                    )
                )

    # ------------------------------------------------------------------
    # Termination
    # ------------------------------------------------------------------
    def _get_earliest_termination_date(self, kind):
        self.ensure_one()
        today = fields.Date.context_today(self)
        if kind == "forced":
            return today
        return today + timedelta(days=max(self.notice_period_days, 0))

    def _get_termination_wizard_action(self):
        for agreement in self:
            if agreement.state != "active" or agreement.termination_date:
                raise UserError(
                    self.env._(
                        "Only an active agreement that is not being terminated yet can be "
                        "terminated; %(name)s is not.",
                        name=agreement.name,
                    )
                )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Terminate Agreement"),
            "res_model": "consignment.termination.wizard",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_agreement_ids": self.ids},
        }

    def _request_termination(self, termination_date, reason, kind):
        """Record the termination (the caller's role is checked by the caller). The
        agreement stays active until ``termination_date``."""
        termination_date = parse_day(self.env, termination_date, self.env._("Effective date"))
        if kind not in ("planned", "forced"):
            raise UserError(self.env._("Choose whether the termination is planned or forced."))
        if not (reason or "").strip():
            raise UserError(self.env._("Give the reason for the termination."))
        for agreement in self:
            if agreement.state != "active" or agreement.termination_date:
                raise UserError(
                    self.env._(
                        "Only an active agreement that is not being terminated yet can be "
                        "terminated; %(name)s is not.",
                        name=agreement.name,
                    )
                )
            earliest = max(agreement._get_earliest_termination_date(kind), agreement.date_start)
            if not termination_date or termination_date < earliest:
                raise UserError(
                    self.env._(
                        "Agreement %(name)s can be terminated on %(earliest)s at the earliest "
                        "(notice period of %(days)s days). Choose that day or a later one, or "
                        "make it a forced termination.",
                        name=agreement.name,
                        earliest=fields.Date.to_string(earliest),
                        days=agreement.notice_period_days,
                    )
                    if kind == "planned"
                    else self.env._(
                        "A forced termination of %(name)s takes effect on %(earliest)s at the "
                        "earliest.",
                        name=agreement.name,
                        earliest=fields.Date.to_string(earliest),
                    )
                )
        self._write_workflow(
            {
                "termination_requested_date": fields.Date.context_today(self),
                "termination_date": termination_date,
                "termination_reason": reason.strip(),
                "termination_kind": kind,
            }
        )
        for agreement in self.filtered(lambda a: a.termination_kind == "forced"):
            agreement._schedule_joint_count()
            agreement._open_termination_dispute()
        self._start_due_terminations()
        return True

    def _start_due_terminations(self):
        """From its termination date an active agreement becomes Terminating. Guarded by
        the state, so that running twice, or concurrently, changes nothing the second time."""
        today = fields.Date.context_today(self)
        due = self.filtered(
            lambda a: a.state == "active" and a.termination_date and a.termination_date <= today
        )
        for agreement in due:
            agreement._write_workflow(
                {"state": "terminating", "date_end": agreement.termination_date}
            )
            if agreement.termination_kind == "forced":
                agreement._create_joint_count()
        due._sync_orderpoints()
        due._termination_started()
        return due

    def _termination_started(self):
        """Hook: the agreements have just become Terminating (their termination date came)."""
        return True

    @api.model
    def _cron_start_terminations(self):
        # SKIP LOCKED: a concurrent run holds the rows it works on; this run leaves them to
        # it instead of waiting, and the state guard makes a later run change nothing.
        self.flush_model(["state", "termination_date"])
        self.env.cr.execute(
            SQL(
                """SELECT id FROM %s
                    WHERE state = 'active' AND termination_date <= %s
                    ORDER BY id
                      FOR UPDATE SKIP LOCKED""",
                SQL.identifier(self._table),
                fields.Date.context_today(self),
            )
        )
        agreements = self.browse([row[0] for row in self.env.cr.fetchall()])
        agreements.invalidate_recordset(["state", "termination_date"])
        return agreements.sudo()._start_due_terminations()

    def _is_past_termination_date(self, day=None):
        """Whether ``day`` (default today) is on or after the agreement's termination date:
        from then on it takes no new receipts or fill-ups."""
        self.ensure_one()
        day = day or fields.Date.context_today(self)
        return bool(self.termination_date and self.termination_date <= day)

    # ------------------------------------------------------------------
    # Forced termination: joint count and dispute
    # ------------------------------------------------------------------
    def _schedule_joint_count(self):
        self.ensure_one()
        activity_type = self.env.ref(
            "consignment_stock.mail_activity_type_consignment_count", raise_if_not_found=False
        )
        if not activity_type:
            return
        summary = self.env._("Joint count with %(partner)s", partner=self.partner_id.display_name)
        self.env["mail.activity"].sudo().create(
            activity_values_for(
                self.env["ir.model"]._get_id(self._name),
                self.id,
                activity_type,
                summary,
                self.termination_reason,
                self.user_id or self.env.user,
                self.termination_date,
            )
        )

    def _create_joint_count(self):
        """The draft count of the location on the termination date, counted with the
        partner. A count cannot be dated in the future: it is made when the date comes."""
        self.ensure_one()
        Count = self.env["consignment.count"].sudo()
        existing = Count.search(
            [
                ("agreement_id", "=", self.id),
                ("date", "=", self.termination_date),
                ("state", "!=", "cancel"),
            ],
            limit=1,
        )
        return existing or Count.create({"agreement_id": self.id, "date": self.termination_date})

    def _open_termination_dispute(self):
        self.ensure_one()
        if "consignment.dispute" not in self.env:
            return None
        return (
            self.env["consignment.dispute"]
            .sudo()
            ._open_dispute(
                self,
                self.env._("Forced termination of %(name)s", name=self.name),
                origin="termination",
                amount=0.0,
                source=None,
                description=self.termination_reason,
            )
        )

    # ------------------------------------------------------------------
    # Buttons of the checklist
    # ------------------------------------------------------------------
    def action_termination_final_count(self):
        """Open the final count of the location (made for today when there is none). Counts
        are made by consignment users: the count's access rights decide, not a role."""
        self.ensure_one()
        self.check_access("read")
        if self.state != "terminating":
            raise UserError(
                self.env._(
                    "The final count of %(name)s is made from its termination date on.",
                    name=self.name,
                )
            )
        Count = self.env["consignment.count"]
        count = Count.search(
            [
                ("agreement_id", "=", self.id),
                ("date", ">=", self.termination_date),
                ("state", "!=", "cancel"),
            ],
            order="date desc",
            limit=1,
        ) or Count.create({"agreement_id": self.id, "date": fields.Date.context_today(self)})
        return {
            "type": "ir.actions.act_window",
            "res_model": "consignment.count",
            "res_id": count.id,
            "views": [(False, "form")],
        }

    def action_termination_return(self):
        """The transfers of the location, to return or pick up what is left."""
        self.ensure_one()
        # The customer add-on picks up; a vendor's goods go back by returning its receipts.
        if self.consignment_type == "customer" and hasattr(self, "action_pickup"):
            return self.with_context(consignment_pickup_dialog=True).action_pickup()
        return self.action_view_transfers()
