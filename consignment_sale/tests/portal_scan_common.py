from odoo import Command
from odoo.tests import new_test_user

from .common import ConsignmentSaleCase

GS = "\x1d"
WIDGET_BARCODE = "7612345678900"
LOT_A_LABEL = f"010400638133393110LOT-A{GS}303"


class PortalScanCase(ConsignmentSaleCase):
    """A customer with a widget (barcode), lot widgets (GS1 label) and two serial widgets at
    its site, and a portal contact who reports by scanning.

    No test here: the HTTP route tests and the phone tour share this set-up and the check of
    the report their common scenario submits."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.nomenclature_id = cls.env.ref(
            "barcodes_gs1_nomenclature.default_gs1_nomenclature"
        )
        cls.product.barcode = WIDGET_BARCODE
        cls.product.default_code = "INT-REF-77"
        cls.product_lot.barcode = "4006381333931"
        cls.outsider = cls._create_product("Not Consigned", barcode="8712345678906")
        cls.agreement.line_ids = [
            Command.create({"product_id": cls.product_serial.id, "price_unit": 9.0})
        ]
        for serial in ("SN-1", "SN-2"):
            cls._move(
                cls.product_serial, 1, cls.supplier_location, cls.stock_location, lot_name=serial
            )
        order = cls._create_order(
            [(cls.product, 10, 15.0), (cls.product_lot, 6, 5.0), (cls.product_serial, 2, 9.0)]
        )
        cls._validate_picking(order.picking_ids)
        cls.env["stock.lot"].create({"name": "LOT-AT-HOME", "product_id": cls.product_lot.id})
        contact = cls.env["res.partner"].create(
            {"name": "Scanning Buyer", "parent_id": cls.customer.id}
        )
        cls.portal_user = new_test_user(
            cls.env, login="consign_portal_scan", groups="base.group_portal"
        )
        cls.portal_user.partner_id = contact

    def _scans(self, model="consignment.agreement", res_id=None):
        return self.env["consignment.scan"].search(
            [("res_model", "=", model), ("res_id", "=", res_id or self.agreement.id)], order="id"
        )

    def _reports(self):
        return self.env["consignment.report"].search([("agreement_id", "=", self.agreement.id)])

    def _assert_scanned_report(self):
        """Check the report submitted after scanning the widget twice, LOT-A's label (three
        pieces) and an unknown code, then removing the first widget scan; returns it."""
        report = self._reports()
        self.assertRecordValues(
            report, [{"state": "submitted", "submitted_partner_id": self.portal_user.partner_id.id}]
        )
        lines = report.line_ids.sorted(lambda line: line.product_id.name)
        self.assertRecordValues(
            lines,
            [
                {"product_id": self.product_lot.id, "lot_id": self.lot_a.id, "quantity": 3.0},
                {"product_id": self.product.id, "lot_id": False, "quantity": 1.0},
            ],
        )
        self.assertFalse(self._scans(), "Nothing left waiting on the agreement")
        logged = self._scans("consignment.report", report.id)
        # The second widget scan counts alone once the first was removed.
        self.assertRecordValues(
            logged,
            [
                {
                    "barcode": barcode,
                    "result": result,
                    "report_line_id": line.id,
                    "quantity": qty,
                    "counted_qty": after,
                }
                for barcode, result, line, qty, after in (
                    (WIDGET_BARCODE, "error", lines.browse(), 1.0, 1.0),
                    (WIDGET_BARCODE, "ok", lines[1], 1.0, 1.0),
                    (LOT_A_LABEL, "ok", lines[0], 3.0, 3.0),
                    ("NOPE-42", "error", lines.browse(), 0.0, 0.0),
                )
            ],
        )
        self.assertEqual(logged[0].message, "Removed before the report was submitted.")
        self.assertIn("Unknown code NOPE-42", logged[3].message)
        self.assertEqual(logged.user_id, self.portal_user)
        return report
