import json

from odoo import fields
from odoo.tests import new_test_user
from odoo.tools import file_open

from odoo.addons.consignment_stock.tests.common import ConsignmentCase

DASHBOARD_FILE = "consignment_spreadsheet_dashboard/data/files/consignment_dashboard.json"


class ConsignmentSpreadsheetCase(ConsignmentCase):
    """A vendor agreement at 10.00 a widget: 10 received, 3 consumed (30.00 in the ledger),
    a count that finds 6 of the 7 expected (the vendor bears the loss, so the ledger keeps
    its 3), one dispute resolved and one open."""

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

    @staticmethod
    def _load_dashboard(path=DASHBOARD_FILE):
        with file_open(path) as file:
            return json.load(file)
