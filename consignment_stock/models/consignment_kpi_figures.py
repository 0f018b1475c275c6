from datetime import timedelta

from odoo import api, fields, models

from .consignment_tools import KPI_DAYS

# The key figures of ``consignment.kpi.engine._get_kpis`` that the fields of
# ``consignment.kpi.figures`` show, under the same names.
KPI_FIGURES = (
    "window_days",
    "turnover",
    "turnover_annualised",
    "variance_pct",
    "stockout_incidents",
    "stockout_incidents_per_month",
    "dispute_resolution_days",
    "avg_days",
    "cash_benefit",
    "consumed_value",
    "avg_stock_value",
    "target_turnover",
    "target_variance_pct",
    "target_stockouts",
    "target_dispute_days",
    "turnover_on_target",
    "variance_on_target",
    "stockout_on_target",
    "dispute_on_target",
    "target_missed",
)
# The figures the agreement shows in its ``kpi_`` fields.
AGREEMENT_KPI_FIGURES = (
    "window_days",
    "turnover",
    "turnover_annualised",
    "variance_pct",
    "stockout_incidents",
    "stockout_incidents_per_month",
    "dispute_resolution_days",
    "avg_days",
    "cash_benefit",
    "turnover_on_target",
    "variance_on_target",
    "stockout_on_target",
    "dispute_on_target",
    "target_missed",
)

WINDOW_HELP = (
    "Days of the period the agreement was active: from the later of the period start and "
    "the agreement start to the earliest of the period end, the agreement end and today. "
    "Every figure covers only these days."
)
TURNOVER_HELP = (
    "Value consumed over average stock value over the active days, times 365 / active days "
    "(times a year). Over fewer than 30 active days it is not annualised: it is the turnover "
    "of those days only."
)
VARIANCE_HELP = (
    "Value of the differences found by the validated counts of the active days (missing and "
    "found) over the expected value of the counted stock, in %."
)
INCIDENTS_HELP = (
    "Run-outs: times a product of the agreement at the consignment location went from a "
    "positive quantity to zero, while the agreement was active."
)
PER_MONTH_HELP = (
    "Stock-out incidents divided by the months of the active days (days x 12 / 365); fewer "
    "than a month count as one month."
)
DISPUTE_HELP = "Average days the disputes of the period took from opening to resolution."
AVG_DAYS_HELP = (
    "How long goods stay at the consignment location on average: average stock value x "
    "active days / value of the goods that left the location."
)
CASH_HELP = (
    "Vendor consignment: cost of capital saved by holding the vendor's goods instead of "
    "buying them = average consigned stock value x the company's cost-of-capital rate x "
    "active days / 365."
)
TARGET_COMPANY = "0 on the agreement: the company's target (Settings)."
# The agreement's stored 12-month key figures: written only by the refresh of
# ``consignment.kpi.month``, hence workflow fields of the agreement.
KPI_YEAR_FIELDS = (
    "kpi_year_turnover",
    "kpi_year_variance_pct",
    "kpi_year_stockout_incidents",
    "kpi_year_dispute_days",
    "kpi_year_target_missed",
    "kpi_refreshed_on",
)
YEAR_HELP = (
    " Over the last 12 whole months and the current month to date, from the monthly key "
    "figures of the last refresh (daily, or Refresh Key Figures)."
)


class ConsignmentKpiFigures(models.AbstractModel):
    """The key figures of one agreement over a period, as read-only fields, for the screens
    that show what the key-figure engine computed (the dashboard and its lines)."""

    _name = "consignment.kpi.figures"
    _description = "Consignment Key Figures over a Period"

    currency_id = fields.Many2one("res.currency", readonly=True)
    window_days = fields.Integer(string="Active Days", readonly=True, help=WINDOW_HELP)
    turnover = fields.Float(digits=(16, 2), readonly=True, help=TURNOVER_HELP)
    turnover_annualised = fields.Boolean(
        string="Annualised",
        readonly=True,
        help="The turnover is per year: the agreement was active 30 days or more.",
    )
    variance_pct = fields.Float(
        string="Variance (%)", digits=(16, 2), readonly=True, help=VARIANCE_HELP
    )
    stockout_incidents = fields.Integer(
        string="Stock-out Incidents", readonly=True, help=INCIDENTS_HELP
    )
    stockout_incidents_per_month = fields.Float(
        string="Stock-outs per Month", digits=(16, 2), readonly=True, help=PER_MONTH_HELP
    )
    dispute_resolution_days = fields.Float(
        string="Dispute Resolution (days)", digits=(16, 1), readonly=True, help=DISPUTE_HELP
    )
    avg_days = fields.Float(
        string="Days on Location", digits=(16, 1), readonly=True, help=AVG_DAYS_HELP
    )
    cash_benefit = fields.Monetary(currency_field="currency_id", readonly=True, help=CASH_HELP)
    consumed_value = fields.Monetary(
        currency_field="currency_id",
        readonly=True,
        help="Value of the goods consumed in the active days, at the agreement prices.",
    )
    avg_stock_value = fields.Monetary(
        string="Average Stock Value",
        currency_field="currency_id",
        readonly=True,
        help="Average value of the consignment stock over the active days, at the agreement "
        "prices.",
    )
    target_turnover = fields.Float(
        string="Turnover Target",
        digits=(16, 2),
        readonly=True,
        help="Minimum turnover (times a year) that applies. 0: no target.",
    )
    target_variance_pct = fields.Float(
        string="Variance Target (%)",
        digits=(16, 2),
        readonly=True,
        help="Maximum count variance (%) that applies. 0: no target.",
    )
    target_stockouts = fields.Float(
        string="Stock-out Target (per month)",
        digits=(16, 2),
        readonly=True,
        help="Maximum stock-out incidents per month, set in the settings.",
    )
    target_dispute_days = fields.Float(
        string="Dispute Target (days)",
        digits=(16, 1),
        readonly=True,
        help="Maximum average dispute resolution time, set in the settings. 0: no target.",
    )
    turnover_on_target = fields.Boolean(
        readonly=True,
        help="The turnover reaches its target, or is not judged (no target, no stock, or "
        "fewer than 30 active days).",
    )
    variance_on_target = fields.Boolean(
        readonly=True, help="The count variance is within its target, or there was no count."
    )
    stockout_on_target = fields.Boolean(
        readonly=True, help="The stock-out incidents per month are within their target."
    )
    dispute_on_target = fields.Boolean(
        readonly=True, help="Disputes were resolved within the target time."
    )
    target_missed = fields.Boolean(
        string="Misses Targets", readonly=True, help="At least one figure misses its target."
    )


class ConsignmentKpiMixin(models.AbstractModel):
    """The key-figure fields of an agreement and their targets, computed by
    ``consignment.kpi.engine`` over the last 365 days (the part of them the agreement was
    active)."""

    _name = "consignment.kpi.mixin"
    _description = "Consignment Key Figures"

    # The agreement's currency (the cash benefit is in it), company and dates, on which the
    # figures depend.
    currency_id = fields.Many2one("res.currency")
    company_id = fields.Many2one("res.company")
    date_start = fields.Date(help="First day the agreement applies.")
    date_end = fields.Date(help="Last day the agreement applies.")

    target_turnover = fields.Float(
        string="Turnover Target",
        help="Minimum consignment turnover per year (value consumed over average stock value). "
        + TARGET_COMPANY,
    )
    target_variance_pct = fields.Float(
        string="Variance Target (%)",
        help="Maximum reconciliation variance of the counts, as a percentage of the expected "
        "stock value. " + TARGET_COMPANY,
    )
    kpi_window_days = fields.Integer(
        string="Active Days", compute="_compute_kpis", help="Of the last 365 days: " + WINDOW_HELP
    )
    kpi_turnover = fields.Float(
        string="Turnover", compute="_compute_kpis", digits=(16, 2), help=TURNOVER_HELP
    )
    kpi_turnover_annualised = fields.Boolean(
        string="Turnover Annualised",
        compute="_compute_kpis",
        help="The turnover is per year: the agreement was active 30 days or more.",
    )
    kpi_variance_pct = fields.Float(
        string="Variance (%)", compute="_compute_kpis", digits=(16, 2), help=VARIANCE_HELP
    )
    kpi_stockout_incidents = fields.Integer(
        string="Stock-out Incidents", compute="_compute_kpis", help=INCIDENTS_HELP
    )
    kpi_stockout_incidents_per_month = fields.Float(
        string="Stock-outs per Month",
        compute="_compute_kpis",
        digits=(16, 2),
        help=PER_MONTH_HELP,
    )
    kpi_dispute_resolution_days = fields.Float(
        string="Dispute Resolution (days)",
        compute="_compute_kpis",
        digits=(16, 1),
        help=DISPUTE_HELP,
    )
    kpi_avg_days = fields.Float(
        string="Days on Location", compute="_compute_kpis", digits=(16, 1), help=AVG_DAYS_HELP
    )
    kpi_cash_benefit = fields.Monetary(
        string="Cash Benefit",
        compute="_compute_kpis",
        currency_field="currency_id",
        help=CASH_HELP,
    )
    kpi_turnover_on_target = fields.Boolean(
        string="Turnover on Target",
        compute="_compute_kpis",
        help="The turnover reaches its target, or is not judged (no target, no stock, or "
        "fewer than 30 active days).",
    )
    kpi_variance_on_target = fields.Boolean(
        string="Variance on Target",
        compute="_compute_kpis",
        help="The count variance is within its target, or there was no count.",
    )
    kpi_stockout_on_target = fields.Boolean(
        string="Stock-outs on Target",
        compute="_compute_kpis",
        help="The stock-out incidents per month are within the company's target.",
    )
    kpi_dispute_on_target = fields.Boolean(
        string="Disputes on Target",
        compute="_compute_kpis",
        help="Disputes were resolved within the company's target time.",
    )
    kpi_target_missed = fields.Boolean(
        string="Misses Targets",
        compute="_compute_kpis",
        search="_search_kpi_target_missed",
        help="At least one key figure of the last 365 days misses its target.",
    )

    # Stored, for the list and its filters: reading them costs no move line.
    kpi_year_turnover = fields.Float(
        string="Turnover (12 months)",
        digits=(16, 2),
        readonly=True,
        copy=False,
        help=TURNOVER_HELP + YEAR_HELP,
    )
    kpi_year_variance_pct = fields.Float(
        string="Variance (%) (12 months)",
        digits=(16, 2),
        readonly=True,
        copy=False,
        help=VARIANCE_HELP + YEAR_HELP,
    )
    kpi_year_stockout_incidents = fields.Integer(
        string="Stock-out Incidents (12 months)",
        readonly=True,
        copy=False,
        help=INCIDENTS_HELP + YEAR_HELP,
    )
    kpi_year_dispute_days = fields.Float(
        string="Dispute Resolution (days) (12 months)",
        digits=(16, 1),
        readonly=True,
        copy=False,
        help=DISPUTE_HELP + YEAR_HELP,
    )
    kpi_year_target_missed = fields.Boolean(
        string="Misses Targets (12 months)",
        readonly=True,
        copy=False,
        help="At least one key figure misses its target." + YEAR_HELP,
    )
    kpi_refreshed_on = fields.Datetime(
        string="Key Figures Refreshed On",
        readonly=True,
        copy=False,
        help="When the 12-month key figures were last computed.",
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

    @api.depends(
        "target_turnover",
        "target_variance_pct",
        "date_start",
        "date_end",
        "company_id.consignment_target_turnover",
        "company_id.consignment_target_variance_pct",
        "company_id.consignment_target_stockouts",
        "company_id.consignment_target_dispute_days",
    )
    @api.depends_context("company")
    def _compute_kpis(self):
        date_from, date_to = self._kpi_default_period()
        kpis = self._get_kpis(date_from, date_to)
        for agreement in self:
            values = kpis.get(agreement.id, {})
            for name in AGREEMENT_KPI_FIGURES:
                agreement[f"kpi_{name}"] = values.get(name, False)

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

    def action_refresh_kpis(self):
        """Recompute the monthly key figures of the agreements over the 12-month period and
        their 12-month columns now, instead of waiting for the daily refresh."""
        self.env["consignment.role"]._check("refresh_kpis", self)
        Month = self.env["consignment.kpi.month"].sudo()
        date_from, date_to = Month._get_year_period()
        Month._refresh_kpi_months(self, Month._month_range(date_from, date_to))
        return True

    def _get_kpis(self, date_from, date_to):
        """{agreement id: {key figure: value}} over the days ``date_from`` to ``date_to``."""
        return self.env["consignment.kpi.engine"]._get_kpis(self, date_from, date_to)
