from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL

from .consignment_tools import KPI_DAYS, period_bounds

# The amounts of a result of ``_get_kpis``, in the agreement's currency, that add up over
# several agreements.
KPI_AMOUNTS = (
    "consumed_value",
    "avg_stock_value",
    "outflow_value",
    "variance_value",
    "expected_value",
    "cash_benefit",
)


class ConsignmentKpiEngine(models.AbstractModel):
    """The key figures of consignment agreements over a period (turnover, count variance,
    stock-out days, days on location, cash benefit), set-based: a fixed number of queries
    for any number of agreements. Serves the agreement's key-figure fields and the
    dashboard."""

    _name = "consignment.kpi.engine"
    _description = "Consignment Key Figures Engine"

    def _get_kpi_locations(self, agreements):
        """{location id: [agreement ids]} of every location inside the agreements' locations."""
        roots = agreements.filtered("location_id")
        if not roots:
            return {}
        locations = (
            self.env["stock.location"]
            .sudo()
            .with_context(active_test=False)
            .search([("id", "child_of", roots.location_id.ids)])
        )
        result = defaultdict(list)
        for location in locations:
            path = location.parent_path or ""
            for agreement in roots:
                if path.startswith(agreement.location_id.parent_path):
                    result[location.id].append(agreement.id)
        return result

    def _get_stock_levels(self, agreements, date_from, date_to):
        """Per (agreement, product of its lines): [(month, average end-of-day quantity, days at
        zero or below, days)], and the quantity that left in the period. One set-based query
        for all agreements."""
        location_pairs = [
            (agreement_id, location_id)
            for location_id, agreement_ids in self._get_kpi_locations(agreements).items()
            for agreement_id in agreement_ids
        ]
        product_pairs = list(
            {(line.agreement_id.id, line.product_id.id) for line in agreements.line_ids}
        )
        if not location_pairs or not product_pairs:
            return {}, {}
        start, end = period_bounds(date_from, date_to, agreements._get_day_tz())
        query = self._get_stock_levels_query(location_pairs, product_pairs, start, end)
        return self._group_stock_levels(self.env.execute_query(query))

    def _get_stock_levels_query(self, location_pairs, product_pairs, start, end):
        """Daily balances of each (agreement, product) from the done move lines in and out of
        the agreement's locations (``location_pairs``), summed up per month; then, with no
        month, the quantity that left each of them in [``start``, ``end``)."""
        return SQL(
            """
            WITH loc(agreement_id, location_id) AS (
                SELECT * FROM unnest(%(loc_agreements)s::int[], %(loc_locations)s::int[])
            ), prod(agreement_id, product_id) AS (
                SELECT * FROM unnest(%(prod_agreements)s::int[], %(prod_products)s::int[])
            ), flows AS (
                SELECT ld.agreement_id, sml.product_id, sml.date, sml.quantity_product_uom AS qty
                  FROM stock_move_line sml
                  JOIN loc ld ON ld.location_id = sml.location_dest_id
                 WHERE sml.state = 'done' AND sml.date < %(end)s
                   AND NOT EXISTS (SELECT 1 FROM loc ls WHERE ls.location_id = sml.location_id
                                                          AND ls.agreement_id = ld.agreement_id)
                UNION ALL
                SELECT ls.agreement_id, sml.product_id, sml.date, -sml.quantity_product_uom AS qty
                  FROM stock_move_line sml
                  JOIN loc ls ON ls.location_id = sml.location_id
                 WHERE sml.state = 'done' AND sml.date < %(end)s
                   AND NOT EXISTS (SELECT 1 FROM loc ld WHERE ld.location_id = sml.location_dest_id
                                                          AND ld.agreement_id = ls.agreement_id)
            ), opening AS (
                SELECT agreement_id, product_id, SUM(qty) AS qty
                  FROM flows WHERE date < %(start)s GROUP BY agreement_id, product_id
            ), daily AS (
                SELECT agreement_id, product_id, date_trunc('day', date) AS day, SUM(qty) AS qty
                  FROM flows WHERE date >= %(start)s GROUP BY agreement_id, product_id, date_trunc('day', date)
            ), grid AS (
                SELECT prod.agreement_id, prod.product_id, days.day,
                       COALESCE(opening.qty, 0) + SUM(COALESCE(daily.qty, 0)) OVER (
                           PARTITION BY prod.agreement_id, prod.product_id ORDER BY days.day
                       ) AS balance
                  FROM prod
                 CROSS JOIN generate_series(%(start)s::timestamp, %(last_day)s::timestamp, interval '1 day') AS days(day)
                  LEFT JOIN opening ON opening.agreement_id = prod.agreement_id AND opening.product_id = prod.product_id
                  LEFT JOIN daily ON daily.agreement_id = prod.agreement_id AND daily.product_id = prod.product_id
                                 AND daily.day = days.day
            )
            SELECT agreement_id, product_id, date_trunc('month', day)::date AS month,
                   AVG(GREATEST(balance, 0)), COUNT(*) FILTER (WHERE balance <= 0), COUNT(*),
                   NULL::float AS out_qty
              FROM grid
             GROUP BY agreement_id, product_id, date_trunc('month', day)
            UNION ALL
            SELECT flows.agreement_id, flows.product_id, NULL, NULL, NULL, NULL, -SUM(flows.qty)
              FROM flows
              JOIN prod ON prod.agreement_id = flows.agreement_id AND prod.product_id = flows.product_id
             WHERE flows.date >= %(start)s AND flows.qty < 0
             GROUP BY flows.agreement_id, flows.product_id
            """,
            loc_agreements=[pair[0] for pair in location_pairs],
            loc_locations=[pair[1] for pair in location_pairs],
            prod_agreements=[pair[0] for pair in product_pairs],
            prod_products=[pair[1] for pair in product_pairs],
            start=start,
            end=end,
            last_day=end - timedelta(days=1),
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
        for agreement_id, product_id, month, average, zero_days, days, out_qty in rows:
            if month is None:
                outflows[agreement_id, product_id] = out_qty or 0.0
            else:
                levels[agreement_id, product_id].append((month, average or 0.0, zero_days, days))
        return levels, outflows

    def _get_kpis(self, agreements, date_from, date_to):
        """{agreement id: {turnover, variance_pct, stockout_days, stockouts_by_month,
        avg_days, cash_benefit, consumed_value, avg_stock_value, outflow_value,
        variance_value, expected_value, target_missed}} over the days ``date_from`` to
        ``date_to``; values in the agreement's currency."""
        if not agreements:
            return {}
        date_from = fields.Date.to_date(date_from)
        date_to = fields.Date.to_date(date_to)
        days = (date_to - date_from).days + 1
        agreements = agreements.sudo()
        levels, outflows = self._get_stock_levels(agreements, date_from, date_to)
        consumed = self._get_consumed_values(agreements, date_from, date_to)
        count_lines = self._get_validated_count_lines(agreements, date_from, date_to)
        result = {}
        for agreement in agreements:
            values = {
                "consumed_value": consumed.get(agreement.id, 0.0),
                **self._get_stock_values(agreement, levels, outflows, date_to),
                **self._get_variance_values(agreement, count_lines[agreement]),
            }
            values.update(self._get_ratios(values, days))
            values["cash_benefit"] = self._get_cash_benefit(
                agreement, values["avg_stock_value"], days
            )
            values["target_missed"] = self._is_target_missed(agreement, values)
            result[agreement.id] = values
        return result

    def _get_consumed_values(self, agreements, date_from, date_to):
        """{agreement id: value the ledger recorded as consumed over the days}."""
        start, end = period_bounds(date_from, date_to, agreements._get_day_tz())
        groups = (
            self.env["consignment.consumption"]
            .sudo()
            ._read_group(
                [
                    ("agreement_id", "in", agreements.ids),
                    ("state", "!=", "cancelled"),
                    ("date", ">=", start),
                    ("date", "<", end),
                ],
                ["agreement_id"],
                ["amount:sum"],
            )
        )
        return {agreement.id: amount for agreement, amount in groups}

    def _get_validated_count_lines(self, agreements, date_from, date_to):
        """{agreement: its lines of the counts validated with a date within the days}."""
        lines = (
            self.env["consignment.count.line"]
            .sudo()
            .search(
                [
                    ("count_id.agreement_id", "in", agreements.ids),
                    ("count_id.state", "=", "validated"),
                    ("count_id.date", ">=", date_from),
                    ("count_id.date", "<=", date_to),
                ]
            )
        )
        by_agreement = defaultdict(lambda: self.env["consignment.count.line"])
        by_agreement.update(lines.grouped(lambda line: line.count_id.agreement_id))
        return by_agreement

    def _get_stock_values(self, agreement, levels, outflows, date_to):
        """Average value, value that left and stock-out days of ``agreement``'s stock, at its
        prices of ``date_to``, from ``_get_stock_levels``."""
        avg_value = out_value = 0.0
        stockouts = defaultdict(int)
        # A product listed in several price versions counts once.
        for product in agreement.line_ids.product_id:
            key = (agreement.id, product.id)
            if key not in levels and key not in outflows:
                continue
            price = agreement._get_price(product, date_to)
            months = levels.get(key, [])
            total_days = sum(month_days for _m, _avg, _zero, month_days in months) or 1
            average_qty = (
                sum(avg * month_days for _m, avg, _zero, month_days in months) / total_days
            )
            avg_value += average_qty * price
            out_value += outflows.get(key, 0.0) * price
            for month, _avg, zero_days, _days in months:
                stockouts[month] += zero_days
        return {
            "avg_stock_value": avg_value,
            "outflow_value": out_value,
            "stockout_days": sum(stockouts.values()),
            "stockouts_by_month": dict(stockouts),
        }

    def _get_variance_values(self, agreement, count_lines):
        """Value of the differences ``count_lines`` found, and of what they expected, at
        ``agreement``'s prices of each count's date."""
        variance_value = expected_value = 0.0
        for count_line in count_lines:
            price = agreement._get_price(count_line.product_id, count_line.count_id.date)
            variance_value += abs(count_line.variance_qty) * price
            expected_value += max(count_line.expected_qty, 0.0) * price
        return {"variance_value": variance_value, "expected_value": expected_value}

    def _get_ratios(self, values, days):
        """Turnover per year, count variance (%) and days on location from the amounts of
        ``values`` over ``days`` days: those of an agreement, or their sums over several."""
        avg_value = values["avg_stock_value"]
        out_value = values["outflow_value"]
        variance_value = values["variance_value"]
        expected_value = values["expected_value"]
        turnover = values["consumed_value"] / avg_value * KPI_DAYS / days if avg_value else 0.0
        if expected_value:
            variance_pct = variance_value / expected_value * 100.0
        else:
            # Goods found where none were expected: the count is off by all it found.
            variance_pct = 100.0 if variance_value else 0.0
        avg_days = avg_value * days / out_value if out_value else 0.0
        return {"turnover": turnover, "variance_pct": variance_pct, "avg_days": avg_days}

    def _get_cash_benefit(self, agreement, avg_value, days):
        """Cost of capital saved by holding ``avg_value`` of a vendor's goods ``days`` days."""
        if agreement.consignment_type != "vendor":
            return 0.0
        rate = agreement.company_id.consignment_capital_rate or 0.0
        return agreement.currency_id.round(avg_value * days / KPI_DAYS * rate / 100.0)

    def _is_target_missed(self, agreement, values):
        return bool(
            (agreement.target_turnover and values["turnover"] < agreement.target_turnover)
            or (
                agreement.target_variance_pct
                and values["variance_pct"] > agreement.target_variance_pct
            )
        )

    def _get_total_kpis(self, agreements, kpis, company, date_from, date_to):
        """The key figures of ``agreements`` taken together, from their ``kpis``: amounts
        converted into ``company``'s currency at ``date_to`` and added up, and the ratios of
        these sums."""
        totals = dict.fromkeys(KPI_AMOUNTS, 0.0)
        for agreement in agreements:
            for key in KPI_AMOUNTS:
                totals[key] += agreement.currency_id._convert(
                    kpis[agreement.id][key], company.currency_id, company, date_to
                )
        totals["stockout_days"] = sum(
            kpis[agreement.id]["stockout_days"] for agreement in agreements
        )
        totals.update(self._get_ratios(totals, (date_to - date_from).days + 1))
        return totals


class ConsignmentKpiMixin(models.AbstractModel):
    """The key-figure fields of an agreement and their targets, computed by the engine
    above over the last 365 days."""

    _name = "consignment.kpi.mixin"
    _description = "Consignment Key Figures"

    # The agreement's currency: the cash benefit is in it.
    currency_id = fields.Many2one("res.currency")

    target_turnover = fields.Float(
        string="Turnover Target",
        help="Minimum consignment turnover per year (value consumed over average stock value). "
        "0: no target.",
    )
    target_variance_pct = fields.Float(
        string="Variance Target (%)",
        help="Maximum reconciliation variance of the counts, as a percentage of the expected "
        "stock value. 0: no target.",
    )
    kpi_turnover = fields.Float(
        string="Turnover",
        compute="_compute_kpis",
        digits=(16, 2),
        help="Over the last 365 days: value consumed over average stock value, per year.",
    )
    kpi_variance_pct = fields.Float(
        string="Variance (%)",
        compute="_compute_kpis",
        digits=(16, 2),
        help="Over the last 365 days: value of the counts' differences (missing and found) "
        "over the expected value of the counted stock.",
    )
    kpi_stockout_days = fields.Integer(
        string="Stock-out Days",
        compute="_compute_kpis",
        help="Over the last 365 days: days a product of the agreement sat at zero at the "
        "consignment location, summed over the products.",
    )
    kpi_avg_days = fields.Float(
        string="Days on Location",
        compute="_compute_kpis",
        digits=(16, 1),
        help="Over the last 365 days: how long goods stay at the consignment location on "
        "average (average stock value over the value leaving it per day).",
    )
    kpi_cash_benefit = fields.Monetary(
        string="Cash Benefit",
        compute="_compute_kpis",
        currency_field="currency_id",
        help="Vendor consignment, over the last 365 days: the cost of capital saved by holding "
        "the vendor's goods instead of buying them (average stock value x days x the rate "
        "set in the settings).",
    )
    kpi_target_missed = fields.Boolean(
        string="Misses Targets",
        compute="_compute_kpis",
        search="_search_kpi_target_missed",
        help="The turnover is under its target, or the count variance over its target.",
    )

    _target_turnover_positive = models.Constraint(
        "CHECK(target_turnover >= 0)", "The turnover target cannot be negative."
    )
    _target_variance_positive = models.Constraint(
        "CHECK(target_variance_pct >= 0)", "The variance target cannot be negative."
    )

    def _kpi_default_period(self):
        today = fields.Date.context_today(self)
        return today - timedelta(days=KPI_DAYS - 1), today

    @api.depends("target_turnover", "target_variance_pct")
    @api.depends_context("company")
    def _compute_kpis(self):
        date_from, date_to = self._kpi_default_period()
        kpis = self._get_kpis(date_from, date_to)
        for agreement in self:
            values = kpis.get(agreement.id, {})
            agreement.kpi_turnover = values.get("turnover", 0.0)
            agreement.kpi_variance_pct = values.get("variance_pct", 0.0)
            agreement.kpi_stockout_days = values.get("stockout_days", 0)
            agreement.kpi_avg_days = values.get("avg_days", 0.0)
            agreement.kpi_cash_benefit = values.get("cash_benefit", 0.0)
            agreement.kpi_target_missed = values.get("target_missed", False)

    def _search_kpi_target_missed(self, operator, value):
        if operator not in ("in", "not in"):
            return NotImplemented
        running = self.search([("state", "in", ("active", "terminating"))])
        date_from, date_to = self._kpi_default_period()
        missed = [
            agreement_id
            for agreement_id, values in running._get_kpis(date_from, date_to).items()
            if values["target_missed"]
        ]
        wanted = True in value
        if (operator == "in") == wanted:
            return [("id", "in", missed)]
        return [("id", "not in", missed)]

    def _get_kpis(self, date_from, date_to):
        """{agreement id: {key figure: value}} over the days ``date_from`` to ``date_to``."""
        return self.env["consignment.kpi.engine"]._get_kpis(self, date_from, date_to)
