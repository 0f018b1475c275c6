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
    window_days = fields.Integer(
        help="Days from the first day any of the agreements was active in the period to the "
        "last; the turnover and the incidents per month are over these days."
    )
    stockout_incidents = fields.Integer(
        help="Run-outs: times a product went from a positive quantity to zero at the "
        "consignment location of an agreement while it was active, over all the agreements."
    )
    avg_days = fields.Float(
        help="How long goods stay at the consignment locations on average: stock value x "
        "active days over the value of the goods that left them, summed over the agreements."
    )
    cash_benefit = fields.Monetary(
        help="Vendor consignment: the cost of capital saved by holding the vendors' goods "
        "instead of buying them = average consigned stock value x the company's "
        "cost-of-capital rate x active days / 365, summed over the agreements."
    )
    capital_rate = fields.Float(
        related="company_id.consignment_capital_rate", string="Cost of Capital (%)"
    )
    missed_count = fields.Integer(
        string="Agreements Missing Targets",
        readonly=True,
        help="Number of agreements of which at least one key figure misses its target.",
    )
    line_ids = fields.One2many("consignment.dashboard.line", "dashboard_id", readonly=True)
    stockout_ids = fields.One2many(
        "consignment.dashboard.stockout",
        "dashboard_id",
        readonly=True,
        help="Stock-out incidents and average stock value per agreement, product and month.",
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
            "partner_id": agreement.partner_id.id,
            "currency_id": agreement.currency_id.id,
        }

    def _prepare_stockout_values(self, agreement, kpis):
        """Values of the monthly lines of ``agreement``, one per product and month it had
        stock or ran out."""
        return [
            {
                "agreement_id": agreement.id,
                "partner_id": agreement.partner_id.id,
                "product_id": product_id,
                "month": month,
                "incidents": incidents,
                "avg_stock_value": value,
                "currency_id": agreement.currency_id.id,
            }
            for (product_id, month), (incidents, value) in sorted(
                kpis[agreement.id]["by_product_month"].items(), key=lambda item: item[0][::-1]
            )
        ]

    def action_view_lines(self):
        """The agreements' figures as list, pivot and graph, rows opening the agreement."""
        return self._action_view_rows(
            "consignment.dashboard.line", self.env._("Key Figures per Agreement"), "pivot"
        )

    def action_view_stockouts(self):
        """The figures per agreement, product and month as pivot, graph and list."""
        return self._action_view_rows(
            "consignment.dashboard.stockout", self.env._("Key Figures per Month"), "graph"
        )

    def _action_view_rows(self, model, name, first_view):
        self.ensure_one()
        self.check_access("read")
        modes = [first_view] + [mode for mode in ("list", "pivot", "graph") if mode != first_view]
        return {
            "type": "ir.actions.act_window",
            "name": name,
            "res_model": model,
            "view_mode": ",".join(modes),
            "views": [(False, mode) for mode in modes],
            "domain": [("dashboard_id", "=", self.id)],
            "context": {"create": False},
        }

    def action_view_missed(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "consignment_stock.consignment_agreement_action"
        )
        action["domain"] = [("id", "in", self.line_ids.filtered("target_missed").agreement_id.ids)]
        action["context"] = {}
        return action
