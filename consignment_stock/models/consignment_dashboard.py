from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, date_utils

from .consignment_kpi_figures import KPI_FIGURES


class ConsignmentDashboard(models.TransientModel):
    """Consignment key figures over whole months, per agreement and across all of them, from
    the stored monthly facts (``consignment.kpi.month``, refreshed daily): opening it reads
    sums, whatever the history; months without facts yet are computed first."""

    _name = "consignment.dashboard"
    _inherit = ["consignment.kpi.figures"]
    _description = "Consignment Dashboard"
    _rec_name = "date_to"

    date_from = fields.Date(
        string="From",
        required=True,
        default=lambda self: self._default_dates()[0],
        help="The key figures cover whole months: from the first day of this date's month.",
    )
    date_to = fields.Date(
        string="To",
        required=True,
        default=lambda self: self._default_dates()[1],
        help="The key figures cover whole months: to the last day of this date's month "
        "(the current month up to today).",
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
    figures_date = fields.Datetime(
        string="Figures as of",
        readonly=True,
        help="When the oldest of the monthly key figures shown was computed: they are "
        "refreshed every night, and by Recompute.",
    )
    line_ids = fields.One2many("consignment.dashboard.line", "dashboard_id", readonly=True)

    @api.model
    def _default_dates(self):
        """The 12 whole months before the current one and the current month to date, as
        the agreements' 12-month columns."""
        return self.env["consignment.kpi.month"]._get_year_period()

    @api.model
    def _snap_to_months(self, vals):
        """``vals`` with its period widened to whole months: the facts are monthly."""
        vals = dict(vals)
        for name, edge in (("date_from", date_utils.start_of), ("date_to", date_utils.end_of)):
            if vals.get(name):
                vals[name] = edge(fields.Date.to_date(vals[name]), "month")
        return vals

    @api.model_create_multi
    def create(self, vals_list):
        return super().create([self._snap_to_months(vals) for vals in vals_list])

    def write(self, vals):
        return super().write(self._snap_to_months(vals))

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
            # The figures are read as superuser: only of agreements the user may read.
            self.agreement_ids.check_access("read")
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

    def _get_months(self):
        self.ensure_one()
        if self.date_from > self.date_to:
            raise UserError(self.env._("The dashboard period cannot end before it starts."))
        return self.env["consignment.kpi.month"]._month_range(self.date_from, self.date_to)

    def action_refresh(self):
        """Read the figures of the period and filters from the monthly facts; the months an
        agreement has no facts of yet are computed first (as the nightly refresh does)."""
        Month = self.env["consignment.kpi.month"]
        for dashboard in self:
            months = dashboard._get_months()
            agreements = dashboard._get_agreements()
            windows = self.env["consignment.kpi.engine"]._get_windows(
                agreements.sudo(), dashboard.date_from, dashboard.date_to
            )
            kpis, found = Month._get_period_figures(
                agreements, dashboard.date_from, dashboard.date_to
            )
            missing = Month._get_missing_months(agreements.sudo(), months, found, windows)
            if missing:
                for month, agreement_ids in missing.items():
                    Month._refresh_kpi_months(agreements.browse(agreement_ids), [month])
                kpis, found = Month._get_period_figures(
                    agreements, dashboard.date_from, dashboard.date_to
                )
            dashboard._load_figures(agreements, kpis, found, windows)
        return True

    def action_recompute(self):
        """Recompute the monthly facts of the period's agreements now, then read them: for
        who needs today's movements before the nightly refresh."""
        Month = self.env["consignment.kpi.month"].sudo()
        for dashboard in self:
            months = dashboard._get_months()
            agreements = dashboard._get_agreements()
            self.env["consignment.role"]._check("refresh_kpis", agreements)
            Month._refresh_kpi_months(agreements, months)
        return self.action_refresh()

    def _load_figures(self, agreements, kpis, found, windows):
        """Write the totals and the lines of ``agreements`` from their ``kpis`` (amounts in
        their company's currency) and ``windows``."""
        self.ensure_one()
        today = fields.Date.context_today(self)
        totals = self.env["consignment.kpi.engine"]._get_total_kpis(
            agreements,
            kpis,
            self.company_id,
            self.date_from,
            min(self.date_to, today),
            windows=windows,
        )
        lines = [self._prepare_line_values(agreement, kpis) for agreement in agreements]
        dates = [values[1] for values in found.values() if values[1]]
        self.line_ids.unlink()
        self.write(
            {
                **{name: totals[name] for name in KPI_FIGURES},
                "missed_count": sum(1 for line in lines if line["target_missed"]),
                "figures_date": min(dates) if dates else False,
            }
        )
        self._insert_lines(lines)

    def _insert_lines(self, lines):
        """The dashboard's lines in one INSERT: a dashboard over a thousand agreements must
        open as fast as their list, which creating them one ORM record at a time is not."""
        if not lines:
            return
        Line = self.env["consignment.dashboard.line"]
        Line.flush_model()
        names = list(lines[0])
        sql_types = {"integer": "int", "many2one": "int", "boolean": "bool", "float": "float"}
        sql_types["monetary"] = "float"
        arrays = []
        for name in names:
            sql_type = sql_types[Line._fields[name].type]
            column = [line[name] for line in lines]
            if sql_type == "int":
                column = [int(value) if value else None for value in column]
            arrays.append(SQL("%s::%s[]", column, SQL(sql_type)))
        columns = SQL(", ").join(SQL.identifier(name) for name in names)
        self.env.execute_query(
            SQL(
                """
                INSERT INTO %(table)s (dashboard_id, %(columns)s, create_uid, create_date,
                                       write_uid, write_date)
                SELECT %(dashboard)s, %(columns)s, %(uid)s, now() AT TIME ZONE 'UTC',
                       %(uid)s, now() AT TIME ZONE 'UTC'
                  FROM unnest(%(arrays)s) AS data(%(columns)s)
                """,
                table=SQL.identifier(Line._table),
                columns=columns,
                dashboard=self.id,
                uid=self.env.uid,
                arrays=SQL(", ").join(arrays),
            )
        )
        self.invalidate_recordset(["line_ids"])

    def _prepare_line_values(self, agreement, kpis):
        """Values of the dashboard line of ``agreement``, from its ``kpis``."""
        values = kpis[agreement.id]
        return {**{name: values[name] for name in KPI_FIGURES}, "agreement_id": agreement.id}

    def action_view_lines(self):
        """The period's figures per partner and agreement as pivot, graph and list, from the
        monthly facts: the ratio of each row is that of its sums."""
        self.ensure_one()
        action = self._action_view_rows(
            "consignment.kpi.month",
            self.env._("Key Figures per Agreement"),
            "pivot",
            self._get_facts_domain(),
        )
        action["context"] = dict(
            action["context"],
            pivot_row_groupby=["partner_id", "agreement_id"],
            pivot_column_groupby=[],
            group_by=["agreement_id"],
        )
        return action

    def action_view_months(self):
        """The monthly facts of the period's agreements as graph, pivot and list: ratios of
        any group are those of its sums."""
        self.ensure_one()
        return self._action_view_rows(
            "consignment.kpi.month",
            self.env._("Key Figures per Month"),
            "graph",
            self._get_facts_domain(),
        )

    def action_view_stockouts(self):
        """The figures per agreement, product and month as graph, pivot and list."""
        self.ensure_one()
        return self._action_view_rows(
            "consignment.kpi.product.month",
            self.env._("Key Figures per Month and Product"),
            "graph",
            self._get_facts_domain(),
        )

    def _get_facts_domain(self):
        return [
            ("agreement_id", "in", self.line_ids.agreement_id.ids),
            ("month", ">=", self.date_from),
            ("month", "<=", self.date_to),
        ]

    def _action_view_rows(self, model, name, first_view, domain):
        self.check_access("read")
        self.env[model].check_access("read")
        modes = [first_view] + [mode for mode in ("list", "pivot", "graph") if mode != first_view]
        return {
            "type": "ir.actions.act_window",
            "name": name,
            "res_model": model,
            "view_mode": ",".join(modes),
            "views": [(False, mode) for mode in modes],
            "domain": domain,
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
