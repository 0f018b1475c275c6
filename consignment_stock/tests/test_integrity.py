import base64
from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import ConsignmentCase


@tagged("post_install", "-at_install")
class TestIntegrity(ConsignmentCase):
    """Workflow fields, the ledger and posted documents change only through their actions,
    whoever calls and whatever is written; bad input is refused with a message."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agreement = cls._create_agreement(lines=[(cls.product, 10.0)])
        cls._receive_consignment(cls.agreement, cls.product, 10)
        cls.other_user = new_test_user(cls.env, login="integrity_plain", groups="base.group_user")

    def _count(self, counted=8, reason="damage"):
        count = self.env["consignment.count"].create({"agreement_id": self.agreement.id})
        count.line_ids.write({"counted_qty": counted, "reason": reason})
        return count

    def _count_moves(self, count):
        return self.env["stock.move"].search([("consignment_count_id", "=", count.id)])

    # ------------------------------------------------------------------
    # Agreements
    # ------------------------------------------------------------------
    def test_agreement_state_only_through_actions(self):
        agreement = self.agreement.with_user(self.consignment_manager)
        with self.assertRaisesRegex(UserError, "changes only through its buttons"):
            agreement.write({"state": "closed"})
        with self.assertRaisesRegex(UserError, "changes only through its buttons"):
            agreement.write({"state": "draft"})
        with self.assertRaisesRegex(UserError, "changes only through its buttons"):
            self.env["consignment.agreement"].with_user(self.consignment_manager).create(
                {
                    "partner_id": self.env["res.partner"].create({"name": "Sneaky"}).id,
                    "state": "active",
                    "line_ids": [(0, 0, {"product_id": self.product.id, "price_unit": 1.0})],
                }
            )
        self.assertEqual(self.agreement.state, "active")
        # Through the action, with its checks, the manager terminates it.
        self._terminate(agreement)
        self.assertEqual(self.agreement.state, "terminating")

    def test_activation_never_rewrites_an_ordinary_location(self):
        agreement = self._create_agreement(
            partner=self.env["res.partner"].create({"name": "Second Vendor"}), activate=False
        )
        with (
            self.assertRaisesRegex(ValidationError, "not a consignment location"),
            self.env.cr.savepoint(),
        ):
            agreement.location_id = self.stock_location
        self.assertFalse(self.stock_location.consignment_type)
        # The location of another partner is refused as well.
        with (
            self.assertRaisesRegex(ValidationError, "not a consignment location"),
            self.env.cr.savepoint(),
        ):
            agreement.location_id = self.agreement.location_id
        agreement.action_activate()
        self.assertRecordValues(
            agreement.location_id,
            [{"consignment_type": "vendor", "consignment_partner_id": agreement.partner_id.id}],
        )
        self.assertNotEqual(agreement.location_id, self.stock_location)

    def test_lines_take_storable_products_only(self):
        service = self.env["product.product"].create({"name": "Service", "type": "service"})
        goods = self.env["product.product"].create({"name": "Untracked", "type": "consu"})
        for product in (service, goods):
            with self.assertRaisesRegex(ValidationError, "not tracked in inventory"):
                self.agreement.line_ids = [(0, 0, {"product_id": product.id, "price_unit": 2.0})]

    def test_numbers_must_be_finite_and_sensible(self):
        for price in (float("nan"), float("inf"), -float("inf"), 1e308):
            with self.assertRaisesRegex(ValidationError, "smaller than a trillion"):
                self.agreement.line_ids.write({"price_unit": price})
        self.assertEqual(self.agreement.line_ids.price_unit, 10.0)

    def test_billing_period_end_checked(self):
        for value in ("not a date", "2026-02-30", 42):
            with self.assertRaisesRegex(UserError, "YYYY-MM-DD"):
                self.agreement.action_create_invoices(period_end=value)
        tomorrow = fields.Date.context_today(self.agreement) + timedelta(days=1)
        with self.assertRaisesRegex(UserError, "cannot end after today"):
            self.agreement.action_create_invoices(period_end=fields.Date.to_string(tomorrow))
        with self.assertRaisesRegex(UserError, "cannot end after today"):
            self.agreement.action_create_invoices(period_end="2099-12-31")
        self.assertFalse(
            self.env["account.move"].search([("consignment_agreement_id", "=", self.agreement.id)])
        )

    def test_statement_dates_checked(self):
        for date_from, date_to in (("yesterday", "2026-01-31"), ("2026-01-01", None), ([], {})):
            with self.assertRaisesRegex(UserError, "YYYY-MM-DD"):
                self.agreement.get_statement(date_from, date_to)
        with self.assertRaisesRegex(UserError, "start is not after its end"):
            self.agreement.get_statement("2026-02-01", "2026-01-01")

    def test_plain_user_cannot_run_actions(self):
        with self.assertRaises(AccessError):
            self.agreement.with_user(self.other_user).action_terminate()
        self.assertEqual(self.agreement.state, "active")

    # ------------------------------------------------------------------
    # The ledger
    # ------------------------------------------------------------------
    def test_ledger_read_only_for_every_user(self):
        self._move(
            self.product,
            2,
            self.agreement.location_id,
            self.customer_location,
            owner=self.vendor,
        )
        ledger = self.agreement.consumption_ids
        self.assertEqual(len(ledger), 1)
        for user in (self.consignment_manager, self.stock_user):
            record = ledger.with_user(user)
            for values in (
                {"state": "invoiced"},
                {"state": "cancelled"},
                {"quantity": 1.0},
                {"date": "2020-01-01 00:00:00"},
                {"partner_id": self.customer.id},
                {"agreement_id": self.agreement.id},
            ):
                with self.assertRaises(AccessError):
                    record.write(values)
            with self.assertRaises(AccessError):
                record.copy()
            with self.assertRaises(AccessError):
                record.unlink()
            with self.assertRaises(AccessError):
                self.env["consignment.consumption"].with_user(user).create(
                    {
                        "agreement_id": self.agreement.id,
                        "partner_id": self.vendor.id,
                        "consignment_type": "vendor",
                        "company_id": self.company.id,
                        "product_id": self.product.id,
                        "quantity": 5.0,
                        "date": fields.Datetime.now(),
                        "currency_id": self.company.currency_id.id,
                    }
                )
        self.assertRecordValues(ledger, [{"quantity": 2.0, "state": "to_invoice"}])

    # ------------------------------------------------------------------
    # Counts
    # ------------------------------------------------------------------
    def test_validated_count_posts_once_whatever_is_written(self):
        count = self._count()
        count.action_validate()
        moves = self._count_moves(count)
        self.assertEqual(len(moves), 1)
        manager_count = count.with_user(self.consignment_manager)
        for state in ("submitted", "draft"):
            with self.assertRaisesRegex(UserError, "changes only through its buttons"):
                manager_count.write({"state": state})
        with self.assertRaisesRegex(UserError, "only a count in progress or submitted"):
            manager_count.action_validate()
        with self.assertRaisesRegex(UserError, "only a count in progress or submitted"):
            manager_count.action_cancel()
        with self.assertRaisesRegex(UserError, "only a count in progress or submitted"):
            manager_count.action_recount()
        self.assertEqual(count.state, "validated")
        self.assertEqual(self._count_moves(count), moves)
        self.assertEqual(self._quant_qty(self.product, self.agreement.location_id), 8.0)

    def test_expected_quantity_is_never_typed(self):
        count = self._count(counted=10, reason=False).with_user(self.stock_user)
        with self.assertRaisesRegex(UserError, "changes only through its buttons"):
            count.line_ids.write({"expected_qty": 8.0})
        with self.assertRaisesRegex(UserError, "changes only through its buttons"):
            self.env["consignment.count.line"].with_user(self.stock_user).create(
                {
                    "count_id": count.id,
                    "product_id": self.product_lot.id,
                    "expected_qty": 5.0,
                    "counted_qty": 5.0,
                }
            )
        self.assertEqual(count.line_ids.expected_qty, 10.0)

    def test_count_workflow_fields_not_writable(self):
        count = self._count().with_user(self.stock_user)
        for values in (
            {"validated_by_id": self.stock_user.id},
            {"submitted_by_partner": True},
            {"submitted_date": "2020-01-01 00:00:00"},
            {"review_done": True},
        ):
            with self.assertRaisesRegex(UserError, "changes only through its buttons"):
                count.write(values)
        with self.assertRaisesRegex(AccessError, "Only the customer portal"):
            count.action_submit(partner=self.vendor)
        self.assertEqual(count.state, "draft")

    def test_count_validated_only_by_who_may_change_it(self):
        # A consignment manager of another company reads nothing of this count.
        other_company = self.env["res.company"].create({"name": "Other Count Company"})
        outsider = new_test_user(
            self.env,
            login="integrity_outsider",
            groups="consignment_stock.group_consignment_manager",
            company_id=other_company.id,
            company_ids=[(6, 0, other_company.ids)],
        )
        count = self._count()
        count.action_submit()
        with self.assertRaises(AccessError):
            count.with_user(outsider).action_validate()
        self.assertEqual(count.state, "submitted")
        self.assertFalse(self._count_moves(count))

    def test_future_count_date_refused(self):
        tomorrow = fields.Date.context_today(self.agreement) + timedelta(days=1)
        with self.assertRaisesRegex(ValidationError, "in the future"):
            self.env["consignment.count"].create(
                {"agreement_id": self.agreement.id, "date": tomorrow}
            )

    def test_count_import_refuses_bad_files(self):
        count = self._count(counted=0, reason=False)
        count.line_ids.write({"is_counted": False})

        def import_file(content, filename="count.csv"):
            wizard = self.env["consignment.count.import"].create(
                {
                    "count_id": count.id,
                    "file": base64.b64encode(content),
                    "filename": filename,
                }
            )
            return wizard.action_import()

        code = self.product.default_code or self.product.name
        cases = [
            (b"Product;Counted\n", "header row but no counted products"),
            (f"Product;Counted\n{code};inf\n".encode(), "is not a quantity"),
            (f"Product;Counted\n{code};nan\n".encode(), "is not a quantity"),
            (f"Product;Counted\n{code};1e308\n".encode(), "is not a quantity"),
            (f"Product;Counted\n{code};-3\n".encode(), "is not a quantity"),
            ("Product;Counted\nWidget\xe9;1\n".encode("latin-1") + b"\x81\x8d", "UTF-8"),
            (b"\x00\x01\x02binary", "binary data"),
            (b"PK\x03\x04 not really a workbook", "cannot be read as an XLSX"),
            (b"Product;Counted\n" + b"x;1\n" * 1_400_000, "larger than 5 MB"),
        ]
        for content, message in cases:
            with self.subTest(message=message), self.assertRaisesRegex(UserError, message):
                import_file(content)
        self.assertFalse(count.line_ids.filtered("is_counted"))
        # A correct file imports.
        import_file(f"Product;Counted\n{code};7\n".encode())
        self.assertRecordValues(count.line_ids, [{"counted_qty": 7.0, "is_counted": True}])
