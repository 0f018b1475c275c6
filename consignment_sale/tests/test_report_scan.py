from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import ConsignmentSaleCase


@tagged("post_install", "-at_install")
class TestReportScan(ConsignmentSaleCase):
    """A salesperson enters a consumption report by scanning what the customer sold."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product.barcode = "7612345678900"
        cls.product_lot.barcode = "4006381333931"
        cls.outsider = cls._create_product("Not Consigned", barcode="8712345678906")
        order = cls._create_order([(cls.product, 10, 15.0), (cls.product_lot, 6, 5.0)])
        cls._validate_picking(order.picking_ids)
        cls.report = cls.env["consignment.report"].create({"agreement_id": cls.agreement.id})

    def _scan(self, barcode, user=None, report=None, **kwargs):
        report = (report or self.report).with_user(user or self.salesman)
        return report.action_scan(barcode, **kwargs)

    def _scans(self, report=None):
        return self.env["consignment.scan"].search(
            [("res_model", "=", "consignment.report"), ("res_id", "=", (report or self.report).id)],
            order="id",
        )

    def test_scans_add_to_the_sold_quantity(self):
        self._scan("7612345678900")
        answer = self._scan("7612345678900", quantity=2)
        line = self.report.line_ids
        self.assertRecordValues(
            line, [{"product_id": self.product.id, "lot_id": False, "quantity": 3.0}]
        )
        self.assertEqual(
            (answer["result"], answer["counted_qty"], answer["line_id"]), ("ok", 3.0, line.id)
        )
        self.assertIn("3", answer["message"])
        self.assertRecordValues(
            self._scans(),
            [
                {
                    "barcode": "7612345678900",
                    "result": "ok",
                    "user_id": self.salesman.id,
                    "report_line_id": line.id,
                    "quantity": quantity,
                    "counted_qty": after,
                }
                for quantity, after in ((1.0, 1.0), (2.0, 3.0))
            ],
        )
        self.assertEqual(self.report.scan_count, 2)
        action = self.report.with_user(self.salesman).action_view_scans()
        scans = self.env["consignment.scan"].with_user(self.salesman).search(action["domain"])
        self.assertEqual(scans, self._scans())
        # The scanned report validates like a typed one.
        self.report.action_validate()
        self.assertEqual(self._quant_qty(self.product, self.customer_location), 3)

    def test_scan_adds_to_the_existing_line(self):
        self.report.line_ids = [
            (0, 0, {"product_id": self.product.id, "quantity": 4.0}),
        ]
        self._scan("7612345678900")
        self.assertRecordValues(self.report.line_ids, [{"quantity": 5.0}])

    def test_scan_lot(self):
        self._scan("LOT-A")
        self._scan("LOT-A", quantity=3)
        self.assertRecordValues(
            self.report.line_ids,
            [{"product_id": self.product_lot.id, "lot_id": self.lot_a.id, "quantity": 4.0}],
        )

    def test_remaining_report_scans_the_remaining_quantity(self):
        report = self.env["consignment.report"].create(
            {"agreement_id": self.agreement.id, "report_type": "remaining"}
        )
        self._scan("7612345678900", report=report, quantity=7)
        self.assertRecordValues(report.line_ids, [{"remaining_qty": 7.0, "quantity": 0.0}])
        report.action_validate()
        self.assertEqual(report.line_ids.quantity, 3.0)

    def test_refused_scans_change_nothing_and_are_logged(self):
        self.company.nomenclature_id = self.env.ref(
            "barcodes_gs1_nomenclature.default_gs1_nomenclature"
        )
        lots = self.env["stock.lot"].search_count([])
        cases = [
            ("NOPE-42", "Unknown code NOPE-42"),
            ("8712345678906", "is not part of this agreement"),
            ("4006381333931", "scan the label with its lot"),
            ("010400638133393110NEW-LOT", "was never delivered to the customer"),
        ]
        for barcode, message in cases:
            with self.subTest(barcode=barcode):
                answer = self._scan(barcode)
                self.assertEqual((answer["result"], answer["sound"]), ("error", "error"))
                self.assertIn(message, answer["message"])
        answer = self._scan("7612345678900", quantity=-1)
        self.assertIn("greater than zero", answer["message"])
        self.assertFalse(self.report.line_ids)
        self.assertEqual(self.env["stock.lot"].search_count([]), lots)
        self.assertEqual(self._scans().mapped("result"), ["error"] * 5)

    def test_locked_report_refuses_scans(self):
        self._scan("7612345678900")
        self.report.with_user(self.salesman).action_submit()
        answer = self._scan("7612345678900")
        self.assertEqual(answer["result"], "error")
        self.assertIn("scan while the report is a draft", answer["message"])
        self.report.action_validate()
        answer = self._scan("7612345678900")
        self.assertIn("no longer be changed", answer["message"])
        self.assertRecordValues(self.report.line_ids, [{"quantity": 1.0}])

    def test_users_who_may_not_edit_reports_are_refused(self):
        accountant = new_test_user(
            self.env, login="scan_accountant", groups="account.group_account_invoice"
        )
        employee = new_test_user(self.env, login="scan_employee", groups="base.group_user")
        for user in (accountant, employee):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self._scan("7612345678900", user=user)
        self.assertFalse(self.report.line_ids)
        self.assertFalse(self._scans())
        # Reading a report shows its scan count without the scan log's rights.
        self._scan("7612345678900")
        self.assertEqual(self.report.with_user(accountant).scan_count, 1)
