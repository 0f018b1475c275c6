import logging
from datetime import timedelta

from dateutil.relativedelta import relativedelta
from psycopg2 import errors as pg_errors

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain
from odoo.tools import SQL

from ..models.consignment_tools import parse_day, period_bounds

_logger = logging.getLogger(__name__)

# Opening, received, returned, adjusted, variance and period move lines of a product that
# did not cross the location's boundary.
NO_FLOWS = (0.0, 0.0, 0.0, 0.0, 0.0, 0)


class ConsignmentStatementEngine(models.AbstractModel):
    """The consignment statement of an agreement: opening stock, flows by kind, the
    ledger's consumption and the period's count, from the stock moves and the ledger each
    time. Serves ``consignment.agreement.get_statement``, the statement dialog and the
    printed statement."""

    _name = "consignment.statement.engine"
    _description = "Consignment Statement Engine"

    def _get_statement_location_ids(self, agreement):
        agreement.ensure_one()
        if not agreement.location_id:
            return []
        return (
            self.env["stock.location"]
            .sudo()
            .with_context(active_test=False)
            .search([("id", "child_of", agreement.location_id.id)])
            .ids
        )

    def _get_statement_flow_sql(self, agreement, date_from, date_to):
        """The set-based aggregation of the done move lines that cross the boundary of the
        agreement's location, per product: opening balance and the period's flows by kind.

        Move lines of a count are the variance; move lines tied to the ledger (consumed
        goods and their returns) are left to the ledger; what remains is received, returned
        or adjusted."""
        agreement.ensure_one()
        start, end = period_bounds(date_from, date_to, agreement._get_day_tz())
        location_ids = self._get_statement_location_ids(agreement) or [0]
        returned_usages = (
            ("supplier",) if agreement.consignment_type == "vendor" else ("internal", "transit")
        )
        boundary = SQL(
            "sml.state = 'done'"
            " AND (sml.location_id = ANY(%(locations)s) OR sml.location_dest_id = ANY(%(locations)s))"
            " AND NOT (sml.location_id = ANY(%(locations)s) AND sml.location_dest_id = ANY(%(locations)s))",
            locations=location_ids,
        )
        signed_qty = SQL(
            "CASE WHEN sml.location_dest_id = ANY(%(locations)s)"
            " THEN sml.quantity_product_uom ELSE -sml.quantity_product_uom END",
            locations=location_ids,
        )
        return SQL(
            """
            WITH cancelled_origins AS MATERIALIZED (
                -- Moves whose consumption was cancelled when the goods came back.
                SELECT DISTINCT oml.move_id
                  FROM consignment_consumption oled
                  JOIN stock_move_line oml ON oml.id = oled.move_line_id
                 WHERE oled.agreement_id = %(agreement)s AND oled.state = 'cancelled'
            ), period AS MATERIALIZED (
                SELECT sml.product_id,
                       %(signed_qty)s AS signed_qty,
                       CASE
                           WHEN sm.consignment_count_id IS NOT NULL THEN 'variance'
                           WHEN led.id IS NOT NULL THEN 'ledger'
                           WHEN sm.origin_returned_move_id IN (SELECT move_id FROM cancelled_origins) THEN 'ledger'
                           WHEN sml.location_dest_id = ANY(%(locations)s) AND src.usage != 'inventory' THEN 'received'
                           WHEN sml.location_id = ANY(%(locations)s) AND dest.usage IN %(returned_usages)s THEN 'returned'
                           ELSE 'adjusted'
                       END AS kind
                  FROM stock_move_line sml
                  JOIN stock_move sm ON sm.id = sml.move_id
                  JOIN stock_location src ON src.id = sml.location_id
                  JOIN stock_location dest ON dest.id = sml.location_dest_id
                  -- At most one ledger record per move line (unique index).
                  LEFT JOIN consignment_consumption led ON led.move_line_id = sml.id
                 WHERE %(boundary)s AND sml.date >= %(start)s AND sml.date < %(end)s
            )
            SELECT product_id, SUM(opening_qty), SUM(received_qty), SUM(returned_qty),
                   SUM(adjusted_qty), SUM(variance_qty), SUM(period_lines)
              FROM (
                    -- Before the period only the balance counts: no classification needed.
                    SELECT sml.product_id, SUM(%(signed_qty)s) AS opening_qty,
                           0 AS received_qty, 0 AS returned_qty, 0 AS adjusted_qty,
                           0 AS variance_qty, 0 AS period_lines
                      FROM stock_move_line sml
                     WHERE %(boundary)s AND sml.date < %(start)s
                     GROUP BY sml.product_id
                    UNION ALL
                    SELECT product_id, 0,
                           COALESCE(SUM(signed_qty) FILTER (WHERE kind = 'received'), 0),
                           COALESCE(-SUM(signed_qty) FILTER (WHERE kind = 'returned'), 0),
                           COALESCE(SUM(signed_qty) FILTER (WHERE kind = 'adjusted'), 0),
                           COALESCE(SUM(signed_qty) FILTER (WHERE kind = 'variance'), 0),
                           COUNT(*)
                      FROM period
                     GROUP BY product_id
                   ) AS flows
             GROUP BY product_id
            """,
            agreement=agreement.id,
            signed_qty=signed_qty,
            boundary=boundary,
            locations=location_ids,
            start=start,
            end=end,
            returned_usages=returned_usages,
        )

    def _get_statement_consumed(self, agreement, date_from, date_to):
        """{product id: quantity} consumed in the period per the ledger, without what counts
        posted (that is the variance)."""
        agreement.ensure_one()
        start, end = period_bounds(date_from, date_to, agreement._get_day_tz())
        groups = (
            self.env["consignment.consumption"]
            .sudo()
            ._read_group(
                Domain("agreement_id", "=", agreement.id)
                & Domain("state", "!=", "cancelled")
                & Domain("date", ">=", start)
                & Domain("date", "<", end)
                # Few moves come from counts: "not any" checks those, not every move line.
                & Domain(
                    "move_line_id", "not any", [("move_id.consignment_count_id", "!=", False)]
                ),
                ["product_id"],
                ["quantity:sum"],
            )
        )
        return {product.id: quantity for product, quantity in groups}

    def _get_statement_count(self, agreement, date_from, date_to):
        """The last count validated for a day of the period."""
        agreement.ensure_one()
        return (
            self.env["consignment.count"]
            .sudo()
            .search(
                [
                    ("agreement_id", "=", agreement.id),
                    ("state", "=", "validated"),
                    ("date", ">=", fields.Date.to_date(date_from)),
                    ("date", "<=", fields.Date.to_date(date_to)),
                ],
                order="date desc, id desc",
                limit=1,
            )
        )

    def _get_statement(self, agreement, date_from, date_to):
        """Serves ``consignment.agreement.get_statement`` (the rows are described there).
        Computed from the stock moves and the ledger each time: nothing stored can drift."""
        agreement.ensure_one()
        agreement.check_access("read")
        date_from, date_to = self._parse_statement_period(date_from, date_to)
        flows = self._get_statement_flows(agreement, date_from, date_to)
        consumed = self._get_statement_consumed(agreement, date_from, date_to)
        count = self._get_statement_count(agreement, date_from, date_to)
        counted = self._get_statement_counted(count)
        products = (
            self.env["product.product"]
            .with_context(active_test=False)
            .browse(set(flows) | set(consumed) | set(counted))
        )
        rows = []
        for product in products.sorted(
            lambda product: (product.default_code or "", product.name or "", product.id)
        ):
            row = self._get_statement_row(
                product, flows.get(product.id), consumed.get(product.id, 0.0), counted, count
            )
            if row:
                rows.append(row)
        return rows

    def _parse_statement_period(self, date_from, date_to):
        """The statement's first and last days as dates, as RPC callers may send strings;
        a clear error for a period that ends before it starts."""
        date_from = parse_day(self.env, date_from, self.env._("The statement's first day"))
        date_to = parse_day(self.env, date_to, self.env._("The statement's last day"))
        if date_from > date_to:
            raise UserError(
                self.env._("Choose a statement period whose start is not after its end.")
            )
        return date_from, date_to

    def _get_statement_flows(self, agreement, date_from, date_to):
        """{product id: (product id, opening, received, returned, adjusted, variance, number
        of move lines in the period)}, from one query of the done move lines."""
        # The query reads the tables: pending writes of these fields must reach them first.
        for model, names in (
            (
                "stock.move.line",
                [
                    "state",
                    "date",
                    "location_id",
                    "location_dest_id",
                    "quantity_product_uom",
                    "product_id",
                    "move_id",
                ],
            ),
            ("stock.move", ["consignment_count_id", "origin_returned_move_id"]),
            ("stock.location", ["usage", "parent_path"]),
            ("consignment.consumption", ["move_line_id"]),
        ):
            self.env[model].flush_model(names)
        self.env.cr.execute(self._get_statement_flow_sql(agreement, date_from, date_to))
        return {row[0]: row for row in self.env.cr.fetchall()}

    def _get_statement_counted(self, count):
        """{product id: quantity counted} by ``count`` (empty without a count)."""
        if not count:
            return {}
        return {
            product.id: quantity
            for product, quantity in self.env["consignment.count.line"]
            .sudo()
            ._read_group([("count_id", "=", count.id)], ["product_id"], ["counted_qty:sum"])
        }

    def _get_statement_row(self, product, flow, consumed_qty, counted, count):
        """The statement row of ``product``, or None when nothing happened to it in the
        period and none of it stood at the location."""
        opening, received, returned, adjusted, variance, period_lines = (
            flow[1:] if flow else NO_FLOWS
        )
        if (
            not period_lines
            and not consumed_qty
            and product.id not in counted
            and product.uom_id.is_zero(opening)
        ):
            return None
        return {
            "product_id": product.id,
            "product_uom_id": product.uom_id.id,
            "opening_qty": opening,
            "received_qty": received,
            "consumed_qty": consumed_qty,
            "returned_qty": returned,
            "adjusted_qty": adjusted,
            "expected_qty": opening + received - consumed_qty - returned + adjusted,
            "counted_qty": counted.get(product.id, 0.0) if count else None,
            "variance_qty": variance,
            "count_id": count.id,
        }

    def _get_statement_dialog_action(self, agreement):
        """The dialog that shows, prints and sends the agreement's statement; it opens on
        the agreement's default period (see ``_get_default_statement_period``)."""
        agreement.ensure_one()
        agreement.check_access("read")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Consignment Statement"),
            "res_model": "consignment.statement",
            "view_mode": "form",
            "target": "new",
            "context": {"default_agreement_id": agreement.id},
        }

    def _get_statement_period(self, agreement, data=None):
        """The period to print: the one asked for, else the agreement's last statement's
        (what the mail template sends), else its default period."""
        agreement.ensure_one()
        data = data or {}
        if data.get("date_from") and data.get("date_to"):
            return fields.Date.to_date(data["date_from"]), fields.Date.to_date(data["date_to"])
        if agreement.statement_date_from and agreement.statement_date_to:
            return agreement.statement_date_from, agreement.statement_date_to
        return self._get_default_statement_period(agreement)

    def _get_default_statement_period(self, agreement):
        """(first day, last day) the statement of ``agreement`` opens on: the billing period
        containing today up to yesterday, or the last complete one on the first day of a
        period, never before the agreement starts nor after it ends. The periods are the
        billing engine's, so that a statement covers what one bill or invoice charges."""
        agreement.ensure_one()
        today = fields.Date.context_today(agreement)
        start = agreement.date_start or today
        last_day = today - timedelta(days=1)
        if agreement.date_end:
            last_day = min(last_day, agreement.date_end)
        if last_day < start:
            # Nothing elapsed yet: the agreement's first day.
            return start, start
        return max(self._get_billing_period_start(agreement, last_day), start), last_day

    def _get_billing_period_start(self, agreement, day):
        """First day of the billing period of ``agreement`` that contains ``day``, counted
        from the agreement's billing dates as the scheduled billing moves them."""
        billing = self.env["consignment.billing.engine"]
        start = agreement.date_start or day
        billing_date = agreement.next_billing_date or agreement._next_period_start(start)
        while billing_date <= day:
            billing_date = agreement._next_period_start(billing_date)
        period_start, _period_end = billing._billing_period_bounds(
            agreement, billing_date - timedelta(days=1)
        )
        while period_start > day and period_start > start:
            period_start, _period_end = billing._billing_period_bounds(
                agreement, period_start - timedelta(days=1)
            )
        return period_start

    @api.model
    def _default_statement_period(self):
        """The last full calendar month."""
        first = fields.Date.context_today(self).replace(day=1)
        return first - relativedelta(months=1), first - timedelta(days=1)

    # ------------------------------------------------------------------
    # Statements sent by themselves (scheduled action of
    # data/ir_cron_statement_data.xml)
    # ------------------------------------------------------------------
    @api.model
    def _send_due_statements(self):
        """Email each agreement's statement whose billing period ends within the agreement's
        number of days, once per period. Safe to run again or concurrently: each agreement
        is locked and its sent period checked before sending; a failure is noted on the
        agreement's chatter and the others are sent."""
        today = fields.Date.context_today(self)
        agreements = self.env["consignment.agreement"].search(
            [
                ("state", "in", ("active", "terminating")),
                ("statement_auto_send", "=", True),
                ("date_start", "<=", today),
                "|",
                ("date_end", "=", False),
                ("date_end", ">=", today),
            ]
        )
        due = []
        for agreement in agreements:
            period_start, period_end = self._get_billing_period_of_day(agreement, today)
            days_left = (period_end - today).days
            if days_left <= agreement.statement_days_before_period_end and (
                not agreement.statement_auto_sent_period_end
                or agreement.statement_auto_sent_period_end < period_end
            ):
                due.append((agreement, period_start, period_end))
        in_cron = bool(self.env.context.get("cron_id"))
        for index, (agreement, period_start, period_end) in enumerate(due, start=1):
            # The period so far: the days still to come are on the period's bill.
            self._send_auto_statement(agreement, period_start, today, period_end)
            if in_cron and not self.env["ir.cron"]._commit_progress(1, remaining=len(due) - index):
                break

    def _get_billing_period_of_day(self, agreement, day):
        """(first day, last day) of the billing period of ``agreement`` that contains
        ``day``, within the agreement's dates."""
        agreement.ensure_one()
        billing = self.env["consignment.billing.engine"]
        start = agreement.date_start or day
        billing_date = agreement.next_billing_date or agreement._next_period_start(start)
        while billing_date <= day:
            billing_date = agreement._next_period_start(billing_date)
        period_start, period_end = billing._billing_period_bounds(
            agreement, billing_date - timedelta(days=1)
        )
        while period_start > day:
            period_start, period_end = billing._billing_period_bounds(
                agreement, period_start - timedelta(days=1)
            )
        if agreement.date_end:
            period_end = min(period_end, agreement.date_end)
        return max(period_start, start), period_end

    def _send_auto_statement(self, agreement, date_from, date_to, period_end):
        """Send one agreement's statement unless another run has sent or is sending it;
        returns whether it was sent."""
        agreement.ensure_one()
        try:
            with self.env.cr.savepoint():
                if not self._lock_auto_statement(agreement, period_end):
                    return False
                self._post_auto_statement(agreement, date_from, date_to)
                agreement.sudo().write({"statement_auto_sent_period_end": period_end})
        except (pg_errors.SerializationFailure, pg_errors.LockNotAvailable):
            raise
        except Exception as error:  # noqa: BLE001 - reported to the user on the agreement
            _logger.warning("Consignment statement not sent for %s: %s", agreement.name, error)
            message = error.args[0] if isinstance(error, UserError) and error.args else str(error)
            agreement.sudo().message_post(
                body=self.env._(
                    "The statement could not be sent automatically: %(error)s", error=message
                ),
                message_type="comment",
                subtype_xmlid="mail.mt_note",
            )
            return False
        return True

    def _lock_auto_statement(self, agreement, period_end):
        """Lock the agreement if its statement of the period ending on ``period_end`` is not
        sent yet; a run holding the lock already is skipped, not waited for."""
        agreement.flush_recordset(["statement_auto_sent_period_end"])
        self.env.cr.execute(
            SQL(
                "SELECT id FROM consignment_agreement WHERE id = %s"
                " AND (statement_auto_sent_period_end IS NULL"
                " OR statement_auto_sent_period_end < %s)"
                " FOR UPDATE SKIP LOCKED",
                agreement.id,
                period_end,
            ),
            log_exceptions=False,
        )
        locked = bool(self.env.cr.fetchone())
        agreement.invalidate_recordset(["statement_auto_sent_period_end"])
        return locked

    def _post_auto_statement(self, agreement, date_from, date_to):
        """Email the statement of ``date_from`` to ``date_to`` (the PDF attached) to the
        partner, from the agreement's responsible, else from the company; it shows on the
        agreement's chatter. Queued: the email leaves only once the run is committed."""
        partner = agreement.partner_id
        if not partner.email:
            raise UserError(
                self.env._(
                    "%(partner)s has no email address: add one to the contact.",
                    partner=partner.display_name,
                )
            )
        template = self.env.ref("consignment_stock.mail_template_consignment_statement")
        agreement = agreement.sudo()
        # The attachment and the template read the period from the agreement.
        agreement.write({"statement_date_from": date_from, "statement_date_to": date_to})
        sender = (
            agreement.user_id.partner_id
            if agreement.user_id.email
            else agreement.company_id.partner_id
        )
        authorship = (
            {"author_id": sender.id, "email_from": sender.email_formatted} if sender.email else {}
        )
        return agreement.with_context(mail_notify_force_send=False).message_post_with_source(
            template,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            email_layout_xmlid="mail.mail_notification_layout",
            **authorship,
        )
