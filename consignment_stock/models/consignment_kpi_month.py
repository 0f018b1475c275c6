from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import SQL, date_utils

from .consignment_kpi_engine import KPI_AMOUNTS, KPI_MIN_DAYS
from .consignment_kpi_figures import (
    DISPUTE_HELP,
    KPI_YEAR_FIELDS,
    PER_MONTH_HELP,
    TURNOVER_HELP,
    VARIANCE_HELP,
)
from .consignment_tools import KPI_DAYS

# Months before the current one that the 12-month columns of the agreement cover.
YEAR_MONTHS = 12

# The additive measures of a month, as the key-figure engine names them.
MONTH_MEASURES = (
    "window_days",
    "consumed_value",
    "stock_value_days",
    "outflow_value",
    "variance_value",
    "expected_value",
    "stockout_incidents",
    "dispute_count",
    "dispute_days",
    "cash_benefit",
)
# The ratios of a month, stored for the list; over any group of months and agreements the
# pivot and the spreadsheets read them as ratios of the group's sums (``_read_group_select``).
RATIO_MEASURES = (
    "turnover",
    "variance_pct",
    "stockout_incidents_per_month",
    "dispute_resolution_days",
)


class ConsignmentKpiMonth(models.Model):
    """Additive key-figure facts of one agreement over one month, pre-aggregated by the
    key-figure engine so that any run of whole months is a sum: the agreement list, the
    dashboard and the pivots read these rows, not the move lines. Written only by the
    refresh (as superuser); every ratio (turnover, variance %, incidents per month, dispute
    days) follows from the sums by the engine's own formulas. Amounts are in the company's
    currency, converted at the rate of the month's last day (today for the current month),
    so that the facts of agreements in different currencies add up."""

    _name = "consignment.kpi.month"
    _inherit = ["consignment.kpi.fact.mixin"]
    _description = "Consignment Key Figures per Month"
    _order = "month desc, agreement_id"
    _rec_name = "agreement_id"

    window_days = fields.Integer(
        string="Active Days",
        readonly=True,
        aggregator="sum",
        help="Days of the month the agreement was active, up to today.",
    )
    consumed_value = fields.Monetary(
        currency_field="currency_id",
        readonly=True,
        help="Value of the goods consumed in the month, at the agreement prices.",
    )
    stock_value_days = fields.Float(
        string="Stock Value x Days",
        readonly=True,
        help="Sum over the active days of the end-of-day stock value: divided by the active "
        "days, the average stock value.",
    )
    outflow_value = fields.Monetary(
        currency_field="currency_id",
        readonly=True,
        help="Value of the goods that left the consignment location in the month.",
    )
    variance_value = fields.Monetary(
        currency_field="currency_id",
        readonly=True,
        help="Value of the differences the counts validated in the month found.",
    )
    expected_value = fields.Monetary(
        currency_field="currency_id",
        readonly=True,
        help="Expected value of the stock the counts validated in the month counted.",
    )
    stockout_incidents = fields.Integer(
        string="Stock-out Incidents",
        readonly=True,
        aggregator="sum",
        help="Times a product of the agreement ran out at its location in the month.",
    )
    dispute_count = fields.Integer(
        string="Resolved Disputes",
        readonly=True,
        aggregator="sum",
        help="Disputes of the agreement resolved in the month.",
    )
    dispute_days = fields.Float(
        readonly=True,
        help="Days the disputes resolved in the month took, added up: divided by their "
        "number, the average resolution time.",
    )
    cash_benefit = fields.Monetary(
        currency_field="currency_id",
        readonly=True,
        help="Vendor consignment: cost of capital saved in the month by holding the vendor's "
        "goods.",
    )

    turnover = fields.Float(digits=(16, 2), readonly=True, aggregator="avg", help=TURNOVER_HELP)
    variance_pct = fields.Float(
        string="Variance (%)",
        digits=(16, 2),
        readonly=True,
        aggregator="avg",
        help=VARIANCE_HELP,
    )
    stockout_incidents_per_month = fields.Float(
        string="Stock-outs per Month",
        digits=(16, 2),
        readonly=True,
        aggregator="avg",
        help=PER_MONTH_HELP,
    )
    dispute_resolution_days = fields.Float(
        digits=(16, 2), readonly=True, aggregator="avg", help=DISPUTE_HELP
    )

    _agreement_month_unique = models.Constraint(
        "UNIQUE(agreement_id, month)", "An agreement has one row of key figures per month."
    )

    @api.model
    def _month_range(self, first, last):
        """The first days of the months from ``first``'s to ``last``'s."""
        month = date_utils.start_of(first, "month")
        months = []
        while month <= last:
            months.append(month)
            month += relativedelta(months=1)
        return months

    @api.model
    def _lock_agreements(self, agreements):
        """The agreements of ``agreements`` this transaction now holds for the refresh. A
        transaction-level advisory lock per agreement, taken without waiting: a concurrent
        refresh leaves the agreements another one works on to it (as SKIP LOCKED does), while
        the agreement rows stay free for their users during the minutes a refresh of all
        agreements may take."""
        if not agreements:
            return agreements
        rows = self.env.execute_query(
            SQL(
                """
                SELECT id FROM unnest(%s::int[]) AS id
                 WHERE pg_try_advisory_xact_lock('consignment_kpi_month'::regclass::oid::int, id)
                 ORDER BY id
                """,
                sorted(agreements.ids),
            )
        )
        return agreements.browse([row[0] for row in rows])

    def _read_group_select(self, aggregate_spec, query):
        """A ratio over a group of facts is the ratio of the group's sums, by the formulas of
        ``consignment.kpi.engine._get_ratios``: never an average of monthly ratios. Its days
        are those of one agreement of the group on average (not the agreements' days added
        up): a month of several agreements is a month, annualised or not as each of them."""
        name, _sep, func = aggregate_spec.partition(":")
        if func != "avg" or name not in RATIO_MEASURES:
            return super()._read_group_select(aggregate_spec, query)

        def total(field_name):
            return SQL("SUM(%s)", self._field_to_sql(self._table, field_name, query))

        days = SQL(
            "(%s::float / NULLIF(COUNT(DISTINCT %s), 0))",
            total("window_days"),
            self._field_to_sql(self._table, "agreement_id", query),
        )
        if name == "turnover":
            return SQL(
                "COALESCE(CASE WHEN %(days)s >= %(min_days)s THEN %(year)s ELSE %(days)s END"
                " * %(consumed)s / NULLIF(%(value_days)s, 0), 0)",
                days=days,
                min_days=KPI_MIN_DAYS,
                year=KPI_DAYS,
                consumed=total("consumed_value"),
                value_days=total("stock_value_days"),
            )
        if name == "variance_pct":
            return SQL(
                "CASE WHEN %(expected)s > 0 THEN %(variance)s * 100.0 / %(expected)s"
                " WHEN %(variance)s > 0 THEN 100.0 ELSE 0.0 END",
                expected=total("expected_value"),
                variance=total("variance_value"),
            )
        if name == "stockout_incidents_per_month":
            return SQL(
                "COALESCE(%s / GREATEST(%s * 12.0 / %s, 1.0), 0)",
                total("stockout_incidents"),
                days,
                KPI_DAYS,
            )
        return SQL("COALESCE(%s / NULLIF(%s, 0), 0)", total("dispute_days"), total("dispute_count"))

    @api.model
    def _get_company_rates(self, agreements, dates):
        """{(agreement id, date): rate from the agreement's currency into its company's on
        that date}, one rate per currency, company and date."""
        rates, result = {}, {}
        for agreement in agreements:
            currency, company = agreement.currency_id, agreement.company_id
            for day in dates:
                key = (currency.id, company.id, day)
                if key not in rates:
                    rates[key] = currency._get_conversion_rate(
                        currency, company.currency_id, company, day
                    )
                result[agreement.id, day] = rates[key]
        return result

    @api.model
    def _refresh_kpi_months(self, agreements, months):
        """Compute the facts of ``agreements`` over each month of ``months`` (first days)
        with the key-figure engine, all agreements of a month at once, and upsert them, with
        the facts per product: a re-run replaces the rows, a month without active days loses
        its rows. Then the agreements' 12-month columns. Returns the agreements refreshed."""
        agreements = self._lock_agreements(agreements.sudo())
        if not agreements or not months:
            return agreements
        engine = self.env["consignment.kpi.engine"]
        today = fields.Date.context_today(self)
        months = sorted(set(months))
        # A month's amounts at the rate of its last day, the current month's at today's.
        rate_days = {month: min(date_utils.end_of(month, "month"), today) for month in months}
        rates = self._get_company_rates(agreements, set(rate_days.values()))
        rows, product_rows, refreshed = [], [], []
        for month in months:
            last = date_utils.end_of(month, "month")
            for agreement_id, values in engine._get_kpis(agreements, month, last).items():
                refreshed.append((agreement_id, month))
                if not values["window_days"]:
                    continue
                rate = rates[agreement_id, rate_days[month]]
                values = dict(
                    values,
                    dispute_days=values["dispute_resolution_days"] * values["dispute_count"],
                    **{name: values[name] * rate for name in KPI_AMOUNTS},
                )
                rows.append(
                    (
                        agreement_id,
                        month,
                        *(values[name] for name in MONTH_MEASURES + RATIO_MEASURES),
                    )
                )
                product_rows.extend(
                    (agreement_id, product_id, month, incidents, value * rate)
                    for (product_id, _month), (incidents, value) in values[
                        "by_product_month"
                    ].items()
                )
        self._upsert_months(rows, refreshed)
        self.env["consignment.kpi.product.month"]._replace_months(product_rows, refreshed)
        self._refresh_kpi_year(agreements)
        return agreements

    def _upsert_months(self, rows, refreshed):
        """One INSERT .. ON CONFLICT for ``rows`` (agreement, month, measures, ratios) and
        one DELETE for the (agreement, month) pairs of ``refreshed`` without a row."""
        self.flush_model()
        names = MONTH_MEASURES + RATIO_MEASURES
        if rows:
            columns = list(zip(*rows, strict=True))
            measures = SQL(", ").join(SQL.identifier(name) for name in names)
            self.env.execute_query(
                SQL(
                    """
                    INSERT INTO consignment_kpi_month AS fact
                           (agreement_id, month, company_id, partner_id, consignment_type,
                            currency_id, %(measures)s, create_uid, create_date, write_uid,
                            write_date)
                    SELECT data.agreement_id, data.month, agreement.company_id,
                           agreement.partner_id, agreement.consignment_type,
                           company.currency_id, %(data_measures)s, %(uid)s,
                           now() AT TIME ZONE 'UTC', %(uid)s, now() AT TIME ZONE 'UTC'
                      FROM unnest(%(agreements)s::int[], %(months)s::date[], %(arrays)s)
                           AS data(agreement_id, month, %(measures)s)
                      JOIN consignment_agreement agreement ON agreement.id = data.agreement_id
                      JOIN res_company company ON company.id = agreement.company_id
                    ON CONFLICT (agreement_id, month) DO UPDATE
                       SET %(updates)s, currency_id = EXCLUDED.currency_id,
                           write_uid = EXCLUDED.write_uid, write_date = EXCLUDED.write_date
                    """,
                    measures=measures,
                    data_measures=SQL(", ").join(
                        SQL("data.%s", SQL.identifier(name)) for name in names
                    ),
                    uid=self.env.uid,
                    agreements=list(columns[0]),
                    months=list(columns[1]),
                    arrays=SQL(", ").join(
                        SQL("%s::float[]", [float(value or 0.0) for value in column])
                        for column in columns[2:]
                    ),
                    updates=SQL(", ").join(
                        SQL("%s = EXCLUDED.%s", SQL.identifier(name), SQL.identifier(name))
                        for name in names
                    ),
                )
            )
        kept = {(row[0], row[1]) for row in rows}
        empty = [pair for pair in refreshed if pair not in kept]
        if empty:
            self.env.execute_query(
                SQL(
                    """
                    DELETE FROM consignment_kpi_month fact
                     USING unnest(%s::int[], %s::date[]) AS gone(agreement_id, month)
                     WHERE fact.agreement_id = gone.agreement_id AND fact.month = gone.month
                    """,
                    [pair[0] for pair in empty],
                    [pair[1] for pair in empty],
                )
            )
        self.invalidate_model()

    @api.model
    def _get_year_period(self):
        """First and last day of the 12-month columns: the last 12 whole months and the
        current month to date."""
        today = fields.Date.context_today(self)
        return date_utils.start_of(today, "month") - relativedelta(months=YEAR_MONTHS), today

    @api.model
    def _get_year_figures(self, agreements):
        """{agreement id: key figures} over the 12-month period."""
        return self._get_period_figures(agreements, *self._get_year_period())[0]

    @api.model
    def _get_period_figures(self, agreements, date_from, date_to):
        """({agreement id: key figures}, {agreement id: (months with facts, oldest refresh)})
        over the whole months from ``date_from``'s to ``date_to``'s, from the sums of the
        facts by the engine's formulas, in one query; amounts in the company's currency."""
        engine = self.env["consignment.kpi.engine"]
        groups = self.sudo()._read_group(
            [
                ("agreement_id", "in", agreements.ids),
                ("month", ">=", date_utils.start_of(date_from, "month")),
                ("month", "<=", date_to),
            ],
            ["agreement_id"],
            [*(f"{name}:sum" for name in MONTH_MEASURES), "__count", "write_date:min"],
        )
        size = len(MONTH_MEASURES)
        sums, found = {}, {}
        for agreement, *aggregates in groups:
            sums[agreement.id] = dict(zip(MONTH_MEASURES, aggregates[:size], strict=True))
            found[agreement.id] = tuple(aggregates[size:])
        figures = {}
        for agreement in agreements.sudo():
            values = sums.get(agreement.id) or dict.fromkeys(MONTH_MEASURES, 0)
            days = values["window_days"]
            count = values["dispute_count"]
            values["dispute_resolution_days"] = values["dispute_days"] / count if count else 0.0
            values["avg_stock_value"] = values["stock_value_days"] / days if days else 0.0
            values.update(engine._get_ratios(values, days))
            values.update(engine._get_target_values(agreement, agreement.company_id, values))
            figures[agreement.id] = values
        return figures, found

    @api.model
    def _get_active_months(self, windows, months):
        """{agreement id: [months of ``months`` it was active in]}, from its ``windows`` of
        the engine's ``_get_windows`` over these months."""
        result = {}
        for agreement_id, window in windows.items():
            if window:
                first = date_utils.start_of(window[0], "month")
                result[agreement_id] = [month for month in months if first <= month <= window[1]]
        return result

    @api.model
    def _get_missing_months(self, agreements, months, found=None, windows=None):
        """{month: agreement ids} of the months of ``months`` an agreement of
        ``agreements`` was active in whose facts are not stored. Given ``found`` of
        ``_get_period_figures``, only the agreements with fewer rows than active months are
        looked at: none when each has a row per active month. ``windows``: the agreements'
        over the months, computed when not given."""
        if windows is None:
            windows = self.env["consignment.kpi.engine"]._get_windows(
                agreements, months[0], date_utils.end_of(months[-1], "month")
            )
        active = self._get_active_months(windows, months)
        incomplete = [
            agreement_id
            for agreement_id, agreement_months in active.items()
            if found is None or found.get(agreement_id, (0,))[0] != len(agreement_months)
        ]
        if not incomplete:
            return {}
        stored = {
            (agreement.id, month)
            for agreement, month in self.sudo()._read_group(
                [("agreement_id", "in", incomplete), ("month", "in", months)],
                ["agreement_id", "month:day"],
            )
        }
        missing = defaultdict(list)
        for agreement_id in incomplete:
            for month in active[agreement_id]:
                if (agreement_id, month) not in stored:
                    missing[month].append(agreement_id)
        return missing

    @api.model
    def _refresh_kpi_year(self, agreements):
        """Write the agreements' 12-month columns from their facts, in one UPDATE."""
        if not agreements:
            return
        figures = self._get_year_figures(agreements)
        ids = list(figures)
        agreements.flush_recordset(list(KPI_YEAR_FIELDS))
        self.env.execute_query(
            SQL(
                """
                UPDATE consignment_agreement agreement
                   SET kpi_year_turnover = data.turnover,
                       kpi_year_variance_pct = data.variance_pct,
                       kpi_year_stockout_incidents = data.incidents,
                       kpi_year_dispute_days = data.dispute_days,
                       kpi_year_target_missed = data.missed,
                       kpi_refreshed_on = now() AT TIME ZONE 'UTC'
                  FROM unnest(%s::int[], %s::float[], %s::float[], %s::int[], %s::float[],
                              %s::bool[])
                       AS data(id, turnover, variance_pct, incidents, dispute_days, missed)
                 WHERE agreement.id = data.id
                """,
                ids,
                [figures[id_]["turnover"] for id_ in ids],
                [figures[id_]["variance_pct"] for id_ in ids],
                [int(figures[id_]["stockout_incidents"]) for id_ in ids],
                [figures[id_]["dispute_resolution_days"] for id_ in ids],
                [bool(figures[id_]["target_missed"]) for id_ in ids],
            )
        )
        agreements.invalidate_recordset(list(KPI_YEAR_FIELDS))

    @api.model
    def _cron_refresh_kpi_months(self):
        """Daily: the current and the previous month of the running agreements, and every
        month of the 12-month period an agreement was active in that has no row yet."""
        Agreement = self.env["consignment.agreement"].sudo()
        today = fields.Date.context_today(self)
        current = date_utils.start_of(today, "month")
        running = Agreement.search([("state", "in", ("active", "terminating"))])
        self._refresh_kpi_months(running, [current - relativedelta(months=1), current])
        date_from, date_to = self._get_year_period()
        started = Agreement.search([("state", "!=", "draft"), ("date_start", "<=", date_to)])
        missing = self._get_missing_months(started, self._month_range(date_from, date_to))
        for month, agreement_ids in missing.items():
            self._refresh_kpi_months(Agreement.browse(agreement_ids), [month])
        self._refresh_kpi_year(started - running)
