from odoo import fields, models

# The key figures of ``consignment.kpi.engine._get_kpis`` that the fields below show, under
# the same names.
KPI_FIGURES = (
    "turnover",
    "variance_pct",
    "stockout_days",
    "avg_days",
    "cash_benefit",
    "consumed_value",
    "avg_stock_value",
)


class ConsignmentKpiFigures(models.AbstractModel):
    """The key figures of one agreement over a period, as read-only fields, for the screens
    that show what the key-figure engine computed (the dashboard and its lines)."""

    _name = "consignment.kpi.figures"
    _description = "Consignment Key Figures over a Period"

    currency_id = fields.Many2one("res.currency", readonly=True)
    turnover = fields.Float(
        digits=(16, 2), readonly=True, help="Value consumed over average stock value, per year."
    )
    variance_pct = fields.Float(
        string="Variance (%)",
        digits=(16, 2),
        readonly=True,
        help="Value of the differences found by the counts of the period (missing and found) "
        "over the expected value of the counted stock.",
    )
    stockout_days = fields.Integer(
        string="Stock-out Days",
        readonly=True,
        help="Days a product of the agreement sat at zero at the consignment location, summed "
        "over the products.",
    )
    avg_days = fields.Float(
        string="Days on Location",
        digits=(16, 1),
        readonly=True,
        help="How long goods stay at the consignment location on average (average stock value "
        "over the value leaving it per day).",
    )
    cash_benefit = fields.Monetary(
        currency_field="currency_id",
        readonly=True,
        help="Vendor consignment: the cost of capital saved by holding the vendor's goods "
        "instead of buying them (average stock value x days x the rate set in the settings).",
    )
    consumed_value = fields.Monetary(
        currency_field="currency_id",
        readonly=True,
        help="Value of the goods consumed in the period, at the agreement prices.",
    )
    avg_stock_value = fields.Monetary(
        string="Average Stock Value",
        currency_field="currency_id",
        readonly=True,
        help="Average value of the consignment stock over the period, at the agreement prices.",
    )
