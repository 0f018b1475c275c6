from datetime import timedelta

from freezegun import freeze_time
from lxml import etree

from odoo import Command, fields
from odoo.tests import new_test_user, tagged

from .common import ConsignmentCase


@tagged("post_install", "-at_install")
class TestKpiTotals(ConsignmentCase):
    """The dashboard's figures across agreements follow the same rules as each agreement's."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agreement = cls._create_agreement(lines=[(cls.product, 10.0)])

    def _validate_count(self, agreement, date, quantities):
        """A validated count of ``agreement`` on ``date``: {product: counted quantity}."""
        count = self.env["consignment.count"].create({"agreement_id": agreement.id, "date": date})
        expected = {line.product_id: line for line in count.line_ids}
        commands = []
        for product, quantity in quantities.items():
            values = {"counted_qty": quantity, "reason": "counting_error"}
            if product in expected:
                commands.append(Command.update(expected[product].id, values))
            else:
                commands.append(Command.create({"product_id": product.id, **values}))
        count.write({"line_ids": commands})
        count.action_validate()
        return count

    def _dashboard(self, agreements, date_from, date_to):
        dashboard = (
            self.env["consignment.dashboard"]
            .with_user(self.stock_user)
            .create(
                {
                    "date_from": date_from,
                    "date_to": date_to,
                    "agreement_ids": [Command.set(agreements.ids)],
                }
            )
        )
        dashboard.action_refresh()
        return dashboard

    def test_goods_found_where_none_were_expected(self):
        """A count that finds goods where none were expected is off by all it found: 100 %
        on the agreement's line, and so in the total over the agreements."""
        with freeze_time("2026-02-01 10:00:00"):
            count = self._validate_count(self.agreement, "2026-01-10", {self.product: 2.0})
            dashboard = self._dashboard(self.agreement, "2026-01-01", "2026-01-31")
        self.assertRecordValues(count.line_ids, [{"expected_qty": 0.0, "variance_qty": 2.0}])
        self.assertRecordValues(
            dashboard.line_ids, [{"agreement_id": self.agreement.id, "variance_pct": 100.0}]
        )
        self.assertRecordValues(dashboard, [{"variance_pct": 100.0}])

    def test_total_variance_weighs_agreements_by_value(self):
        """Across agreements, the variance is the sum of the differences over the sum of the
        expected values, not an average of the agreements' percentages."""
        other = self._create_agreement(
            partner=self.env["res.partner"].create({"name": "Other Vendor", "is_company": True}),
            lines=[(self.product, 10.0)],
        )
        with freeze_time("2026-01-02 10:00:00"):
            self._receive_consignment(other, self.product, 10)
        with freeze_time("2026-02-01 10:00:00"):
            self._validate_count(self.agreement, "2026-01-10", {self.product: 2.0})
            self._validate_count(other, "2026-01-10", {self.product: 9.0})
            dashboard = self._dashboard(self.agreement | other, "2026-01-01", "2026-01-31")
        self.assertRecordValues(
            dashboard.line_ids.sorted(lambda line: line.agreement_id == other),
            [
                {"agreement_id": self.agreement.id, "variance_pct": 100.0},
                {"agreement_id": other.id, "variance_pct": 10.0},
            ],
        )
        # 20.00 found where nothing was expected, 10.00 missing of 100.00 expected.
        self.assertAlmostEqual(dashboard.variance_pct, 30.0)

    def test_total_dispute_time_averages_all_disputes(self):
        """Across agreements, the dispute resolution time is the average over all their
        resolved disputes, not an average of the agreements' averages: disputes of 1 and 3
        days on one agreement and of 8 days on another make (1 + 3 + 8) / 3 = 4 days, not
        (2 + 8) / 2 = 5."""
        other = self._create_agreement(
            partner=self.env["res.partner"].create({"name": "Dispute Vendor", "is_company": True}),
            lines=[(self.product, 10.0)],
        )
        resolved = fields.Datetime.now() - timedelta(days=1)
        for agreement, days in ((self.agreement, 1), (self.agreement, 3), (other, 8)):
            dispute = self.env["consignment.dispute"]._open_dispute(agreement, "Late", "manual")
            dispute.action_resolve("Settled")
            dispute.sudo().write(
                {"opened_date": resolved - timedelta(days=days), "resolved_date": resolved}
            )
        today = fields.Date.today()
        dashboard = self._dashboard(self.agreement | other, today - timedelta(days=30), today)
        self.assertRecordValues(
            dashboard.line_ids.sorted(lambda line: line.agreement_id == other),
            [
                {"agreement_id": self.agreement.id, "dispute_resolution_days": 2.0},
                {"agreement_id": other.id, "dispute_resolution_days": 8.0},
            ],
        )
        self.assertAlmostEqual(dashboard.dispute_resolution_days, 4.0)


@tagged("post_install", "-at_install")
class TestKpiListQueries(ConsignmentCase):
    """The agreements list with its key-figure columns, as the web client reads it, takes
    as many queries for ten agreements as for two."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.consignment_user = new_test_user(
            cls.env, login="kpi_list_user", groups="consignment_stock.group_consignment_user"
        )

    def _agreements(self, count):
        """``count`` agreements, each with stock received and consumed, a validated count
        that finds a unit missing and a resolved dispute: every kind of history the key
        figures read."""
        agreements = self.env["consignment.agreement"]
        for index in range(count):
            partner = self.env["res.partner"].create({"name": f"KPI List Vendor {index}"})
            agreement = self._create_agreement(partner=partner, lines=[(self.product, 10.0)])
            with freeze_time("2026-01-05 10:00:00"):
                self._receive_consignment(agreement, self.product, 4)
            with freeze_time("2026-01-10 10:00:00"):
                self._move(
                    self.product, 2, agreement.location_id, self.customer_location, owner=partner
                )
            with freeze_time("2026-01-20 10:00:00"):
                count_record = self.env["consignment.count"].create(
                    {"agreement_id": agreement.id, "date": "2026-01-20"}
                )
                count_record.line_ids.write({"counted_qty": 1.0, "reason": "theft"})
                count_record.action_validate()
                dispute = self.env["consignment.dispute"]._open_dispute(agreement, "Late", "manual")
                dispute.action_resolve("Settled")
            agreements |= agreement
        return agreements

    def _list_read(self, agreements):
        """The agreements as the list view loads them for the consignment user: its fields,
        many2one fields with their display name."""
        Agreement = self.env["consignment.agreement"].with_user(self.consignment_user)
        view = self.env.ref("consignment_stock.consignment_agreement_view_list")
        arch = Agreement.get_views([(view.id, "list")])["views"]["list"]["arch"]
        specification = {}
        for node in etree.fromstring(arch).iter("field"):
            field = Agreement._fields[node.get("name")]
            specification[field.name] = (
                {"fields": {"display_name": {}}} if field.type == "many2one" else {}
            )
        self.assertIn("kpi_year_target_missed", specification)
        self.env.invalidate_all()
        self.env.flush_all()
        return Agreement.web_search_read([("id", "in", agreements.ids)], specification, limit=80)

    def test_list_queries_do_not_grow_with_rows(self):
        few = self._agreements(2)
        many = self._agreements(10)
        # Each count finds one unit missing of the two expected (50 %): over the target.
        self.company.consignment_target_variance_pct = 5.0
        with freeze_time("2026-02-01 12:00:00"):
            Month = self.env["consignment.kpi.month"]
            Month._refresh_kpi_months(few | many, Month._month_range(*Month._get_year_period()))
            # Warm the view and the registry's caches, then count.
            self._list_read(few)
            before = self.cr.sql_log_count
            result = self._list_read(few)
            count = self.cr.sql_log_count - before
            self.assertEqual(len(result["records"]), 2)
            with self.assertQueryCount(count):
                result = self._list_read(many)
        self.assertEqual(
            [record["kpi_year_target_missed"] for record in result["records"]], [True] * 10
        )
