import logging
from collections import defaultdict

from dateutil.relativedelta import relativedelta
from psycopg2 import errors as pg_errors

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Command

_logger = logging.getLogger(__name__)


class ConsignmentAgreement(models.Model):
    """Periodic bills (vendor consignment) and invoices (customer consignment) from the
    consumption ledger."""

    _inherit = "consignment.agreement"

    invoice_ids = fields.One2many(
        "account.move", "consignment_agreement_id", string="Bills and Invoices"
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
        if isinstance(period_end, str):
            period_end = fields.Date.to_date(period_end)
        period_end = period_end or fields.Date.context_today(self) - relativedelta(days=1)
        return agreements._create_period_invoices(period_end).ids

    def _create_period_invoices(self, period_end):
        """Create the documents; an agreement that fails is reported on its chatter and
        skipped, without leaving a partial document or stopping the others."""
        groups = self._get_invoiceable_groups(period_end)
        if not groups:
            return self.env["account.move"]
        agreements = self.browse(sorted({agreement_id for agreement_id, *_rest in groups}))
        self._lock_ledger([record_id for ids, _quantity in groups.values() for record_id in ids])
        try:
            # Optimistic: all agreements in one batch, the common case.
            with self.env.cr.savepoint():
                return agreements._create_invoices_from_groups(groups, period_end)
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
                    moves |= agreement._create_invoices_from_groups(agreement_groups, period_end)
            except (pg_errors.SerializationFailure, pg_errors.LockNotAvailable):
                raise
            except Exception as error:  # noqa: BLE001 - reported to the user on the agreement
                _logger.warning("Consignment billing failed for %s: %s", agreement.name, error)
                agreement._notify_billing_failure(error)
        return moves

    def _notify_billing_failure(self, error):
        self.ensure_one()
        message = error.args[0] if isinstance(error, UserError) and error.args else str(error)
        self.sudo().message_post(
            body=self.env._(
                "The consumption bill or invoice could not be created: %(error)s", error=message
            ),
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        if self.user_id:
            self.sudo().activity_schedule(
                "mail.mail_activity_data_todo",
                summary=self.env._("Consignment billing failed"),
                note=message,
                user_id=self.user_id.id,
            )

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
            agreement._create_period_invoices(period_end)
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
    def _get_invoiceable_groups(self, period_end):
        """{(agreement id, product id, price_unit): ([consumption ids], quantity)} of what is
        to invoice."""
        Consumption = self.env["consignment.consumption"].sudo()
        rows = Consumption._read_group(
            [
                ("agreement_id", "in", self.ids),
                ("state", "=", "to_invoice"),
                ("date", "<", fields.Datetime.to_datetime(period_end + relativedelta(days=1))),
            ],
            ["agreement_id", "product_id", "price_unit"],
            ["id:array_agg", "quantity:sum"],
        )
        return {
            (agreement.id, product.id, price): (ids, quantity)
            for agreement, product, price, ids, quantity in rows
        }

    def _lock_ledger(self, consumption_ids):
        if consumption_ids:
            # A concurrent run that charged these records first makes this fail to serialize:
            # expected, and retried by the caller (RPC, cron), so not logged as a bad query.
            self.env.cr.execute(
                "SELECT id FROM consignment_consumption WHERE id = ANY(%s) ORDER BY id FOR UPDATE",
                [consumption_ids],
                log_exceptions=False,
            )

    def _create_invoices_from_groups(self, groups, period_end):
        by_agreement = defaultdict(list)
        for (agreement_id, product_id, price), (ids, quantity) in groups.items():
            by_agreement[agreement_id].append((product_id, price, ids, quantity))
        products = self.env["product.product"].browse(sorted({key[1] for key in groups}))
        products.fetch(["display_name", "uom_id"])
        line_parts = self._get_invoice_line_parts(groups)
        move_values = []
        pending = []  # per document: {line sequence: consumption ids}
        for agreement in self.browse(list(by_agreement)):
            period_start = agreement._get_period_start(period_end)
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
                    values = agreement._prepare_consignment_invoice_line_values(
                        self.env["product.product"].browse(product_id),
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
                    agreement._prepare_consignment_invoice_values(
                        line_values, period_start, period_end
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
        self._link_ledger_to_lines(pairs)
        return moves.sudo(False)

    def _get_invoice_line_parts(self, groups):
        """Split some groups of ``groups`` into several document lines.

        :returns: {(agreement id, product id, price_unit): [(consumption ids, quantity,
            extra line values)]}; a group left out makes one line. The vendor add-on splits a
            group by purchase order line. Every consumption id of a group must be in exactly
            one of its parts."""
        return {}

    def _link_ledger_to_lines(self, pairs):
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

    def _get_period_start(self, period_end):
        self.ensure_one()
        start, _end = self._billing_period_bounds(period_end)
        return start

    def _get_consignment_move_type(self):
        self.ensure_one()
        return "in_invoice" if self.consignment_type == "vendor" else "out_invoice"

    def _prepare_consignment_invoice_values(self, line_values, period_start, period_end):
        self.ensure_one()
        period = self.env._(
            "%(start)s - %(end)s",
            start=fields.Date.to_string(period_start),
            end=fields.Date.to_string(period_end),
        )
        values = {
            "move_type": self._get_consignment_move_type(),
            "partner_id": self.partner_id.id,
            "company_id": self.company_id.id,
            "currency_id": self.currency_id.id,
            "invoice_date": period_end if self.consignment_type == "vendor" else False,
            "invoice_origin": self.name,
            "ref": self.env._(
                "Consignment %(agreement)s, %(period)s", agreement=self.name, period=period
            ),
            "consignment_agreement_id": self.id,
            "consignment_period_start": period_start,
            "consignment_period_end": period_end,
            "invoice_line_ids": [Command.create(values) for values in line_values],
        }
        if self.payment_term_id:
            values["invoice_payment_term_id"] = self.payment_term_id.id
        if self.user_id and self.consignment_type == "customer":
            values["invoice_user_id"] = self.user_id.id
        return values

    def _prepare_consignment_invoice_line_values(
        self, product, price, quantity, consumption, period_start, period_end
    ):
        """One line per product and unit price. The vendor and customer add-ons add the
        order line links and the accounts."""
        self.ensure_one()
        return {
            "product_id": product.id,
            "name": self.env._(
                "%(product)s, consumed %(start)s - %(end)s",
                product=product.display_name,
                start=fields.Date.to_string(period_start),
                end=fields.Date.to_string(period_end),
            ),
            "quantity": quantity,
            "product_uom_id": product.uom_id.id,
            "price_unit": price,
        }
