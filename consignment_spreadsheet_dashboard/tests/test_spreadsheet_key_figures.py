from datetime import date

from freezegun import freeze_time

from odoo.tests import new_test_user, tagged

from odoo.addons.consignment_stock.tests.common import ConsignmentCase

from .common import KPI_PIVOT, DashboardFileMixin

JANUARY = date(2026, 1, 1)
FEBRUARY = date(2026, 2, 1)
TODAY = "2026-02-28 12:00:00"


@tagged("post_install", "-at_install")
class TestSpreadsheetKeyFigures(DashboardFileMixin, ConsignmentCase):
    """The dashboard's turnover, stock-outs and cash benefit from the stored monthly facts
    of a vendor agreement started on 15 January 2026, one widget at 10.00, seen on
    28 February:

    - January: 10 received on the 15th, all consumed on the 25th (a run-out): 100.00
      consumed over value-days 1,000 (10 days of 100.00), 17 active days.
    - February: 6 received on the 5th, all consumed on the 15th (a run-out): 60.00
      consumed over value-days 600, 28 active days.

    Both months (45 days): turnover 160 x 365 / 1,600 = 36.5 a year; 2 run-outs over
    45 x 12 / 365 months; cash benefit at the default 8 % a year, per month:
    1,000 / 365 x 8 % = 0.22 and 600 / 365 x 8 % = 0.13. January alone (17 days, too short
    to annualise): turnover 100 / 1,000 x 17 = 1.7 in the month, 1 run-out in its month.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.consignment_user = new_test_user(
            cls.env, login="sheet_kpi_user", groups="consignment_stock.group_consignment_user"
        )
        cls.agreement = cls._create_agreement(
            lines=[(cls.product, 10.0)], date_start=date(2026, 1, 15)
        )
        location = cls.agreement.location_id
        for day, quantity in (("2026-01-15", 10), ("2026-02-05", 6)):
            with freeze_time(f"{day} 10:00:00"):
                cls._receive_consignment(cls.agreement, cls.product, quantity)
        for day, quantity in (("2026-01-25", 10), ("2026-02-15", 6)):
            with freeze_time(f"{day} 10:00:00"):
                cls._move(cls.product, quantity, location, cls.customer_location, owner=cls.vendor)
        with freeze_time(TODAY):
            cls.env["consignment.kpi.month"]._refresh_kpi_months(cls.agreement, [JANUARY, FEBRUARY])
        data = cls._load_dashboard()
        cls.pivot = data["pivots"][KPI_PIVOT]
        cls.filters = {item["label"]: item["id"] for item in data["globalFilters"]}

    def _key_figures(self, date_from=JANUARY, date_to=date(2026, 2, 28)):
        """The key-figure pivot's total as the dashboard reads it with the Agreement filter
        on the agreement and the Period filter from ``date_from`` to ``date_to``."""
        matching = self.pivot["fieldMatching"]
        period = matching[self.filters["Period"]]["chain"]
        domain = [
            (matching[self.filters["Agreement"]]["chain"], "in", self.agreement.ids),
            (period, ">=", date_from),
            (period, "<=", date_to),
        ]
        return self._read_pivot(self.pivot, self.consignment_user, domain)[1]

    def test_key_figures_of_the_months(self):
        self.assertEqual(self.pivot["model"], "consignment.kpi.month")
        # Facts are per agreement and month: the Product filter does not apply to them.
        self.assertEqual(
            {
                name
                for name, filter_id in self.filters.items()
                if filter_id in self.pivot["fieldMatching"]
            },
            {"Period", "Partner", "Agreement"},
        )
        both = self._key_figures()
        self.assertAlmostEqual(both["turnover:avg"], 36.5)
        self.assertAlmostEqual(both["stockout_incidents_per_month:avg"], 2 / (45 * 12 / 365))
        self.assertAlmostEqual(both["cash_benefit:sum_currency"], 0.22 + 0.13)
        january = self._key_figures(date_to=date(2026, 1, 31))
        self.assertAlmostEqual(january["turnover:avg"], 1.7)
        self.assertAlmostEqual(january["stockout_incidents_per_month:avg"], 1.0)
        self.assertAlmostEqual(january["cash_benefit:sum_currency"], 0.22)

    def test_scorecards_show_the_key_figures_with_their_targets(self):
        data = self._load_dashboard()
        cells = data["sheets"][1]["cells"]
        cards = {
            figure["data"]["title"]["text"]: figure["data"]
            for figure in data["sheets"][0]["figures"]
            if figure["data"]["type"] == "scorecard"
        }
        self.assertEqual(len(cards), 9)
        turnover = cards["Turnover (times a year)"]
        self.assertIn(f'PIVOT.VALUE({KPI_PIVOT}, "turnover")', cells[turnover["keyValue"][5:]])
        self.assertIn("consignment_target_turnover", cells[turnover["baseline"][5:]])
        stockouts = cards["Stock-outs per month"]
        self.assertIn(
            f'PIVOT.VALUE({KPI_PIVOT}, "stockout_incidents_per_month")',
            cells[stockouts["keyValue"][5:]],
        )
        self.assertIn("consignment_target_stockouts", cells[stockouts["baseline"][5:]])
        self.assertIn(
            f'PIVOT.VALUE({KPI_PIVOT}, "cash_benefit")',
            cells[cards["Cash benefit"]["keyValue"][5:]],
        )
        # The monthly charts read the same facts, by month.
        charts = {
            figure["data"]["metaData"]["measure"]: figure["data"]
            for figure in data["sheets"][0]["figures"]
            if figure["data"]["type"].startswith("odoo_")
            and figure["data"]["metaData"]["resModel"] == "consignment.kpi.month"
        }
        self.assertEqual(set(charts), {"turnover", "stockout_incidents"})
        Month = self.env["consignment.kpi.month"].with_user(self.consignment_user)
        groups = Month.formatted_read_group(
            [("agreement_id", "=", self.agreement.id)],
            charts["stockout_incidents"]["metaData"]["groupBy"],
            ["stockout_incidents:sum", "turnover:avg"],
        )
        # Each month's turnover over its own days (neither reaches 30): 1.7 and 2.8.
        self.assertEqual([group["stockout_incidents:sum"] for group in groups], [1, 1])
        for group, turnover in zip(groups, (1.7, 2.8), strict=True):
            self.assertAlmostEqual(group["turnover:avg"], turnover)
