from datetime import timedelta

from odoo import fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL

from .consignment_fields import workflow_state_field
from .consignment_tools import local_day_start

# Who submitted and validated are facts the actions record; a document adds its own.
DOCUMENT_WORKFLOW_FIELDS = (
    "state",
    "submitted_by_partner",
    "submitted_partner_id",
    "submitted_date",
    "validated_by_id",
    "validated_date",
)


class ConsignmentDocumentMixin(models.AbstractModel):
    """The workflow shared by the documents that post stock for an agreement (counts,
    consumption reports): Draft -> Submitted -> Validated, Cancelled and back to Draft.

    The mixin checks who may run each action, locks the rows while validating, books a
    document of a past day at the end of that day, and records a submission made by the
    partner in the portal. A document implements what is its own through the hooks:
    ``_check_open`` (may it still change), ``_check_can_reset``, ``_get_validate_role``,
    ``_post_document`` (what validating posts), ``_after_validation``, and the texts
    ``_get_portal_only_error``, ``_get_submission_summary`` and ``_get_validated_feedback``.
    Each document redeclares the fields below with its own selection labels and help.
    """

    _name = "consignment.document.mixin"
    _description = "Consignment Document"
    _inherit = ["consignment.workflow.mixin", "mail.thread", "mail.activity.mixin"]
    _workflow_fields = DOCUMENT_WORKFLOW_FIELDS

    # No check_company: the company follows the agreement, which record rules keep to the
    # user's companies (a company check would hide every agreement on a new document).
    agreement_id = fields.Many2one(
        "consignment.agreement",
        required=True,
        index=True,
        ondelete="restrict",
        tracking=True,
        help="Agreement the document is for.",
    )
    company_id = fields.Many2one(
        related="agreement_id.company_id", store=True, index=True, string="Company", precompute=True
    )
    location_id = fields.Many2one(related="agreement_id.location_id", string="Location")
    date = fields.Date(
        required=True,
        default=fields.Date.context_today,
        tracking=True,
        help="The day the document is about; a past day is posted on that day.",
    )
    state = workflow_state_field(
        [
            ("draft", "Draft"),
            ("submitted", "Submitted"),
            ("validated", "Validated"),
            ("cancel", "Cancelled"),
        ],
        "Draft: being entered. Submitted: complete, waiting for validation. Validated: "
        "posted. Cancelled: not used.",
    )
    submitted_by_partner = fields.Boolean(
        readonly=True, copy=False, help="The partner submitted the document in the portal."
    )
    submitted_partner_id = fields.Many2one(
        "res.partner",
        string="Submitted By",
        readonly=True,
        copy=False,
        help="Contact of the partner who submitted the document in the portal.",
    )
    submitted_date = fields.Datetime(
        readonly=True, copy=False, help="When the document was submitted."
    )
    validated_by_id = fields.Many2one(
        "res.users", readonly=True, copy=False, help="User who validated the document."
    )
    validated_date = fields.Datetime(
        readonly=True, copy=False, help="When the document was validated."
    )

    # ------------------------------------------------------------------
    # Hooks
    # ------------------------------------------------------------------
    def _check_open(self):
        """Raise a UserError unless the documents may still change and be validated."""
        raise NotImplementedError

    def _check_can_reset(self):
        """Raise a UserError unless the documents may go back to draft."""
        raise NotImplementedError

    def _get_validate_role(self):
        """The ``consignment.role`` action validating the document."""
        raise NotImplementedError

    def _post_document(self):
        """Post one document (stock moves, ledger); return the workflow values it adds to
        the validated state, for example the transfer it made."""
        raise NotImplementedError

    def _after_validation(self):
        """Follow-up of validated documents, once their activities are closed."""

    def _get_portal_only_error(self):
        """AccessError text when a partner is named outside the portal."""
        raise NotImplementedError

    def _get_submission_summary(self):
        """Summary of the activity asking to validate a portal submission."""
        raise NotImplementedError

    def _get_validated_feedback(self):
        """Feedback closing the document's activities on validation."""
        raise NotImplementedError

    def _get_submission_reviewer(self):
        """User asked to validate what the partner submitted in the portal (none: nobody)."""
        self.ensure_one()
        return self.agreement_id.user_id

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------
    def _get_state_label(self):
        self.ensure_one()
        return dict(self._fields["state"]._description_selection(self.env))[self.state]

    def _get_cutoff(self):
        """End of the document's date (exclusive) in the agreement's time zone, or None when
        the date is today or later: then it is about the stock as it stands."""
        self.ensure_one()
        if self.date >= fields.Date.context_today(self):
            return None
        return local_day_start(self.date + timedelta(days=1), self.agreement_id._get_day_tz())

    def _get_posting_datetime(self):
        """Last second of a past document date, or None: then it posts now."""
        self.ensure_one()
        cutoff = self._get_cutoff()
        return cutoff - timedelta(seconds=1) if cutoff else None

    def _redate_moves(self, moves):
        """A document of a past day posts on that day, so that the stock, the ledger and the
        statements of that period agree with it. Returns the posting datetime, or None when
        ``moves`` keep their date."""
        self.ensure_one()
        posting = self._get_posting_datetime()
        if not posting:
            return None
        moves.write({"date": posting})
        moves.move_line_ids.write({"date": posting})
        self.env["consignment.consumption"].sudo().search(
            [("move_line_id", "in", moves.move_line_ids.ids)]
        ).write({"date": posting})
        return posting

    def _lock_for_validation(self):
        # Of two validations running at once, the second waits here, then finds it posted.
        if not self.ids:
            return
        self.env.cr.execute(
            SQL(
                "SELECT id FROM %s WHERE id IN %s FOR UPDATE",
                SQL.identifier(self._table),
                tuple(self.ids),
            )
        )
        self.invalidate_recordset(list(self._workflow_fields))

    def _check_can_validate(self):
        self.env["consignment.role"]._check(self._get_validate_role(), self.sudo().agreement_id)
        self.check_access("write")

    def _schedule_submission_activity(self):
        for document in self:
            reviewer = document._get_submission_reviewer()
            if reviewer:
                document.sudo().activity_schedule(
                    "mail.mail_activity_data_todo",
                    summary=document._get_submission_summary(),
                    user_id=reviewer.id,
                )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_submit(self, partner=None):
        """Mark the documents complete, waiting for validation. ``partner``: the partner's
        contact who submitted them in the portal; only the portal (running as superuser
        after checking the contact) may name one."""
        if partner and not self.env.su:
            raise AccessError(self._get_portal_only_error())
        self.check_access("write")
        self._check_open()
        values = {"state": "submitted", "submitted_date": fields.Datetime.now()}
        if partner:
            values.update({"submitted_by_partner": True, "submitted_partner_id": partner.id})
        self._write_workflow(values)
        if partner:
            self._schedule_submission_activity()
        return True

    def action_cancel(self):
        # A validated document has posted stock moves and ledger records: _check_open
        # refuses it, so cancelling never leaves them behind.
        self.check_access("write")
        self._check_open()
        self._write_workflow({"state": "cancel"})
        return True

    def action_draft(self):
        self.check_access("write")
        self._check_can_reset()
        self._write_workflow({"state": "draft"})
        return True

    def action_validate(self):
        """Post the documents. All are checked before anything is kept: nothing is
        half-posted."""
        self._check_can_validate()
        self._lock_for_validation()
        self._check_open()
        with self.env.cr.savepoint():
            for document in self:
                values = document._post_document()
                document._write_workflow(
                    {
                        "state": "validated",
                        "validated_by_id": self.env.uid,
                        "validated_date": fields.Datetime.now(),
                        **values,
                    }
                )
        self.activity_ids.action_feedback(feedback=self._get_validated_feedback())
        self._after_validation()
        return True
