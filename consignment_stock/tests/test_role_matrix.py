from pathlib import Path

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import ConsignmentCase

README = Path(__file__).resolve().parents[2] / "README.md"

# The roles of the README's table, each with the least rights it has.
ROLE_GROUPS = {
    "Buyer": "purchase.group_purchase_user",
    "Salesperson": "sales_team.group_sale_salesman",
    "Warehouse staff": "stock.group_stock_user",
    "Accountant": "account.group_account_invoice",
    "Consignment manager": "consignment_stock.group_consignment_manager",
}


def read_role_table(path=README):
    """[(action, method, {consignment type: set of roles, or None where it does not
    apply})] from the table between the role-table markers of the README."""
    text = path.read_text(encoding="utf-8")
    table = text.split("<!-- role-table:start -->", 1)[1].split("<!-- role-table:end -->", 1)[0]
    rows = []
    for line in table.strip().splitlines()[2:]:
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        action, method, vendor, customer = cells
        allowed = {}
        for consignment_type, cell in (("vendor", vendor), ("customer", customer)):
            if cell == "-":
                allowed[consignment_type] = None
                continue
            roles = set()
            for name in cell.split(","):
                name = name.strip()
                role = next((role for role in ROLE_GROUPS if name.startswith(role)), None)
                if role is None:
                    raise AssertionError(f"README role table: unknown role {name!r} ({action})")
                roles.add(role)
            allowed[consignment_type] = roles
        rows.append((action, method.strip("`"), allowed))
    return rows


@tagged("post_install", "-at_install")
class TestRoleMatrix(ConsignmentCase):
    """Every (role, action) pair of the README's role table, run through the ORM as a user
    with only that role's rights: allowed pairs do what the action does, the others are
    refused with an AccessError and change nothing."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.role_users = {}
        for index, (role, group) in enumerate(ROLE_GROUPS.items()):
            if not cls.env.ref(group, raise_if_not_found=False):
                continue
            cls.role_users[role] = new_test_user(
                cls.env, login=f"role_matrix_{index}", groups=group, name=f"Matrix {role}"
            )

    def test_table_names_every_guarded_action(self):
        rows = read_role_table()
        methods = {method for _action, method, _allowed in rows}
        self.assertEqual(len(methods), len(rows), "one row per method")
        for method in methods:
            model, name = method.rsplit(".", 1)
            if model in self.env:
                self.assertTrue(hasattr(self.env[model], name), method)

    def test_every_role_and_action(self):
        checked = 0
        for action, method, allowed in read_role_table():
            model, name = method.rsplit(".", 1)
            if model not in self.env:
                continue  # the add-on of this row is not installed
            scenario = getattr(self, f"_scenario_{name}_{model.replace('.', '_')}")
            for consignment_type, roles in allowed.items():
                if roles is None:
                    continue
                for role, user in self.role_users.items():
                    with self.subTest(action=action, type=consignment_type, role=role):
                        with self.env.cr.savepoint() as savepoint:
                            run, done = scenario(consignment_type)
                            if role in roles:
                                run(user)
                                self.assertTrue(done(), f"{action} did not happen")
                            else:
                                with self.assertRaises(AccessError):
                                    run(user)
                                self.env.invalidate_all()
                                self.assertFalse(done(), f"{action} happened although refused")
                            savepoint.close(rollback=True)
                        checked += 1
        self.assertGreaterEqual(checked, 80)

    # ------------------------------------------------------------------
    # Scenarios: (run as a user, did it happen?) for one consignment type
    # ------------------------------------------------------------------
    def _agreement(self, consignment_type, activate=True):
        return self._create_agreement(
            consignment_type=consignment_type, lines=[(self.product, 10.0)], activate=activate
        )

    def _stock_at(self, agreement, quantity=5):
        if agreement.consignment_type == "vendor":
            self._receive_consignment(agreement, self.product, quantity)
        else:
            self._move(self.product, quantity, self.supplier_location, self.stock_location)
            self._move(self.product, quantity, self.stock_location, agreement.location_id)

    def _consume(self, agreement, quantity=2):
        self._stock_at(agreement)
        owner = agreement.partner_id if agreement.consignment_type == "vendor" else None
        self._move(
            self.product,
            quantity,
            agreement.location_id,
            self.customer_location,
            owner=owner,
        )

    @staticmethod
    def _as(record, user):
        return record.with_user(user).with_context(tracking_disable=True)

    def _scenario_action_activate_consignment_agreement(self, consignment_type):
        agreement = self._agreement(consignment_type, activate=False)
        return (
            lambda user: self._as(agreement, user).action_activate(),
            lambda: agreement.state == "active",
        )

    def _scenario_action_terminate_consignment_agreement(self, consignment_type):
        agreement = self._agreement(consignment_type)
        return (
            lambda user: self._terminate(self._as(agreement, user)),
            lambda: agreement.state == "terminating",
        )

    def _scenario_action_close_consignment_agreement(self, consignment_type):
        agreement = self._agreement(consignment_type)
        return (
            lambda user: self._as(agreement, user).action_close(),
            lambda: agreement.state == "closed",
        )

    def _scenario_action_draft_consignment_agreement(self, consignment_type):
        agreement = self._agreement(consignment_type)
        agreement.action_close()
        return (
            lambda user: self._as(agreement, user).action_draft(),
            lambda: agreement.state == "draft",
        )

    def _scenario_action_refresh_kpis_consignment_agreement(self, consignment_type):
        agreement = self._agreement(consignment_type)
        return (
            lambda user: self._as(agreement, user).action_refresh_kpis(),
            lambda: bool(agreement.invalidate_recordset() or agreement.kpi_refreshed_on),
        )

    def _scenario_action_recompute_consignment_dashboard(self, consignment_type):
        agreement = self._agreement(consignment_type)
        dashboard = self.env["consignment.dashboard"].create(
            {"agreement_ids": [fields.Command.set(agreement.ids)]}
        )
        Month = self.env["consignment.kpi.month"]
        return (
            lambda user: self._as(dashboard, user).action_recompute(),
            lambda: bool(Month.search_count([("agreement_id", "=", agreement.id)])),
        )

    def _scenario_action_replenish_consignment_agreement(self, consignment_type):
        agreement = self._create_agreement(
            consignment_type=consignment_type,
            lines=[
                {"product_id": self.product.id, "price_unit": 10.0, "min_qty": 2.0, "max_qty": 5.0}
            ],
        )
        if consignment_type == "customer":
            self._move(self.product, 5, self.supplier_location, self.stock_location)
        location = agreement.location_id

        def replenished():
            if self.env["stock.move"].search([("location_dest_id", "=", location.id)]):
                return True
            return "purchase.order.line" in self.env and bool(
                self.env["purchase.order.line"].search(
                    [("order_id.consignment_agreement_id", "=", agreement.id)]
                )
            )

        return lambda user: self._as(agreement, user).action_replenish(), replenished

    def _scenario_action_create_invoices_consignment_agreement(self, consignment_type):
        agreement = self._agreement(consignment_type)
        self._consume(agreement)
        today = fields.Date.context_today(agreement)
        return (
            lambda user: self._as(agreement, user).action_create_invoices(period_end=today),
            lambda: bool(
                self.env["account.move"].search([("consignment_agreement_id", "=", agreement.id)])
            ),
        )

    def _scenario_action_pickup_consignment_agreement(self, consignment_type):
        agreement = self._agreement(consignment_type)
        self._stock_at(agreement)
        return (
            lambda user: self._as(agreement, user).action_pickup(),
            lambda: bool(
                self.env["stock.picking"].search(
                    [("location_id", "=", agreement.location_id.id), ("state", "!=", "done")]
                )
            ),
        )

    def _count(self, agreement, counted):
        count = self.env["consignment.count"].create({"agreement_id": agreement.id})
        count.line_ids.write({"counted_qty": counted})
        return count

    def _scenario_action_validate_consignment_count(self, consignment_type):
        agreement = self._agreement(consignment_type)
        self._stock_at(agreement)
        count = self._count(agreement, 5)
        count.action_submit()
        return (
            lambda user: self._as(count, user).action_validate(),
            lambda: count.state == "validated",
        )

    def _scenario_action_mark_reviewed_consignment_count(self, consignment_type):
        agreement = self._agreement(consignment_type)
        self._stock_at(agreement)
        count = self._count(agreement, 6)
        count.line_ids.reason = "unrecorded_receipt"
        count.action_validate()
        self.assertTrue(count.needs_review)
        return (
            lambda user: self._as(count, user).action_mark_reviewed(),
            lambda: count.review_done,
        )

    def _scenario_action_validate_consignment_report(self, consignment_type):
        agreement = self._agreement(consignment_type)
        self._stock_at(agreement)
        report = self.env["consignment.report"].create(
            {
                "agreement_id": agreement.id,
                "line_ids": [(0, 0, {"product_id": self.product.id, "quantity": 1.0})],
            }
        )
        report.action_submit()
        return (
            lambda user: self._as(report, user).action_validate(),
            lambda: report.state == "validated",
        )

    def _scenario_action_take_over_consignment_take_over(self, consignment_type):
        agreement = self._agreement(consignment_type)
        self._stock_at(agreement)

        def run(user):
            wizard = (
                self.env["consignment.take.over"]
                .with_user(user)
                .with_context(active_model="consignment.agreement", active_ids=agreement.ids)
                .create({})
            )
            wizard.action_take_over()

        return run, lambda: self._quant_qty(self.product, self.stock_location, owner=False) > 0

    def _scenario_action_accept_consignment_difference_accept(self, consignment_type):
        agreement = self._agreement(consignment_type)
        self._consume(agreement)
        today = fields.Date.context_today(agreement)
        bill = self.env["account.move"].browse(agreement.action_create_invoices(period_end=today))
        bill.invoice_line_ids[:1].quantity += 1
        bill.invoice_date = today
        self.assertEqual(bill.consignment_difference_state, "to_accept")

        def run(user):
            wizard = (
                self.env["consignment.difference.accept"]
                .with_user(user)
                .create({"move_id": bill.id, "reason": "Vendor counted one more"})
            )
            wizard.action_accept()

        return run, lambda: bill.consignment_difference_state == "accepted"

    def _scenario_create_consignment_dispute(self, consignment_type):
        agreement = self._agreement(consignment_type)
        Dispute = self.env["consignment.dispute"]
        return (
            lambda user: self._as(Dispute, user).create(
                {"agreement_id": agreement.id, "subject": "Partner disagrees"}
            ),
            lambda: bool(Dispute.search([("agreement_id", "=", agreement.id)])),
        )

    def _scenario_action_resolve_consignment_dispute(self, consignment_type):
        agreement = self._agreement(consignment_type)
        dispute = self.env["consignment.dispute"].create(
            {"agreement_id": agreement.id, "subject": "Partner disagrees"}
        )
        return (
            lambda user: self._as(dispute, user).action_resolve("Partner agreed"),
            lambda: dispute.state == "resolved",
        )
