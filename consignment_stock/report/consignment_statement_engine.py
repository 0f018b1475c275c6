from odoo import fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain
from odoo.tools import SQL

from ..models.consignment_tools import parse_day, period_bounds


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
        """The consignment statement of the agreement for the days ``date_from`` to
        ``date_to`` (included), one dict per product, quantities in the product's unit:

        ``opening_qty`` at the start of the period; ``received_qty``, ``consumed_qty``
        (ledger, without count differences), ``returned_qty``, ``adjusted_qty`` (other moves
        in or out, signed) during it; ``expected_qty`` = opening + received - consumed -
        returned + adjusted; ``counted_qty`` from the last count validated in the period
        (None without such a count); ``variance_qty`` posted by the period's counts.

        Computed from the stock moves and the ledger each time: nothing stored can drift.
        """
        agreement.ensure_one()
        agreement.check_access("read")
        date_from = parse_day(self.env, date_from, self.env._("The statement's first day"))
        date_to = parse_day(self.env, date_to, self.env._("The statement's last day"))
        if date_from > date_to:
            raise UserError(
                self.env._("Choose a statement period whose start is not after its end.")
            )
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
        flows = {row[0]: row for row in self.env.cr.fetchall()}
        consumed = self._get_statement_consumed(agreement, date_from, date_to)
        count = self._get_statement_count(agreement, date_from, date_to)
        counted = {}
        if count:
            counted = {
                product.id: quantity
                for product, quantity in self.env["consignment.count.line"]
                .sudo()
                ._read_group([("count_id", "=", count.id)], ["product_id"], ["counted_qty:sum"])
            }
        product_ids = set(flows) | set(consumed) | set(counted)
        products = self.env["product.product"].with_context(active_test=False).browse(product_ids)
        rows = []
        for product in products.sorted(
            lambda product: (product.default_code or "", product.name or "", product.id)
        ):
            _product_id, opening, received, returned, adjusted, variance, period_lines = flows.get(
                product.id, (product.id, 0.0, 0.0, 0.0, 0.0, 0.0, 0)
            )
            consumed_qty = consumed.get(product.id, 0.0)
            if (
                not period_lines
                and not consumed_qty
                and product.id not in counted
                and product.uom_id.is_zero(opening)
            ):
                continue
            expected = opening + received - consumed_qty - returned + adjusted
            rows.append(
                {
                    "product_id": product.id,
                    "product_uom_id": product.uom_id.id,
                    "opening_qty": opening,
                    "received_qty": received,
                    "consumed_qty": consumed_qty,
                    "returned_qty": returned,
                    "adjusted_qty": adjusted,
                    "expected_qty": expected,
                    "counted_qty": counted.get(product.id, 0.0) if count else None,
                    "variance_qty": variance,
                    "count_id": count.id,
                }
            )
        return rows

    def _get_statement_period(self, agreement, data=None):
        agreement.ensure_one()
        data = data or {}
        if data.get("date_from") and data.get("date_to"):
            return fields.Date.to_date(data["date_from"]), fields.Date.to_date(data["date_to"])
        if agreement.statement_date_from and agreement.statement_date_to:
            return agreement.statement_date_from, agreement.statement_date_to
        return agreement._default_statement_period()
