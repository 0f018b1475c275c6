import logging
from collections import defaultdict

from dateutil.relativedelta import relativedelta
from psycopg2 import errors as pg_errors

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Command, Domain
from odoo.tools.misc import format_date, get_lang

from .consignment_tools import (
    BILLING_PERIOD_DELTA,
    activity_values_for,
    local_day_start,
    parse_day,
)

_logger = logging.getLogger(__name__)


class ConsignmentBillingEngine(models.AbstractModel):
    """Periodic bills and invoices from the consumption ledger: one draft document per
    agreement and period, set-based (a fixed number of queries per agreement), safe to
    run twice or concurrently (the ledger rows are locked, and linked by one guarded
    update).

    The engine knows no kind of agreement: the vendor add-on makes the documents vendor
    bills and the customer add-on customer invoices, through these hooks:
    ``_prepare_consignment_invoice_values``, ``_prepare_consignment_invoice_line_values``,
    ``_get_invoice_line_parts``, ``_link_ledger_to_lines`` and
    ``_get_document_check_texts``.
    """

    _name = "consignment.billing.engine"
    _description = "Consignment Billing Engine"

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
    def _bill_due_agreements(self):
        """Scheduled billing: each agreement whose billing date has come is billed for the
        period that ended the day before; its next billing date moves one period on."""
        today = fields.Date.context_today(self)
        agreements = self.env["consignment.agreement"].search(
            [("state", "in", ("active", "terminating")), ("next_billing_date", "<=", today)]
        )
        in_cron = bool(self.env.context.get("cron_id"))
        for index, agreement in enumerate(agreements, start=1):
            period_end = agreement.next_billing_date - relativedelta(days=1)
            self._create_period_invoices(agreement, period_end)
            agreement.next_billing_date = agreement._next_period_start(agreement.next_billing_date)
            # Each agreement's bill is kept once made, and a run cut short by the cron's time
            # limit resumes with the agreements still due.
            if in_cron and not self.env["ir.cron"]._commit_progress(
                1, remaining=len(agreements) - index
            ):
                break

    def _billing_period_bounds(self, agreement, period_end):
        """(first day, last day) of the billing period that ends on ``period_end``."""
        agreement.ensure_one()
        # Counted back from the day after: a month ending on 28 February starts on the 1st.
        next_day = period_end + relativedelta(days=1)
        return next_day - BILLING_PERIOD_DELTA[agreement.billing_period], period_end

    def _create_period_invoices(self, agreements, period_end):
        """Create the documents; an agreement that fails is reported on its chatter and
        skipped, without leaving a partial document or stopping the others."""
        groups = self._get_invoiceable_groups(agreements, period_end)
        if not groups:
            return self.env["account.move"]
        agreements = agreements.browse(sorted({agreement_id for agreement_id, *_rest in groups}))
        self._lock_ledger([record_id for ids, _quantity in groups.values() for record_id in ids])
        try:
            # Optimistic: all agreements in one batch, the common case.
            with self.env.cr.savepoint():
                return self._create_invoices_from_groups(agreements, groups, period_end)
        except (pg_errors.SerializationFailure, pg_errors.LockNotAvailable):
            raise
        except Exception:  # noqa: BLE001 - redone agreement by agreement to isolate the failure
            _logger.info("Consignment billing batch failed; billing agreement by agreement")
        moves = self.env["account.move"]
        for agreement in agreements:
            agreement_groups = {
                key: value for key, value in groups.items() if key[0] == agreement.id
            }
            try:
                with self.env.cr.savepoint():
                    moves |= self._create_invoices_from_groups(
                        agreement, agreement_groups, period_end
                    )
            except (pg_errors.SerializationFailure, pg_errors.LockNotAvailable):
                raise
            except Exception as error:  # noqa: BLE001 - reported to the user on the agreement
                _logger.warning("Consignment billing failed for %s: %s", agreement.name, error)
                self._notify_billing_failure(agreement, error)
        return moves

    def _notify_billing_failure(self, agreement, error):
        agreement.ensure_one()
        message = error.args[0] if isinstance(error, UserError) and error.args else str(error)
        agreement.sudo().message_post(
            body=self.env._(
                "The consumption bill or invoice could not be created: %(error)s", error=message
            ),
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        if agreement.user_id:
            agreement.sudo().activity_schedule(
                "mail.mail_activity_data_todo",
                summary=self.env._("Consignment billing failed"),
                note=message,
                user_id=agreement.user_id.id,
            )

    def _get_invoiceable_groups(self, agreements, period_end):
        """{(agreement id, product id, price_unit): ([consumption ids], quantity)} of what is
        to invoice."""
        Consumption = self.env["consignment.consumption"].sudo()
        next_day = period_end + relativedelta(days=1)
        until_period_end = Domain.OR(
            Domain("agreement_id", "in", agreements.ids)
            & Domain("date", "<", local_day_start(next_day, agreements._get_day_tz()))
            for agreements in agreements.grouped("company_id").values()
        )
        rows = Consumption._read_group(
            until_period_end & Domain("state", "=", "to_invoice"),
            ["agreement_id", "product_id", "price_unit"],
            ["id:array_agg", "quantity:sum"],
        )
        return {
            (agreement.id, product.id, price): (ids, quantity)
            for agreement, product, price, ids, quantity in rows
        }

    @api.model
    def _lock_ledger(self, consumption_ids):
        if consumption_ids:
            # A concurrent run that charged these records first makes this fail to serialize:
            # expected, and retried by the caller (RPC, cron), so not logged as a bad query.
            self.env.cr.execute(
                "SELECT id FROM consignment_consumption WHERE id = ANY(%s) ORDER BY id FOR UPDATE",
                [consumption_ids],
                log_exceptions=False,
            )

    def _create_invoices_from_groups(self, agreements, groups, period_end):
        by_agreement = defaultdict(list)
        for (agreement_id, product_id, price), (ids, quantity) in groups.items():
            by_agreement[agreement_id].append((product_id, price, ids, quantity))
        products = self.env["product.product"].browse(sorted({key[1] for key in groups}))
        products.fetch(["display_name", "uom_id"])
        # Records of the fetched set keep its prefetch: labels in another language are then
        # read once for all products.
        product_by_id = {product.id: product for product in products}
        line_parts = self._get_invoice_line_parts(agreements, groups)
        move_values = []
        pending = []  # per document: {line sequence: consumption ids}
        for agreement in agreements.browse(list(by_agreement)):
            period_start = self._get_period_start(agreement, period_end)
            line_values = []
            ids_by_sequence = {}
            for product_id, price, ids, quantity in sorted(
                by_agreement[agreement.id], key=lambda item: item[:2]
            ):
                if agreement.currency_id.is_zero(quantity):
                    continue
                parts = line_parts.get((agreement.id, product_id, price)) or [(ids, quantity, {})]
                for part_ids, part_quantity, extra_values in parts:
                    sequence = len(line_values) + 1
                    values = self._prepare_consignment_invoice_line_values(
                        agreement,
                        product_by_id[product_id],
                        price,
                        part_quantity,
                        self.env["consignment.consumption"].browse(part_ids),
                        period_start,
                        period_end,
                    )
                    values.update(extra_values)
                    values["sequence"] = sequence
                    line_values.append(values)
                    ids_by_sequence[sequence] = part_ids
            if line_values:
                move_values.append(
                    self._prepare_consignment_invoice_values(
                        agreement, line_values, period_start, period_end
                    )
                )
                pending.append(ids_by_sequence)
        if not move_values:
            return self.env["account.move"]
        moves = self.env["account.move"].sudo().create(move_values)
        pairs = [
            (record_id, line.id)
            for move, ids_by_sequence in zip(moves, pending, strict=True)
            for line in move.invoice_line_ids
            for record_id in ids_by_sequence.get(line.sequence, ())
        ]
        self._link_ledger_to_lines(agreements, pairs)
        self._schedule_document_checks(agreements, moves)
        return moves.sudo(False)

    def _schedule_document_checks(self, agreements, moves):
        """A draft bill or invoice waits for a person: the accounting side checks it and
        posts it (the agreement's accountant, else the company's, else the agreement's
        responsible), when allowed to edit it. One access check per person and one batch
        of activities, whatever the number of documents; posting marks it done."""
        check_type = self.env.ref("consignment_stock.mail_activity_type_consignment_document_check")
        model_id = self.env["ir.model"]._get_id("account.move")
        today = fields.Date.context_today(agreements)
        activity_values = []
        for user, user_moves in moves.grouped(
            lambda move: move.consignment_agreement_id.sudo()._get_document_checker()
        ).items():
            if not user:
                continue
            for move in user_moves.sudo(False).with_user(user)._filtered_access("write"):
                summary, note = self._get_document_check_texts(
                    move.consignment_agreement_id.sudo(), move
                )
                activity_values.append(
                    activity_values_for(model_id, move.id, check_type, summary, note, user, today)
                )
        if activity_values:
            self.env["mail.activity"].sudo().create(activity_values)

    def _get_document_check_texts(self, agreement, move):
        """(summary, note) of the activity that asks the accounting side to check a new
        document; the vendor and customer add-ons word it for bills and invoices."""
        return (
            self.env._("Check the consignment document"),
            self.env._(
                "Check the document charging the consumption of %(agreement)s, then confirm it.",
                agreement=agreement.name,
            ),
        )

    def _get_invoice_line_parts(self, agreements, groups):
        """Split some groups of ``groups`` into several document lines.

        :returns: {(agreement id, product id, price_unit): [(consumption ids, quantity,
            extra line values)]}; a group left out makes one line. The vendor add-on splits a
            group by purchase order line. Every consumption id of a group must be in exactly
            one of its parts."""
        return {}

    def _link_ledger_to_lines(self, agreements, pairs):
        if not pairs:
            return
        record_ids, line_ids = zip(*pairs, strict=True)
        self.env.cr.execute(
            """
            UPDATE consignment_consumption c
               SET state = 'invoiced', invoice_line_id = v.line_id,
                   write_uid = %s, write_date = NOW() AT TIME ZONE 'UTC'
              FROM unnest(%s::int[], %s::int[]) AS v(record_id, line_id)
             WHERE c.id = v.record_id AND c.state = 'to_invoice'
            """,
            [self.env.uid, list(record_ids), list(line_ids)],
        )
        if self.env.cr.rowcount != len(pairs):
            raise UserError(
                self.env._(
                    "Some consumption was charged by another bill or invoice in the meantime. "
                    "Run the billing again."
                )
            )
        self.env["consignment.consumption"].invalidate_model(["state", "invoice_line_id"])
        self.env["account.move.line"].invalidate_model(["consignment_consumption_ids"])

    def _get_period_start(self, agreement, period_end):
        agreement.ensure_one()
        start, _end = self._billing_period_bounds(agreement, period_end)
        return start

    def _get_partner_env(self, agreement):
        """Environment in the partner's language when it is installed, else the user's."""
        return self.with_context(lang=get_lang(self.env, agreement.partner_id.lang).code).env

    def _format_consignment_period(self, agreement, period_start, period_end):
        """The period as the partner reads it ("1 Jan 2026 - 31 Jan 2026"): in the
        partner's language when it is installed, else in the user's."""
        env = self._get_partner_env(agreement)
        return env._(
            "%(start)s - %(end)s",
            start=format_date(env, period_start, date_format="d MMM y"),
            end=format_date(env, period_end, date_format="d MMM y"),
        )

    def _prepare_consignment_invoice_values(self, agreement, line_values, period_start, period_end):
        """Values of the document of ``agreement`` for a period. The vendor and customer
        add-ons make it a bill or an invoice (its ``move_type``, date and salesperson).

        The reference (``ref``) is left to the partner's own number (the vendor's bill
        number, the customer's reference): the agreement and period go in the origin."""
        agreement.ensure_one()
        values = {
            "partner_id": agreement.partner_id.id,
            "company_id": agreement.company_id.id,
            "currency_id": agreement.currency_id.id,
            "invoice_origin": self.env._(
                "%(agreement)s, %(period)s",
                agreement=agreement.name,
                period=self._format_consignment_period(agreement, period_start, period_end),
            ),
            "consignment_agreement_id": agreement.id,
            "consignment_period_start": period_start,
            "consignment_period_end": period_end,
            "invoice_line_ids": [Command.create(values) for values in line_values],
        }
        if agreement.payment_term_id:
            values["invoice_payment_term_id"] = agreement.payment_term_id.id
        return values

    def _prepare_consignment_invoice_line_values(
        self, agreement, product, price, quantity, consumption, period_start, period_end
    ):
        """One line per product and unit price, labelled in the partner's language. The
        vendor and customer add-ons add the order line links and the accounts."""
        agreement.ensure_one()
        env = self._get_partner_env(agreement)
        return {
            "product_id": product.id,
            "name": env._(
                "%(product)s: consumed %(period)s",
                product=product.with_env(env).display_name,
                period=self._format_consignment_period(agreement, period_start, period_end),
            ),
            "quantity": quantity,
            "product_uom_id": product.uom_id.id,
            "price_unit": price,
        }
