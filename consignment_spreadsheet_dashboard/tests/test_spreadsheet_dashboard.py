import re

from odoo.tests import tagged

from .common import ConsignmentSpreadsheetCase

SAMPLE_FILE = "consignment_spreadsheet_dashboard/data/files/consignment_sample_dashboard.json"
# The spreadsheet version Odoo 19 writes: a file of it loads without migration.
SPREADSHEET_VERSION = "18.5.10"


@tagged("post_install", "-at_install")
class TestSpreadsheetDashboard(ConsignmentSpreadsheetCase):
    def _aggregate(self, model, measure):
        name = measure["fieldName"]
        if name == "__count":
            return "__count"
        aggregator = measure.get("aggregator") or model.fields_get([name])[name]["aggregator"]
        return f"{name}:{aggregator}"

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

    def test_pivots_read_as_a_consignment_user(self):
        data = self._load_dashboard()
        self.assertEqual(len(data["pivots"]), 8)
        agreement_filter = next(
            item["id"]
            for item in data["globalFilters"]
            if item.get("modelName") == "consignment.agreement"
        )
        results = {}
        for pivot_id, pivot in data["pivots"].items():
            model = self.env[pivot["model"]].with_user(self.consignment_user)
            # Filtered on the agreement as the dashboard's Agreement filter does: every
            # pivot follows it, and other records of the database stay out of the figures.
            chain = pivot["fieldMatching"][agreement_filter]["chain"]
            domain = [*pivot["domain"], (chain, "in", self.agreement.ids)]
            groupby = [
                row["fieldName"] + (f":{row['granularity']}" if row.get("granularity") else "")
                for row in pivot["rows"] + pivot["columns"]
            ]
            aggregates = [self._aggregate(model, measure) for measure in pivot["measures"]]
            # What the web client asks for a pivot: the groups and the total.
            groups, total = model.formatted_read_grouping_sets(domain, [groupby, []], aggregates)
            results[pivot_id] = (groups, total[0])
            self._check_matching(model, pivot["fieldMatching"])
            self.env.ref(pivot["actionXmlId"])
        # The ledger's 3 widgets at 10.00, the count's 1 missing of 7, the two disputes.
        self.assertEqual(results["1"][1]["amount:sum"], 30.0)
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
        self.assertAlmostEqual(results["8"][1]["value:sum"], 60.0)

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
        self.assertEqual(len(charts), 3)
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
