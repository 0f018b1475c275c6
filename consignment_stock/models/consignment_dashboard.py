from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

from .consignment_kpi_figures import KPI_FIGURES
from .consignment_tools import KPI_DAYS


class ConsignmentDashboard(models.TransientModel):
    """Consignment key figures over a period, per agreement and across all of them. Computed
    from the stock moves, the ledger and the counts whenever it is opened or refreshed."""

    _name = "consignment.dashboard"
    _inherit = ["consignment.kpi.figures"]
    _description = "Consignment Dashboard"
    _rec_name = "date_to"

    date_from = fields.Date(
        string="From",
        required=True,
        default=lambda self: self._default_dates()[0],
        help="First day of the period the key figures cover.",
    )
    date_to = fields.Date(
        string="To",
        required=True,
        default=lambda self: self._default_dates()[1],
        help="Last day of the period the key figures cover.",
    )
    consignment_type = fields.Selection(
        [("vendor", "Vendor consignment"), ("customer", "Customer consignment")],
        string="Type",
        help="Leave empty for both.",
    )
    agreement_ids = fields.Many2many(
        "consignment.agreement",
        string="Agreements",
        help="Leave empty for every agreement running in the period.",
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    # Here the figures cover all the agreements, and their help says so.
    stockout_days = fields.Integer(
        help="Days a product sat at zero at a consignment location, summed over the products "
        "and agreements."
    )
    avg_days = fields.Float(
        help="How long goods stay at the consignment locations on average (average stock "
        "value over the value leaving them per day)."
    )
    cash_benefit = fields.Monetary(
        help="Vendor consignment: the cost of capital saved by holding the vendors' goods "
        "instead of buying them (average stock value x days x the rate set in the settings)."
    )
    capital_rate = fields.Float(
        related="company_id.consignment_capital_rate", string="Cost of Capital (%)"
    )
    missed_count = fields.Integer(
        string="Agreements Missing Targets",
        readonly=True,
        help="Number of agreements whose turnover is under its target or whose count variance "
        "is over its target.",
    )
    line_ids = fields.One2many("consignment.dashboard.line", "dashboard_id", readonly=True)
    stockout_ids = fields.One2many(
        "consignment.dashboard.stockout",
        "dashboard_id",
        readonly=True,
        help="Stock-out days per agreement and month.",
    )

    @api.model
    def _default_dates(self):
        today = fields.Date.context_today(self)
        return today - timedelta(days=KPI_DAYS - 1), today

    @api.model
    def action_open(self):
        dashboard = self.create({})
        dashboard.action_refresh()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Consignment Dashboard"),
            "res_model": self._name,
            "res_id": dashboard.id,
            "view_mode": "form",
            "views": [
                (self.env.ref("consignment_stock.consignment_dashboard_view_form").id, "form")
            ],
            "target": "current",
        }

    def _get_agreements(self):
        self.ensure_one()
        if self.agreement_ids:
            return self.agreement_ids
        domain = [
            ("company_id", "=", self.company_id.id),
            ("state", "!=", "draft"),
            ("date_start", "<=", self.date_to),
            "|",
            ("date_end", "=", False),
            ("date_end", ">=", self.date_from),
        ]
        if self.consignment_type:
            domain.append(("consignment_type", "=", self.consignment_type))
        return self.env["consignment.agreement"].search(domain)

    def action_refresh(self):
        for dashboard in self:
            if dashboard.date_from > dashboard.date_to:
                raise UserError(self.env._("The dashboard period cannot end before it starts."))
            agreements = dashboard._get_agreements()
            kpis = agreements._get_kpis(dashboard.date_from, dashboard.date_to)
            lines = [dashboard._prepare_line_values(agreement, kpis) for agreement in agreements]
            stockouts = [
                values
                for agreement in agreements
                for values in dashboard._prepare_stockout_values(agreement, kpis)
            ]
            totals = self.env["consignment.kpi.engine"]._get_total_kpis(
                agreements, kpis, dashboard.company_id, dashboard.date_from, dashboard.date_to
            )
            dashboard.line_ids.unlink()
            dashboard.stockout_ids.unlink()
            dashboard.write(
                {
                    **{name: totals[name] for name in KPI_FIGURES},
                    "missed_count": sum(1 for line in lines if line["target_missed"]),
                    "line_ids": [fields.Command.create(values) for values in lines],
                    "stockout_ids": [fields.Command.create(values) for values in stockouts],
                }
            )
        return True

    def _prepare_line_values(self, agreement, kpis):
        """Values of the dashboard line of ``agreement``, from the engine's ``kpis``."""
        values = kpis[agreement.id]
        return {
            **{name: values[name] for name in KPI_FIGURES},
            "agreement_id": agreement.id,
            "currency_id": agreement.currency_id.id,
            "target_turnover": agreement.target_turnover,
            "target_variance_pct": agreement.target_variance_pct,
            "target_missed": values["target_missed"],
        }

    def _prepare_stockout_values(self, agreement, kpis):
        """Values of the stock-out lines of ``agreement``, one per month with stock-outs."""
        return [
            {"agreement_id": agreement.id, "month": month, "days": zero_days}
            for month, zero_days in sorted(kpis[agreement.id]["stockouts_by_month"].items())
            if zero_days
        ]

    def action_view_missed(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "consignment_stock.consignment_agreement_action"
        )
        action["domain"] = [("id", "in", self.line_ids.filtered("target_missed").agreement_id.ids)]
        action["context"] = {}
        return action
