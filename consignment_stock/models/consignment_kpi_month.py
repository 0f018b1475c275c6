from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import SQL, date_utils

from .consignment_kpi_figures import KPI_YEAR_FIELDS

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


class ConsignmentKpiMonth(models.Model):
    """Additive key-figure facts of one agreement over one month, pre-aggregated by the
    key-figure engine so that any run of whole months is a sum: the agreement list and the
    pivots read these rows, not the move lines. Written only by the refresh (as superuser);
    every ratio (turnover, variance %, incidents per month, dispute days) follows from the
    sums by the engine's own formulas."""

    _name = "consignment.kpi.month"
    _description = "Consignment Key Figures per Month"
    _order = "month desc, agreement_id"
    _rec_name = "agreement_id"

    agreement_id = fields.Many2one(
        "consignment.agreement",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
        help="The agreement these figures are of.",
    )
    month = fields.Date(
        required=True, readonly=True, index=True, help="First day of the month of the figures."
    )
    company_id = fields.Many2one(related="agreement_id.company_id", store=True, index=True)
    partner_id = fields.Many2one(related="agreement_id.partner_id", store=True)
    consignment_type = fields.Selection(related="agreement_id.consignment_type", store=True)
    currency_id = fields.Many2one(related="agreement_id.currency_id", store=True)
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

    @api.model
    def _refresh_kpi_months(self, agreements, months):
        """Compute the facts of ``agreements`` over each month of ``months`` (first days)
        with the key-figure engine, all agreements of a month at once, and upsert them: a
        re-run replaces the rows, a month without active days loses its row. Then the
        agreements' 12-month columns. Returns the agreements refreshed."""
        agreements = self._lock_agreements(agreements.sudo())
        if not agreements or not months:
            return agreements
        engine = self.env["consignment.kpi.engine"]
        rows, empty = [], []
        for month in sorted(set(months)):
            last = date_utils.end_of(month, "month")
            for agreement_id, values in engine._get_kpis(agreements, month, last).items():
                if not values["window_days"]:
                    empty.append((agreement_id, month))
                    continue
                values = dict(
                    values,
                    dispute_days=values["dispute_resolution_days"] * values["dispute_count"],
                )
                rows.append((agreement_id, month, *(values[name] for name in MONTH_MEASURES)))
        self._upsert_months(rows, empty)
        self._refresh_kpi_year(agreements)
        return agreements

    def _upsert_months(self, rows, empty):
        """One INSERT .. ON CONFLICT for ``rows`` (agreement, month, measures) and one
        DELETE for the (agreement, month) pairs of ``empty``."""
        self.flush_model()
        if rows:
            columns = list(zip(*rows, strict=True))
            measures = SQL(", ").join(SQL.identifier(name) for name in MONTH_MEASURES)
            self.env.execute_query(
                SQL(
                    """
                    INSERT INTO consignment_kpi_month AS fact
                           (agreement_id, month, company_id, partner_id, consignment_type,
                            currency_id, %(measures)s, create_uid, create_date, write_uid,
                            write_date)
                    SELECT data.agreement_id, data.month, agreement.company_id,
                           agreement.partner_id, agreement.consignment_type,
                           agreement.currency_id, %(data_measures)s, %(uid)s,
                           now() AT TIME ZONE 'UTC', %(uid)s, now() AT TIME ZONE 'UTC'
                      FROM unnest(%(agreements)s::int[], %(months)s::date[], %(arrays)s)
                           AS data(agreement_id, month, %(measures)s)
                      JOIN consignment_agreement agreement ON agreement.id = data.agreement_id
                    ON CONFLICT (agreement_id, month) DO UPDATE
                       SET %(updates)s, write_uid = EXCLUDED.write_uid,
                           write_date = EXCLUDED.write_date
                    """,
                    measures=measures,
                    data_measures=SQL(", ").join(
                        SQL("data.%s", SQL.identifier(name)) for name in MONTH_MEASURES
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
                        for name in MONTH_MEASURES
                    ),
                )
            )
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
        """{agreement id: key figures} over the 12-month period, from the sums of the facts
        by the engine's formulas."""
        engine = self.env["consignment.kpi.engine"]
        date_from, date_to = self._get_year_period()
        groups = self.sudo()._read_group(
            [("agreement_id", "in", agreements.ids), ("month", ">=", date_from)],
            ["agreement_id"],
            [f"{name}:sum" for name in MONTH_MEASURES],
        )
        sums = {group[0].id: dict(zip(MONTH_MEASURES, group[1:], strict=True)) for group in groups}
        figures = {}
        for agreement in agreements.sudo():
            values = sums.get(agreement.id) or dict.fromkeys(MONTH_MEASURES, 0)
            days = values["window_days"]
            count = values["dispute_count"]
            values["dispute_resolution_days"] = values["dispute_days"] / count if count else 0.0
            values.update(engine._get_ratios(values, days))
            values.update(engine._get_target_values(agreement, agreement.company_id, values))
            figures[agreement.id] = values
        return figures

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
        done = {
            (agreement.id, month)
            for agreement, month in self.sudo()._read_group(
                [("agreement_id", "in", started.ids), ("month", ">=", date_from)],
                ["agreement_id", "month:day"],
            )
        }
        missing = {}
        for agreement in started:
            first = max(date_from, agreement.date_start or date_from)
            last = min(date_to, agreement.date_end or date_to)
            for month in self._month_range(first, last):
                if (agreement.id, month) not in done:
                    missing.setdefault(month, []).append(agreement.id)
        for month, agreement_ids in missing.items():
            self._refresh_kpi_months(Agreement.browse(agreement_ids), [month])
        self._refresh_kpi_year(started - running)
