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
