from odoo import api, fields, models
from odoo.tools import SQL


class ConsignmentMemoLock(models.Model):
    """One row per vendor agreement whose memo was booked, written by every booking of its
    memo. Odoo's transactions read a snapshot: two of them booking the same agreement's
    memo at once (a stock validation and the revaluation run, or two validations) would
    each revalue it against the memo booked before both. Writing the same row makes the
    second one fail with a serialization error instead, which Odoo retries with a fresh
    snapshot, so a difference is never booked twice. Only the memo engine writes it, as
    superuser. The agreement is an id, not a foreign key: the row is a lock, not data."""

    _name = "consignment.memo.lock"
    _description = "Consignment Memo Booking Lock"
    _log_access = False

    agreement_id = fields.Integer(
        required=True, readonly=True, index=True, help="Id of the agreement whose memo it locks."
    )
    booked_at = fields.Datetime(
        readonly=True, help="When the agreement's memo was last booked or revalued."
    )

    _agreement_unique = models.Constraint(
        "UNIQUE(agreement_id)", "An agreement has one memo booking lock."
    )

    @api.model
    def _claim(self, agreements):
        """Write the rows of ``agreements`` in this transaction (in the order of their
        ids), so that a concurrent booking of their memo conflicts with this one."""
        if not agreements:
            return
        self.env.execute_query(
            SQL(
                """
                INSERT INTO consignment_memo_lock (agreement_id, booked_at)
                SELECT id, now() AT TIME ZONE 'UTC' FROM unnest(%s::int[]) AS id
                ON CONFLICT (agreement_id) DO UPDATE SET booked_at = EXCLUDED.booked_at
                """,
                sorted(agreements.ids),
            )
        )
