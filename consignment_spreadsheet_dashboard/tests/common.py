import json

from odoo import fields
from odoo.tests import new_test_user
from odoo.tools import date_utils, file_open

from odoo.addons.consignment_stock.tests.common import ConsignmentCase

DASHBOARD_FILE = "consignment_spreadsheet_dashboard/data/files/consignment_dashboard.json"
# The pivot of the stored monthly key figures in the dashboard file.
KPI_PIVOT = "9"


class DashboardFileMixin:
    """Reads the dashboard file's data sources as the spreadsheet does."""

    @staticmethod
    def _load_dashboard(path=DASHBOARD_FILE):
        with file_open(path) as file:
            return json.load(file)

    @staticmethod
    def _aggregate(model, measure):
        """The read_group aggregate the spreadsheet asks for ``measure``."""
        name = measure["fieldName"]
        if name == "__count":
            return "__count"
        aggregator = measure.get("aggregator") or model.fields_get([name])[name]["aggregator"]
        return f"{name}:{aggregator}"

    def _read_pivot(self, pivot, user, domain=()):
        """(groups, total) of ``pivot`` (a pivot of the dashboard file) as ``user`` reads it,
        with ``domain`` added as the global filters add theirs."""
        model = self.env[pivot["model"]].with_user(user)
        groupby = [
            row["fieldName"] + (f":{row['granularity']}" if row.get("granularity") else "")
            for row in pivot["rows"] + pivot["columns"]
        ]
        aggregates = [self._aggregate(model, measure) for measure in pivot["measures"]]
        # What the web client asks for a pivot: the groups and the total.
        groups, total = model.formatted_read_grouping_sets(
            [*pivot["domain"], *domain], [groupby, []], aggregates
        )
        return groups, total[0]


class ConsignmentSpreadsheetCase(DashboardFileMixin, ConsignmentCase):
    """A vendor agreement at 10.00 a widget: 10 received, 3 consumed (30.00 in the ledger),
    a count that finds 6 of the 7 expected (the vendor bears the loss, so the ledger keeps
    its 3), one dispute resolved and one open; the key figures of the month stored."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dashboard = cls.env.ref(
            "consignment_spreadsheet_dashboard.spreadsheet_dashboard_consignment"
        )
        # The least rights of a consignment user: its group and nothing else.
        cls.consignment_user = new_test_user(
            cls.env, login="sheet_consign_user", groups="consignment_stock.group_consignment_user"
        )
        cls.outsider = new_test_user(cls.env, login="sheet_outsider", groups="base.group_user")
        cls.agreement = cls._create_agreement(lines=[(cls.product, 10.0)], damage_bearer="owner")
        cls._receive_consignment(cls.agreement, cls.product, 10)
        cls._move(
            cls.product, 3, cls.agreement.location_id, cls.customer_location, owner=cls.vendor
        )
        cls.count = cls.env["consignment.count"].create(
            {"agreement_id": cls.agreement.id, "date": fields.Date.context_today(cls.env.user)}
        )
        cls.count.line_ids.write({"counted_qty": 6.0, "reason": "damage"})
        cls.count.action_validate()
        Dispute = cls.env["consignment.dispute"]
        Dispute._open_dispute(cls.agreement, "Bill above ledger", "manual").action_resolve(
            "Vendor credits the difference"
        )
        cls.open_dispute = Dispute._open_dispute(cls.agreement, "Late delivery", "manual")
        cls._refresh_kpi_months(cls.agreement)

    @classmethod
    def _refresh_kpi_months(cls, agreements, months=1):
        """The stored key figures of ``agreements`` over the last ``months`` months, as the
        daily refresh writes them."""
        current = date_utils.start_of(fields.Date.context_today(cls.env.user), "month")
        cls.env["consignment.kpi.month"]._refresh_kpi_months(
            agreements,
            [date_utils.subtract(current, months=offset) for offset in range(months)],
        )
