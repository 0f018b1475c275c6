from collections import defaultdict

from odoo import fields, models
from odoo.tools import SQL

from .consignment_tools import KPI_DAYS, period_bounds

# Turnover is annualised only over an active window of at least this many days.
KPI_MIN_DAYS = 30

# The amounts of a result of ``_get_kpis``, in the agreement's currency, that add up over
# several agreements.
KPI_AMOUNTS = (
    "consumed_value",
    "stock_value_days",
    "outflow_value",
    "variance_value",
    "expected_value",
    "cash_benefit",
)


class ConsignmentKpiEngine(models.AbstractModel):
    """The key figures of consignment agreements over a period (turnover, count variance,
    stock-out incidents, dispute resolution time, days on location, cash benefit),
    set-based: a fixed number of queries for any number of agreements. Every figure of an
    agreement covers only the part of the period it was active (its *window*). Serves the
    agreement's key-figure fields and the dashboard."""

    _name = "consignment.kpi.engine"
    _description = "Consignment Key Figures Engine"

    def _get_windows(self, agreements, date_from, date_to):
        """{agreement id: (first day, last day) or None}: the days of [``date_from``,
        ``date_to``] the agreement was active, from its start to its end date and never
        after today; None when it was not active at all in the period (a draft never was)."""
        today = fields.Date.context_today(self)
        windows = {}
        for agreement in agreements:
            if agreement.state == "draft":
                windows[agreement.id] = None
                continue
            first = max(date_from, agreement.date_start or date_from)
            last = min(date_to, today, agreement.date_end or date_to)
            windows[agreement.id] = (first, last) if first <= last else None
        return windows

    def _get_kpi_locations(self, agreements):
        """{location id: [agreement ids]} of every location inside the agreements' locations."""
        roots = agreements.filtered("location_id")
        if not roots:
            return {}
        agreements_of_root = defaultdict(list)
        for agreement in roots:
            agreements_of_root[agreement.location_id.id].append(agreement.id)
        locations = (
            self.env["stock.location"]
            .sudo()
            .with_context(active_test=False)
            .search_fetch([("id", "child_of", roots.location_id.ids)], ["parent_path"])
        )
        # A location belongs to the agreements of the roots on its path: a lookup per
        # ancestor, not a comparison with every agreement.
        result = defaultdict(list)
        for location in locations:
            for ancestor in (location.parent_path or "").split("/"):
                if ancestor and int(ancestor) in agreements_of_root:
                    result[location.id].extend(agreements_of_root[int(ancestor)])
        return result

    def _get_stock_levels(self, agreements, windows):
        """Per (agreement, product of its lines), over the agreement's window: [(month,
        average end-of-day quantity, days)], the quantity that left, and {month: run-outs}.
        One set-based query for all agreements."""
        agreements = agreements.filtered(lambda agreement: windows.get(agreement.id))
        location_pairs = [
            (agreement_id, location_id)
            for location_id, agreement_ids in self._get_kpi_locations(agreements).items()
            for agreement_id in agreement_ids
        ]
        product_pairs = list(
            {(line.agreement_id.id, line.product_id.id) for line in agreements.line_ids}
        )
        if not location_pairs or not product_pairs:
            return {}, {}, {}
        window_rows = self._get_window_rows(agreements, windows)
        query = self._get_stock_levels_query(location_pairs, product_pairs, window_rows)
        return self._group_stock_levels(self.env.execute_query(query))

    def _get_stock_levels_query(self, location_pairs, product_pairs, window_rows):
        """Daily balances of each (agreement, product) from the done move lines in and out of
        the agreement's locations (``location_pairs``) over the agreement's window
        (``window_rows``: agreement, start, end, first day, days), summed up per month; then
        the quantity that left each of them in the window; then its run-outs per month: the
        move lines that took its balance from above zero to zero or below."""
        return SQL(
            """
            WITH loc(agreement_id, location_id) AS (
                SELECT * FROM unnest(%(loc_agreements)s::int[], %(loc_locations)s::int[])
            ), prod(agreement_id, product_id) AS (
                SELECT * FROM unnest(%(prod_agreements)s::int[], %(prod_products)s::int[])
            ), win(agreement_id, w_start, w_end, w_first, w_days) AS (
                SELECT * FROM unnest(%(win_agreements)s::int[], %(win_starts)s::timestamp[],
                                     %(win_ends)s::timestamp[], %(win_firsts)s::date[],
                                     %(win_days)s::int[])
            ), moves AS (
                SELECT ld.agreement_id, sml.id, sml.product_id, sml.date, sml.quantity_product_uom AS qty
                  FROM stock_move_line sml
                  JOIN loc ld ON ld.location_id = sml.location_dest_id
                 WHERE sml.state = 'done' AND sml.date < %(end)s
                   AND NOT EXISTS (SELECT 1 FROM loc ls WHERE ls.location_id = sml.location_id
                                                          AND ls.agreement_id = ld.agreement_id)
                UNION ALL
                SELECT ls.agreement_id, sml.id, sml.product_id, sml.date, -sml.quantity_product_uom AS qty
                  FROM stock_move_line sml
                  JOIN loc ls ON ls.location_id = sml.location_id
                 WHERE sml.state = 'done' AND sml.date < %(end)s
                   AND NOT EXISTS (SELECT 1 FROM loc ld WHERE ld.location_id = sml.location_dest_id
                                                          AND ld.agreement_id = ls.agreement_id)
            ), flows AS (
                -- Day index in the window: days start at the window's start, in the
                -- agreement's time zone, not at midnight UTC.
                SELECT moves.*, win.w_first, win.w_start,
                       floor(extract(epoch FROM moves.date - win.w_start) / 86400)::int AS day_index,
                       SUM(moves.qty) OVER (
                           PARTITION BY moves.agreement_id, moves.product_id
                           ORDER BY moves.date, moves.id ROWS UNBOUNDED PRECEDING
                       ) AS balance
                  FROM moves
                  JOIN prod ON prod.agreement_id = moves.agreement_id AND prod.product_id = moves.product_id
                  JOIN win ON win.agreement_id = moves.agreement_id
                 WHERE moves.date < win.w_end
            ), daily AS (
                -- The days of the window on which the balance may change: its first day,
                -- the first day of each of its months, and the days with moves (those
                -- before the window count on its first day). The balance then holds until
                -- the next of them, so that the days in between need no row: the query
                -- grows with the moves, not with the days times the products.
                SELECT agreement_id, product_id, day_index, SUM(qty) AS qty
                  FROM (
                    SELECT prod.agreement_id, prod.product_id, starts.day_index, 0::float AS qty
                      FROM prod
                      JOIN win ON win.agreement_id = prod.agreement_id
                     CROSS JOIN LATERAL (
                        SELECT 0
                        UNION ALL
                        SELECT month_start::date - win.w_first
                          FROM generate_series(
                                date_trunc('month', win.w_first::timestamp) + interval '1 month',
                                (win.w_first + win.w_days - 1)::timestamp,
                                interval '1 month'
                               ) AS months(month_start)
                     ) AS starts(day_index)
                    UNION ALL
                    SELECT flows.agreement_id, flows.product_id,
                           LEAST(GREATEST(flows.day_index, 0), win.w_days - 1), flows.qty
                      FROM flows
                      JOIN win ON win.agreement_id = flows.agreement_id
                  ) AS day_flows
                 GROUP BY agreement_id, product_id, day_index
            ), spans AS (
                -- End-of-day balance from each of these days up to the next one.
                SELECT daily.agreement_id, daily.product_id, win.w_first + daily.day_index AS day,
                       LEAD(daily.day_index, 1, win.w_days) OVER span - daily.day_index AS days,
                       SUM(daily.qty) OVER span AS balance
                  FROM daily
                  JOIN win ON win.agreement_id = daily.agreement_id
                WINDOW span AS (
                    PARTITION BY daily.agreement_id, daily.product_id ORDER BY daily.day_index
                )
            )
            SELECT agreement_id, product_id, date_trunc('month', day::timestamp)::date AS month,
                   SUM(GREATEST(balance, 0) * days) / SUM(days), SUM(days),
                   NULL::float AS out_qty, NULL::bigint
              FROM spans
             GROUP BY agreement_id, product_id, date_trunc('month', day::timestamp)
            UNION ALL
            SELECT agreement_id, product_id, NULL, NULL, NULL, -SUM(qty), NULL
              FROM flows
             WHERE date >= w_start AND qty < 0
             GROUP BY agreement_id, product_id
            UNION ALL
            SELECT agreement_id, product_id, date_trunc('month', w_first + day_index)::date,
                   NULL, NULL, NULL, COUNT(*)
              FROM flows
             WHERE date >= w_start AND balance <= 0 AND balance - qty > 0
             GROUP BY agreement_id, product_id, date_trunc('month', w_first + day_index)
            """,
            loc_agreements=[pair[0] for pair in location_pairs],
            loc_locations=[pair[1] for pair in location_pairs],
            prod_agreements=[pair[0] for pair in product_pairs],
            prod_products=[pair[1] for pair in product_pairs],
            win_agreements=[row[0] for row in window_rows],
            win_starts=[row[1] for row in window_rows],
            win_ends=[row[2] for row in window_rows],
            win_firsts=[row[3] for row in window_rows],
            win_days=[row[4] for row in window_rows],
            end=max(row[2] for row in window_rows),
            to_flush=self._get_stock_levels_fields(),
        )

    def _get_stock_levels_fields(self):
        """The move-line fields the stock-level query reads: their pending changes are
        written first."""
        move_line_fields = self.env["stock.move.line"]._fields
        names = (
            "product_id",
            "quantity_product_uom",
            "date",
            "state",
            "location_id",
            "location_dest_id",
        )
        return [move_line_fields[name] for name in names]

    def _group_stock_levels(self, rows):
        """The rows of the stock-level query as ``_get_stock_levels`` returns them."""
        levels = defaultdict(list)
        outflows = {}
        runouts = defaultdict(dict)
        for agreement_id, product_id, month, average, days, out_qty, count in rows:
            key = (agreement_id, product_id)
            if count is not None:
                runouts[key][month] = count
            elif month is None:
                outflows[key] = out_qty or 0.0
            else:
                levels[key].append((month, average or 0.0, days))
        return levels, outflows, runouts

    def _get_kpis(self, agreements, date_from, date_to):
        """{agreement id: {turnover, turnover_annualised, window_days, variance_pct,
        stockout_incidents, stockout_incidents_per_month, stockouts_by_month,
        dispute_resolution_days, dispute_count, avg_days, cash_benefit, consumed_value,
        avg_stock_value, stock_value_days, outflow_value, variance_value, expected_value,
        the targets, the ``*_on_target`` flags, target_missed}} over the part of the days
        ``date_from`` to ``date_to`` each agreement was active; values in the agreement's
        currency."""
        if not agreements:
            return {}
        date_from = fields.Date.to_date(date_from)
        date_to = fields.Date.to_date(date_to)
        agreements = agreements.sudo()
        # Pricing reads each line's product unit one product at a time: load them at once.
        agreements.line_ids.product_id.mapped("uom_id")
        windows = self._get_windows(agreements, date_from, date_to)
        levels, outflows, runouts = self._get_stock_levels(agreements, windows)
        consumed = self._get_consumed_values(agreements, windows)
        count_lines = self._get_validated_count_lines(agreements, windows)
        disputes = self._get_dispute_days(agreements, date_from, date_to)
        result = {}
        for agreement in agreements:
            window = windows[agreement.id]
            days = (window[1] - window[0]).days + 1 if window else 0
            values = {
                "window_days": days,
                "consumed_value": consumed.get(agreement.id, 0.0),
                "dispute_resolution_days": disputes.get(agreement.id, (0.0, 0))[0],
                "dispute_count": disputes.get(agreement.id, (0.0, 0))[1],
                **self._get_stock_values(agreement, levels, outflows, runouts, date_to, days),
                **self._get_variance_values(agreement, count_lines[agreement]),
            }
            values.update(self._get_ratios(values, days))
            values["cash_benefit"] = self._get_cash_benefit(agreement, values)
            values.update(self._get_target_values(agreement, agreement.company_id, values))
            result[agreement.id] = values
        return result

    def _get_window_rows(self, agreements, windows):
        """(agreement id, start, end, first day, days) of each agreement active in the
        period: its window as datetimes [start, end) of its days in its time zone."""
        tz = agreements._get_day_tz()
        rows = []
        for agreement in agreements:
            if not windows.get(agreement.id):
                continue
            first, last = windows[agreement.id]
            start, end = period_bounds(first, last, tz)
            rows.append((agreement.id, start, end, first, (last - first).days + 1))
        return rows

    def _get_consumed_values(self, agreements, windows):
        """{agreement id: value the ledger recorded as consumed over its window}: one query
        joining the windows, where a domain would OR one clause per agreement."""
        rows = self._get_window_rows(agreements, windows)
        if not rows:
            return {}
        Consumption = self.env["consignment.consumption"]
        query = SQL(
            """
            SELECT consumption.agreement_id, SUM(consumption.amount)
              FROM consignment_consumption consumption
              JOIN unnest(%(agreements)s::int[], %(starts)s::timestamp[], %(ends)s::timestamp[])
                   AS win(agreement_id, w_start, w_end)
                ON win.agreement_id = consumption.agreement_id
             WHERE consumption.state != 'cancelled'
               AND consumption.date >= win.w_start AND consumption.date < win.w_end
             GROUP BY consumption.agreement_id
            """,
            agreements=[row[0] for row in rows],
            starts=[row[1] for row in rows],
            ends=[row[2] for row in rows],
            to_flush=[
                Consumption._fields[name] for name in ("agreement_id", "amount", "state", "date")
            ],
        )
        return {
            agreement_id: amount or 0.0 for agreement_id, amount in self.env.execute_query(query)
        }

    def _get_validated_count_lines(self, agreements, windows):
        """{agreement: its lines of the counts validated with a date within its window}."""
        by_agreement = defaultdict(lambda: self.env["consignment.count.line"])
        active = [agreement_id for agreement_id, window in windows.items() if window]
        if not active:
            return by_agreement
        # One range over all the windows, each line then kept within its own agreement's.
        lines = (
            self.env["consignment.count.line"]
            .sudo()
            .search(
                [
                    ("count_id.state", "=", "validated"),
                    ("count_id.agreement_id", "in", active),
                    ("count_id.date", ">=", min(windows[id_][0] for id_ in active)),
                    ("count_id.date", "<=", max(windows[id_][1] for id_ in active)),
                ]
            )
        )
        for agreement, agreement_lines in lines.grouped(
            lambda line: line.count_id.agreement_id
        ).items():
            first, last = windows[agreement.id]
            by_agreement[agreement] = agreement_lines.filtered(
                lambda line, first=first, last=last: first <= line.count_id.date <= last
            )
        return by_agreement

    def _get_dispute_days(self, agreements, date_from, date_to):
        """{agreement id: (average days its disputes resolved in the period took, how many
        they are)}, from the disputes model when it is installed; agreements without a
        resolved dispute in the period are left out. The count lets a total over several
        agreements average over their disputes, not over their averages."""
        if "consignment.dispute" not in self.env:
            return {}
        start, end = period_bounds(date_from, date_to)
        groups = (
            self.env["consignment.dispute"]
            .sudo()
            ._read_group(
                [
                    ("agreement_id", "in", agreements.ids),
                    ("state", "=", "resolved"),
                    ("resolved_date", ">=", start),
                    ("resolved_date", "<", end),
                ],
                ["agreement_id"],
                ["resolution_days:sum", "__count"],
            )
        )
        return {agreement.id: (days / count, count) for agreement, days, count in groups}

    def _get_stock_values(self, agreement, levels, outflows, runouts, date_to, days):
        """Average value, value-days, value that left and run-outs of ``agreement``'s stock
        over its window of ``days`` days, at its prices of ``date_to``, from
        ``_get_stock_levels``."""
        value_days = out_value = 0.0
        incidents = defaultdict(int)
        # {(product id, month): [run-outs, average stock value of the month]}
        by_product_month = {}
        lines_of_product = agreement.line_ids.grouped("product_id")
        # A product listed in several price versions counts once.
        for product, product_lines in lines_of_product.items():
            key = (agreement.id, product.id)
            if key not in levels and key not in outflows:
                continue
            price = agreement._get_price(product, date_to, lines=product_lines)
            for month, average, month_days in levels.get(key, []):
                value_days += average * month_days * price
                by_product_month[product.id, month] = [0, average * price]
            out_value += outflows.get(key, 0.0) * price
            for month, count in runouts.get(key, {}).items():
                incidents[month] += count
                by_product_month.setdefault((product.id, month), [0, 0.0])[0] += count
        return {
            "avg_stock_value": value_days / days if days else 0.0,
            "stock_value_days": value_days,
            "outflow_value": out_value,
            "stockout_incidents": sum(incidents.values()),
            "stockouts_by_month": dict(incidents),
            "by_product_month": by_product_month,
        }

    def _get_variance_values(self, agreement, count_lines):
        """Value of the differences ``count_lines`` found, and of what they expected, at
        ``agreement``'s prices of each count's date."""
        variance_value = expected_value = 0.0
        lines_of_product = agreement.line_ids.grouped("product_id")
        for count_line in count_lines:
            price = agreement._get_price(
                count_line.product_id,
                count_line.count_id.date,
                lines=lines_of_product.get(count_line.product_id, agreement.line_ids[:0]),
            )
            variance_value += abs(count_line.variance_qty) * price
            expected_value += max(count_line.expected_qty, 0.0) * price
        return {"variance_value": variance_value, "expected_value": expected_value}

    def _get_ratios(self, values, days):
        """Turnover, count variance (%), stock-out incidents per month and days on location
        from the amounts of ``values`` over a window of ``days`` days: those of an agreement,
        or their sums over several.

        Turnover is annualised (x 365 / days) only over a window of at least
        ``KPI_MIN_DAYS`` days; over a shorter one it is the turnover of the window itself,
        so that a few days never extrapolate into a year. Incidents per month divide by the
        window's months (days x 12 / 365), a window shorter than a month counting as one."""
        value_days = values["stock_value_days"]
        out_value = values["outflow_value"]
        variance_value = values["variance_value"]
        expected_value = values["expected_value"]
        annualised = days >= KPI_MIN_DAYS
        turnover = values["consumed_value"] * days / value_days if value_days else 0.0
        if annualised:
            turnover *= KPI_DAYS / days
        if expected_value:
            variance_pct = variance_value / expected_value * 100.0
        else:
            # Goods found where none were expected: the count is off by all it found.
            variance_pct = 100.0 if variance_value else 0.0
        months = max(days * 12 / KPI_DAYS, 1.0)
        return {
            "turnover": turnover,
            "turnover_annualised": annualised,
            "variance_pct": variance_pct,
            "stockout_incidents_per_month": values["stockout_incidents"] / months,
            "avg_days": value_days / out_value if out_value else 0.0,
        }

    def _get_cash_benefit(self, agreement, values):
        """Cost of capital saved by holding a vendor's goods: average consigned stock value x
        the company's cost-of-capital rate x active days / 365."""
        if agreement.consignment_type != "vendor":
            return 0.0
        rate = agreement.company_id.consignment_capital_rate or 0.0
        return agreement.currency_id.round(values["stock_value_days"] / KPI_DAYS * rate / 100.0)

    def _get_target_values(self, agreement, company, values):
        """The targets that apply (the agreement's where set, else the company's) and whether
        each figure of ``values`` meets its target. A turnover that is not annualised, or of
        a window without stock, is not judged; neither is a variance without counts."""
        target_turnover = (agreement.target_turnover if agreement else 0.0) or (
            company.consignment_target_turnover
        )
        target_variance = (agreement.target_variance_pct if agreement else 0.0) or (
            company.consignment_target_variance_pct
        )
        target_stockouts = company.consignment_target_stockouts
        target_dispute = company.consignment_target_dispute_days
        flags = {
            "turnover_on_target": bool(
                not target_turnover
                or not values["turnover_annualised"]
                or not values["stock_value_days"]
                or values["turnover"] >= target_turnover
            ),
            "variance_on_target": bool(
                not target_variance
                or not (values["expected_value"] or values["variance_value"])
                or values["variance_pct"] <= target_variance
            ),
            # As float_compare to 2 digits, a thousand agreements at a time.
            "stockout_on_target": round(
                values["stockout_incidents_per_month"] - target_stockouts, 2
            )
            <= 0,
            "dispute_on_target": bool(
                not target_dispute or values["dispute_resolution_days"] <= target_dispute
            ),
        }
        return {
            "target_turnover": target_turnover,
            "target_variance_pct": target_variance,
            "target_stockouts": target_stockouts,
            "target_dispute_days": target_dispute,
            **flags,
            "target_missed": not all(flags.values()),
        }

    def _get_total_kpis(self, agreements, kpis, company, date_from, date_to, windows=None):
        """The key figures of ``agreements`` taken together, from their ``kpis`` (amounts in
        each agreement's company currency, as the monthly facts hold them): amounts
        converted into ``company``'s currency at ``date_to`` and added up, and the ratios of
        these sums over the days any of them was active (``windows`` of ``_get_windows``,
        computed when not given); judged against ``company``'s targets."""
        totals = dict.fromkeys(KPI_AMOUNTS, 0.0)
        active = agreements.filtered(lambda agreement: kpis[agreement.id]["window_days"])
        # Added up per currency, then converted: one conversion per currency.
        by_currency = defaultdict(lambda: dict.fromkeys(KPI_AMOUNTS, 0.0))
        for agreement in active:
            sums = by_currency[agreement.company_id.currency_id]
            for key in KPI_AMOUNTS:
                sums[key] += kpis[agreement.id][key]
        for currency, sums in by_currency.items():
            for key in KPI_AMOUNTS:
                totals[key] += currency._convert(
                    sums[key], company.currency_id, company, date_to, round=False
                )
        totals["stockout_incidents"] = sum(
            kpis[agreement.id]["stockout_incidents"] for agreement in active
        )
        # Over all the resolved disputes: an agreement with many weighs more than one with one.
        dispute_count = sum(kpis[agreement.id]["dispute_count"] for agreement in active)
        dispute_days = sum(
            kpis[agreement.id]["dispute_resolution_days"] * kpis[agreement.id]["dispute_count"]
            for agreement in active
        )
        totals["dispute_count"] = dispute_count
        totals["dispute_resolution_days"] = dispute_days / dispute_count if dispute_count else 0.0
        if windows is None:
            windows = self._get_windows(active, fields.Date.to_date(date_from), date_to)
        days = 0
        if active:
            first = min(windows[agreement.id][0] for agreement in active)
            last = max(windows[agreement.id][1] for agreement in active)
            days = (last - first).days + 1
        totals["window_days"] = days
        totals["avg_stock_value"] = totals["stock_value_days"] / days if days else 0.0
        totals.update(self._get_ratios(totals, days))
        totals.update(self._get_target_values(None, company, totals))
        return totals
