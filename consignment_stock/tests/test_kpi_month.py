from datetime import date, datetime

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.sql_db import db_connect
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import ConsignmentCase

JANUARY = date(2026, 1, 1)
FEBRUARY = date(2026, 2, 1)
TODAY = "2026-02-28 12:00:00"
# The live engine over the period of the 12-month columns on TODAY.
YEAR_FROM, YEAR_TO = "2025-02-01", "2026-02-28"
MEASURES = (
    "window_days",
    "consumed_value",
    "stock_value_days",
    "variance_value",
    "expected_value",
    "stockout_incidents",
    "dispute_count",
    "dispute_days",
)


@tagged("post_install", "-at_install")
class TestKpiMonth(ConsignmentCase):
    """An agreement started on 15 January 2026, one product at 10.00, seen on 28 February:

    - 15 January: 10 units arrive; 25 January: all 10 consumed (run-out 1).
      January: 10 units x 10 days = 100 unit-days, value-days 1,000; 17 active days.
    - 5 February: 6 units arrive; 15 February: all 6 consumed (run-out 2).
      February: 6 units x 10 days = 60 unit-days, value-days 600; 28 active days.
    - A dispute resolved on 20 February after 4 days.

    Over the 45 days: consumed 160.00 over value-days 1,600: turnover 160 x 365 / 1,600 =
    36.5 a year; 2 run-outs; dispute resolution 4 days. One test adds a count of
    20 February that expects nothing and finds 1 unit: variance 10.00 on an expected 0.00,
    which the engine takes as 100 %.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Month = cls.env["consignment.kpi.month"]
        cls.agreement = cls._create_agreement(
            lines=[(cls.product, 10.0)], date_start=date(2026, 1, 15)
        )
        cls._history(cls.agreement)

    @classmethod
    def _history(cls, agreement, dispute=True):
        location = agreement.location_id
        for day, quantity in (("2026-01-15", 10), ("2026-02-05", 6)):
            with freeze_time(f"{day} 10:00:00"):
                cls._receive_consignment(agreement, cls.product, quantity)
        for day, quantity in (("2026-01-25", 10), ("2026-02-15", 6)):
            with freeze_time(f"{day} 10:00:00"):
                cls._move(cls.product, quantity, location, cls.customer_location, owner=cls.vendor)
        if not dispute:
            return
        with freeze_time("2026-02-20 10:00:00"):
            dispute = cls.env["consignment.dispute"]._open_dispute(agreement, "Late", "manual")
            dispute.action_resolve("Settled")
        dispute.sudo().write(
            {
                "opened_date": datetime(2026, 2, 16, 10, 0),
                "resolved_date": datetime(2026, 2, 20, 10, 0),
            }
        )

    def _validate_found_unit(self):
        with freeze_time("2026-02-20 11:00:00"):
            count = self.env["consignment.count"].create(
                {"agreement_id": self.agreement.id, "date": "2026-02-20"}
            )
            values = {"counted_qty": 1.0, "reason": "counting_error"}
            if count.line_ids:
                count.line_ids.write(values)
            else:
                count.write(
                    {"line_ids": [Command.create({"product_id": self.product.id, **values})]}
                )
            count.action_validate()

    def _refresh(self, agreements=None):
        with freeze_time(TODAY):
            self.Month._refresh_kpi_months(agreements or self.agreement, [JANUARY, FEBRUARY])

    def _facts(self, agreement=None):
        return self.Month.search(
            [("agreement_id", "=", (agreement or self.agreement).id)], order="month"
        )

    def test_facts_sum_to_the_live_figures(self):
        self._validate_found_unit()
        self._refresh()
        january, february = self._facts()
        self.assertRecordValues(
            january,
            [
                {
                    "month": JANUARY,
                    "window_days": 17,
                    "consumed_value": 100.0,
                    "stock_value_days": 1000.0,
                    "stockout_incidents": 1,
                    "dispute_count": 0,
                    "company_id": self.company.id,
                    "partner_id": self.vendor.id,
                    "consignment_type": "vendor",
                }
            ],
        )
        # The unit found stays on the location: February's stock is not hand-computed here.
        self.assertRecordValues(
            february,
            [
                {
                    "month": FEBRUARY,
                    "window_days": 28,
                    "stockout_incidents": 1,
                    "dispute_count": 1,
                    "dispute_days": 4.0,
                    "variance_value": 10.0,
                    "expected_value": 0.0,
                }
            ],
        )
        with freeze_time(TODAY):
            live = self.agreement._get_kpis(YEAR_FROM, YEAR_TO)[self.agreement.id]
        self.assertEqual(live["window_days"], 45)
        self.assertEqual(live["stockout_incidents"], 2)
        self.assertAlmostEqual(live["dispute_resolution_days"], 4.0, places=2)
        self.assertAlmostEqual(live["variance_pct"], 100.0, places=2)
        facts = self._facts()
        for name in MEASURES:
            expected = live[name] if name != "dispute_days" else 4.0
            self.assertAlmostEqual(sum(facts.mapped(name)), expected, places=2, msg=name)
        self.assertRecordValues(
            self.agreement,
            [
                {
                    "kpi_year_turnover": round(live["turnover"], 2),
                    "kpi_year_variance_pct": 100.0,
                    "kpi_year_stockout_incidents": 2,
                    "kpi_year_dispute_days": 4.0,
                    "kpi_year_target_missed": live["target_missed"],
                }
            ],
        )
        self.assertTrue(self.agreement.kpi_refreshed_on)
        # The list's filter "Missing Targets" reads the stored flag.
        self.company.consignment_target_turnover = 40.0
        self._refresh()
        self.assertTrue(self.agreement.kpi_year_target_missed)
        self.assertIn(
            self.agreement,
            self.env["consignment.agreement"].search([("kpi_year_target_missed", "=", True)]),
        )

    def test_refresh_again_changes_nothing(self):
        self._refresh()
        first = self._facts().read(MEASURES + ("month",))
        self._refresh()
        facts = self._facts()
        self.assertEqual(len(facts), 2, "a second refresh creates no duplicate")
        self.assertEqual(facts.read(MEASURES + ("month",)), first)

    def test_cron_fills_the_months(self):
        with freeze_time(TODAY):
            self.Month._cron_refresh_kpi_months()
            self.Month._cron_refresh_kpi_months()
        self.assertEqual(self._facts().mapped("month"), [JANUARY, FEBRUARY])
        self.assertEqual(self.agreement.kpi_year_stockout_incidents, 2)

    def test_concurrent_refresh_leaves_held_agreements(self):
        """A refresh running in another transaction holds its agreements: this one skips
        them instead of waiting, and refreshes the others."""
        other = self._agreements(1)
        with db_connect(self.cr.dbname).cursor() as concurrent:
            concurrent.execute(
                "SELECT pg_advisory_xact_lock('consignment_kpi_month'::regclass::oid::int, %s)",
                [self.agreement.id],
            )
            self._refresh(self.agreement | other)
            concurrent.rollback()
        self.assertFalse(self._facts())
        self.assertEqual(self._facts(other).mapped("month"), [JANUARY, FEBRUARY])
        self._refresh(self.agreement)
        self.assertEqual(self._facts().mapped("month"), [JANUARY, FEBRUARY])

    def test_one_row_per_agreement_and_month(self):
        self._refresh()
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.cr.savepoint():
            self.Month.sudo().create({"agreement_id": self.agreement.id, "month": JANUARY})

    def test_users_cannot_write_the_figures(self):
        self._refresh()
        fact = self._facts()[0]
        for user in (self.stock_user, self.consignment_manager):
            with self.assertRaises(AccessError):
                fact.with_user(user).write({"consumed_value": 1.0})
            with self.assertRaises(AccessError):
                self.Month.with_user(user).create(
                    {"agreement_id": self.agreement.id, "month": date(2025, 12, 1)}
                )
            with self.assertRaises(AccessError):
                fact.with_user(user).unlink()
        self.assertEqual(fact.with_user(self.stock_user).consumed_value, 100.0)
        with self.assertRaises(UserError):
            self.agreement.with_user(self.consignment_manager).write(
                {"kpi_year_target_missed": True, "kpi_year_turnover": 99.0}
            )
        self.assertEqual(self.agreement.kpi_year_turnover, 36.5)

    def test_refresh_button_needs_a_manager(self):
        with freeze_time(TODAY), self.assertRaises(AccessError):
            self.agreement.with_user(self.stock_user).action_refresh_kpis()
        self.assertFalse(self._facts())
        with freeze_time(TODAY):
            self.agreement.with_user(self.consignment_manager).action_refresh_kpis()
        self.assertEqual(self._facts().mapped("month"), [JANUARY, FEBRUARY])
        self.assertEqual(self.agreement.kpi_year_turnover, 36.5)

    def _agreements(self, count):
        agreements = self.env["consignment.agreement"]
        for index in range(count):
            partner = self.env["res.partner"].create({"name": f"Vendor {index}"})
            agreement = self._create_agreement(
                partner=partner, lines=[(self.product, 10.0)], date_start=date(2026, 1, 15)
            )
            self._history(agreement, dispute=False)
            agreements |= agreement
        return agreements

    def _queries(self, function):
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        function()
        return self.cr.sql_log_count - before

    def test_refresh_queries_do_not_grow_with_agreements(self):
        few, many = self._agreements(2), self._agreements(6)
        self._refresh(self.agreement)  # warm the caches of the registry
        few_count = self._queries(lambda: self._refresh(few))
        many_count = self._queries(lambda: self._refresh(many))
        self.assertEqual(few_count, many_count)

    def test_list_read_does_not_grow_with_rows(self):
        few, many = self._agreements(2), self._agreements(10)
        self._refresh(few | many)
        many2one = {"fields": {"display_name": {}}}
        spec = {
            name: many2one
            if self.env["consignment.agreement"]._fields[name].type == "many2one"
            else {}
            for name in (
                "name",
                "partner_id",
                "consignment_type",
                "location_id",
                "date_start",
                "date_end",
                "billing_period",
                "next_billing_date",
                "user_id",
                "company_id",
                "kpi_year_turnover",
                "kpi_year_variance_pct",
                "kpi_year_stockout_incidents",
                "kpi_year_dispute_days",
                "kpi_year_target_missed",
                "kpi_refreshed_on",
                "state",
            )
        }
        Agreement = self.env["consignment.agreement"].with_user(self.stock_user)

        def read(agreements):
            result = Agreement.web_search_read([("id", "in", agreements.ids)], spec)
            self.assertEqual(result["length"], len(agreements))

        read(few)  # warm the caches of the registry
        self.assertEqual(self._queries(lambda: read(few)), self._queries(lambda: read(many)))

    def test_ratios_of_a_group_are_ratios_of_its_sums(self):
        """The pivot, the graph and the spreadsheets read a ratio over any group of months
        as the live engine computes it over their days: January (17 days, not annualised)
        and February (28 days) read together give the 36.5 a year of the 45 days, not the
        average of 1.7 and 2.8."""
        self._validate_found_unit()
        self._refresh()
        january, february = self._facts()
        self.assertAlmostEqual(january.turnover, 100.0 * 17 / 1000.0, places=2)
        # February also holds the unit the count found, from the 20th.
        self.assertAlmostEqual(february.turnover, 60.0 * 28 / february.stock_value_days, places=2)
        with freeze_time(TODAY):
            live = self.agreement._get_kpis(YEAR_FROM, YEAR_TO)[self.agreement.id]
        Month = self.Month.with_user(self.stock_user)
        ratios = ["turnover", "variance_pct", "stockout_incidents_per_month"]
        ratios.append("dispute_resolution_days")
        groups = Month.formatted_read_group(
            [("agreement_id", "=", self.agreement.id)],
            ["partner_id"],
            [f"{name}:avg" for name in ratios],
        )
        self.assertEqual(len(groups), 1)
        for name in ratios:
            self.assertAlmostEqual(groups[0][f"{name}:avg"], live[name], places=2, msg=name)
        self.assertGreater(groups[0]["turnover:avg"], 30.0)
        self.assertLess((january.turnover + february.turnover) / 2, 3.0)

    def test_ratios_of_a_month_of_several_agreements(self):
        """Grouped by month over three agreements started on 15 January, each month is one
        month of each: January (17 days each) is not annualised, and the stock-outs per
        month over both months are those of the dashboard's total (45 days), not a third of
        them."""
        agreements = self.agreement | self._agreements(2)
        self._refresh(agreements)
        Month = self.Month.with_user(self.stock_user)
        domain = [("agreement_id", "in", agreements.ids)]
        facts = self.Month.search(domain)
        januaries = facts.filtered(lambda fact: fact.month == JANUARY)
        self.assertEqual(januaries.mapped("window_days"), [17, 17, 17])
        groups = Month.formatted_read_group(
            domain, ["month:month"], ["turnover:avg", "stockout_incidents:sum"]
        )
        self.assertEqual(len(groups), 2)
        january_sums = {
            name: sum(januaries.mapped(name)) for name in ("consumed_value", "stock_value_days")
        }
        self.assertGreater(january_sums["stock_value_days"], 0)
        self.assertAlmostEqual(
            groups[0]["turnover:avg"],
            january_sums["consumed_value"] * 17 / january_sums["stock_value_days"],
            places=2,
        )
        incidents = sum(facts.mapped("stockout_incidents"))
        self.assertGreaterEqual(incidents, 2)
        total = Month.formatted_read_group(domain, [], ["stockout_incidents_per_month:avg"])
        with freeze_time(TODAY):
            dashboard = self._dashboard(agreements)
        self.assertEqual(dashboard.stockout_incidents, incidents)
        self.assertAlmostEqual(
            dashboard.stockout_incidents_per_month, incidents / (45 * 12 / 365), places=2
        )
        self.assertAlmostEqual(
            total[0]["stockout_incidents_per_month:avg"],
            dashboard.stockout_incidents_per_month,
            places=2,
        )

    def test_facts_per_product(self):
        self._refresh()
        facts = self.env["consignment.kpi.product.month"].search(
            [("agreement_id", "=", self.agreement.id)], order="month"
        )
        # 1,000 value-days over January's 17 days, 600 over February's 28.
        self.assertRecordValues(
            facts,
            [
                {"month": JANUARY, "product_id": self.product.id, "stockout_incidents": 1},
                {"month": FEBRUARY, "product_id": self.product.id, "stockout_incidents": 1},
            ],
        )
        self.assertAlmostEqual(facts[0].avg_stock_value, 1000.0 / 17, places=2)
        self.assertAlmostEqual(facts[1].avg_stock_value, 600.0 / 28, places=2)
        self._refresh()
        self.assertEqual(
            self.env["consignment.kpi.product.month"].search_count(
                [("agreement_id", "=", self.agreement.id)]
            ),
            2,
            "a second refresh replaces the rows",
        )

    def test_amounts_in_the_company_currency(self):
        """Facts of agreements in different currencies add up: an agreement priced in a
        second currency worth half the company's has its amounts halved in its facts."""
        company_currency = self.company.currency_id
        currency = self.env.ref("base.EUR" if company_currency.name != "EUR" else "base.USD")
        currency.active = True
        self.env["res.currency.rate"].search([("currency_id", "=", currency.id)]).unlink()
        self.env["res.currency.rate"].create(
            {"currency_id": currency.id, "name": "2025-12-01", "rate": 2.0}
        )  # 1 company unit = 2 of the other currency
        partner = self.env["res.partner"].create({"name": "Foreign Vendor"})
        foreign = self._create_agreement(
            partner=partner,
            lines=[(self.product, 10.0)],
            date_start=date(2026, 1, 15),
            currency_id=currency.id,
        )
        with freeze_time("2026-01-15 10:00:00"):
            self._receive_consignment(foreign, self.product, 10)
        with freeze_time("2026-01-25 10:00:00"):
            self._move(self.product, 10, foreign.location_id, self.customer_location, owner=partner)
        self._refresh(foreign)
        january = self._facts(foreign)[0]
        self.assertRecordValues(
            january,
            [{"currency_id": company_currency.id, "consumed_value": 50.0, "window_days": 17}],
        )
        self.assertAlmostEqual(january.stock_value_days, 500.0, places=2)
        # The ratio does not depend on the currency.
        self.assertAlmostEqual(january.turnover, 100.0 * 17 / 1000.0, places=2)

    def _dashboard(self, agreements, user=None):
        dashboard = (
            self.env["consignment.dashboard"]
            .with_user(user or self.stock_user)
            .create(
                {
                    "date_from": "2026-01-20",
                    "date_to": "2026-02-10",
                    "agreement_ids": [Command.set(agreements.ids)],
                }
            )
        )
        dashboard.action_refresh()
        return dashboard

    def test_dashboard_reads_the_facts(self):
        """The dashboard covers whole months and reads their facts: months without facts
        are computed once; the queries do not grow with the agreements."""
        with freeze_time(TODAY):
            dashboard = self._dashboard(self.agreement)
        self.assertRecordValues(
            dashboard,
            [
                {
                    "date_from": JANUARY,
                    "date_to": date(2026, 2, 28),
                    "window_days": 45,
                    "stockout_incidents": 2,
                    "missed_count": 1,
                }
            ],
        )
        self.assertAlmostEqual(dashboard.turnover, 36.5, places=2)
        self.assertAlmostEqual(dashboard.dispute_resolution_days, 4.0, places=2)
        self.assertTrue(dashboard.figures_date)
        self.assertEqual(self._facts().mapped("month"), [JANUARY, FEBRUARY])
        self.assertRecordValues(
            dashboard.line_ids,
            [{"agreement_id": self.agreement.id, "window_days": 45, "stockout_incidents": 2}],
        )
        few, many = self._agreements(2), self._agreements(6)
        self._refresh(few | many)
        with freeze_time(TODAY):
            # Warm the caches of the registry (access rules) as a measured run would.
            self._queries(lambda: self._dashboard(few))
            many_count = self._queries(lambda: self._dashboard(many))
            few_count = self._queries(lambda: self._dashboard(few))
        self.assertEqual(few_count, many_count)

    def test_recompute_takes_todays_movements(self):
        """Facts of today stay as computed until the nightly refresh or Recompute, which
        needs a consignment manager."""
        with freeze_time(TODAY):
            dashboard = self._dashboard(self.agreement)
        self.assertEqual(dashboard.stockout_incidents, 2)
        with freeze_time("2026-02-28 09:00:00"):
            self._receive_consignment(self.agreement, self.product, 3)
        with freeze_time("2026-02-28 10:00:00"):
            self._move(
                self.product,
                3,
                self.agreement.location_id,
                self.customer_location,
                owner=self.vendor,
            )
        with freeze_time(TODAY):
            dashboard.action_refresh()
            self.assertEqual(dashboard.stockout_incidents, 2)
            with self.assertRaises(AccessError):
                dashboard.action_recompute()
            dashboard.with_user(self.consignment_manager).action_recompute()
        self.assertEqual(dashboard.stockout_incidents, 3)
        self.assertEqual(self._facts()[1].stockout_incidents, 2)
