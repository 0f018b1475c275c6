import re

from odoo.tests import tagged

from .common import KPI_PIVOT, ConsignmentSpreadsheetCase

SAMPLE_FILE = "consignment_spreadsheet_dashboard/data/files/consignment_sample_dashboard.json"
# The spreadsheet version Odoo 19 writes: a file of it loads without migration.
SPREADSHEET_VERSION = "18.5.10"


@tagged("post_install", "-at_install")
class TestSpreadsheetDashboard(ConsignmentSpreadsheetCase):
    def _check_chain(self, model, chain):
        """Follow ``chain`` (a global filter's field path) from ``model`` as the user, and
        filter on it, as the dashboard does when the filter is set."""
        current = model
        for name in chain.split("."):
            described = current.fields_get([name])
            self.assertIn(name, described, f"{current._name} has no field {name} ({chain})")
            if described[name].get("relation"):
                current = current.env[described[name]["relation"]]
        if described[name]["type"] in ("date", "datetime"):
            model.search_count([(chain, ">=", "2026-01-01")])
        else:
            model.search_count([(chain, "!=", False)])

    def _check_matching(self, model, field_matching):
        for matching in field_matching.values():
            self._check_chain(model, matching["chain"])

    def test_file_is_an_odoo_19_spreadsheet(self):
        for path in (SAMPLE_FILE, None):
            data = self._load_dashboard(path) if path else self._load_dashboard()
            self.assertEqual(data["version"], SPREADSHEET_VERSION)
            self.assertEqual([sheet["name"] for sheet in data["sheets"]], ["Dashboard", "Data"])
            cells = {sheet["name"]: sheet["cells"] for sheet in data["sheets"]}
            # Every figure's value and baseline is a cell of the Data sheet that is filled;
            # from version 18.5.1 on, a chart figure names its chart (none is migrated).
            for figure in data["sheets"][0]["figures"]:
                self.assertEqual(figure["data"].get("chartId"), figure["id"])
                for key in ("keyValue", "baseline"):
                    if key in figure["data"]:
                        sheet_name, cell = figure["data"][key].split("!")
                        self.assertIn(cell, cells[sheet_name], f"{path}: {key} {cell}")
        stored = self.dashboard.sudo()._get_serialized_readonly_dashboard()
        self.assertIn('"Consumption by agreement"', stored)
        self.assertEqual(self.dashboard._get_sample_dashboard(), self._load_dashboard(SAMPLE_FILE))

    def _pivots_on_agreements(self, agreements):
        """{pivot id: (groups, total)} of every pivot of the dashboard, read as the
        consignment user and filtered on ``agreements`` as the Agreement filter does: every
        pivot follows it, and other records of the database stay out of the figures."""
        data = self._load_dashboard()
        agreement_filter = next(
            item["id"]
            for item in data["globalFilters"]
            if item.get("modelName") == "consignment.agreement"
        )
        results = {}
        for pivot_id, pivot in data["pivots"].items():
            chain = pivot["fieldMatching"][agreement_filter]["chain"]
            results[pivot_id] = self._read_pivot(
                pivot, self.consignment_user, [(chain, "in", agreements.ids)]
            )
        return results

    def test_pivots_read_as_a_consignment_user(self):
        data = self._load_dashboard()
        self.assertEqual(len(data["pivots"]), 9)
        for pivot in data["pivots"].values():
            model = self.env[pivot["model"]].with_user(self.consignment_user)
            self._check_matching(model, pivot["fieldMatching"])
            # Without an action of its own, "See records" opens the model's default views.
            if pivot.get("actionXmlId"):
                self.env.ref(pivot["actionXmlId"])
        results = self._pivots_on_agreements(self.agreement)
        # The ledger's 3 widgets at 10.00, the count's 1 missing of 7, the two disputes.
        self.assertEqual(results["1"][1]["amount:sum_currency"], 30.0)
        self.assertEqual(results["1"][1]["quantity:sum"], 3.0)
        self.assertEqual(results["2"][0][0]["agreement_id"][0], self.agreement.id)
        counted, missing = results["4"][1], results["5"][1]
        variance = (counted["variance_qty:sum"] - 2 * missing["variance_qty:sum"]) / counted[
            "expected_qty:sum"
        ]
        self.assertAlmostEqual(variance, 1 / 7)
        disputes = {group["state"]: group["__count"] for group in results["6"][0]}
        self.assertEqual(disputes, {"open": 1, "resolved": 1})
        agreements = {group["state"]: group["__count"] for group in results["7"][0]}
        self.assertEqual(agreements, {"active": 1})
        self.assertAlmostEqual(results["8"][1]["value:sum_currency"], 60.0)
        # The stored facts of this month: the ratios of their sums, by the guide's formulas
        # (turnover annualised from 30 active days on).
        fact = self.env["consignment.kpi.month"].search([("agreement_id", "=", self.agreement.id)])
        self.assertEqual(len(fact), 1)
        days = fact.window_days
        self.assertTrue(fact.stock_value_days)
        kpis = results[KPI_PIVOT][1]
        self.assertAlmostEqual(
            kpis["turnover:avg"],
            (365 if days >= 30 else days) * fact.consumed_value / fact.stock_value_days,
        )
        self.assertAlmostEqual(
            kpis["stockout_incidents_per_month:avg"],
            fact.stockout_incidents / max(days * 12 / 365, 1.0),
        )
        self.assertAlmostEqual(kpis["cash_benefit:sum_currency"], fact.cash_benefit)

    def test_amounts_of_two_currencies_are_not_added_as_they_are(self):
        """A second agreement in a currency worth half the company's, 3 widgets at 10.00
        consumed and 7 left: 30.00 and 70.00 of it are 15.00 and 35.00 of the company's."""
        other_currency = (
            self.env["res.currency"]
            .with_context(active_test=False)
            .search([("id", "!=", self.company.currency_id.id)], limit=1)
        )
        other_currency.active = True
        self.env["res.currency.rate"].create(
            {
                "currency_id": other_currency.id,
                "rate": 2.0,
                "company_id": self.company.id,
                "name": "2026-01-01",
            }
        )
        partner = self.env["res.partner"].create({"name": "Foreign Vendor", "is_company": True})
        foreign = self._create_agreement(
            partner=partner, lines=[(self.product, 10.0)], currency_id=other_currency.id
        )
        self._receive_consignment(foreign, self.product, 10)
        self._move(self.product, 3, foreign.location_id, self.customer_location, owner=partner)
        self.assertEqual(foreign.consumption_ids.amount, 30.0)
        both = self.agreement | foreign
        self._refresh_kpi_months(both)
        results = self._pivots_on_agreements(both)
        # 30.00 + 15.00, not the 60.00 the amounts add up to as they are.
        self.assertAlmostEqual(results["1"][1]["amount:sum_currency"], 45.0)
        by_agreement = {
            group["agreement_id"][0]: group["amount:sum_currency"] for group in results["2"][0]
        }
        self.assertEqual(by_agreement, {self.agreement.id: 30.0, foreign.id: 15.0})
        self.assertAlmostEqual(results["8"][1]["value:sum_currency"], 60.0 + 35.0)
        # The stored facts are in the company's currency already: their cash benefit adds up.
        facts = self.env["consignment.kpi.month"].search([("agreement_id", "in", both.ids)])
        self.assertEqual(set(facts.currency_id), {self.company.currency_id})
        foreign_fact = facts.filtered(lambda fact: fact.agreement_id == foreign)
        self.assertAlmostEqual(foreign_fact.consumed_value, 15.0)
        self.assertAlmostEqual(
            results[KPI_PIVOT][1]["cash_benefit:sum_currency"], sum(facts.mapped("cash_benefit"))
        )

    def test_lists_and_charts_read_as_a_consignment_user(self):
        data = self._load_dashboard()
        for data_list in data["lists"].values():
            model = self.env[data_list["model"]].with_user(self.consignment_user)
            order = ", ".join(
                f"{order['name']} {'asc' if order['asc'] else 'desc'}"
                for order in data_list["orderBy"]
            )
            rows = model.search_read(data_list["domain"], data_list["columns"], order=order)
            self._check_matching(model, data_list["fieldMatching"])
            if data_list["model"] == "consignment.dispute":
                disputes = model.browse([row["id"] for row in rows])
                self.assertIn(self.open_dispute, disputes)
                self.assertEqual(set(disputes.mapped("state")), {"open"})
            else:
                # The company's targets: the guide's by default.
                company = next(row for row in rows if row["id"] == self.company.id)
                self.assertEqual(company["consignment_target_variance_pct"], 2.0)
        charts = [
            figure["data"]
            for sheet in data["sheets"]
            for figure in sheet["figures"]
            if figure["data"]["type"].startswith("odoo_")
        ]
        self.assertEqual(len(charts), 5)
        for chart in charts:
            meta = chart["metaData"]
            model = self.env[meta["resModel"]].with_user(self.consignment_user)
            measure = {"fieldName": meta["measure"]}
            groups = model.formatted_read_group(
                chart["searchParams"]["domain"],
                meta["groupBy"],
                [self._aggregate(model, measure)],
            )
            self.assertTrue(groups, f"{meta['resModel']} by {meta['groupBy']}: no data")
            self._check_matching(model, chart["fieldMatching"])
        for xmlid in data["chartOdooMenusReferences"].values():
            self.env.ref(xmlid)

    def test_formulas_name_existing_data_sources(self):
        data = self._load_dashboard()
        pivots, lists = set(data["pivots"]), set(data["lists"])
        for sheet in data["sheets"]:
            for cell, content in sheet["cells"].items():
                for pivot_id in re.findall(r"PIVOT(?:\.VALUE|\.HEADER)?\((\d+)", content):
                    self.assertIn(pivot_id, pivots, f"{sheet['name']}!{cell}")
                # A value names a measure of its pivot.
                for pivot_id, measure in re.findall(r'PIVOT\.VALUE\((\d+), "(\w+)"', content):
                    measures = [item["id"] for item in data["pivots"][pivot_id]["measures"]]
                    self.assertIn(measure, measures, f"{sheet['name']}!{cell}")
                for list_id in re.findall(r"ODOO\.LIST(?:\.HEADER)?\((\d+)", content):
                    self.assertIn(list_id, lists, f"{sheet['name']}!{cell}")

    def test_only_consignment_users_see_the_dashboard(self):
        Dashboard = self.env["spreadsheet.dashboard"]
        logistics = self.env.ref("spreadsheet_dashboard.spreadsheet_dashboard_group_logistics")
        self.assertEqual(self.dashboard.dashboard_group_id, logistics)
        domain = [("id", "=", self.dashboard.id)]
        self.assertEqual(Dashboard.with_user(self.consignment_user).search(domain), self.dashboard)
        self.assertFalse(Dashboard.with_user(self.outsider).search(domain))
        self.assertFalse(self.dashboard.with_user(self.outsider).has_access("read"))
        # Live data for a consignment user: the ledger has a record in its company.
        self.assertFalse(self.dashboard.with_user(self.consignment_user)._dashboard_is_empty())
