from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import ConsignmentCase

GS = "\x1d"  # FNC1 as hand scanners send it between variable-length fields


@tagged("post_install", "-at_install")
class TestScan(ConsignmentCase):
    """Scanning on a count: plain barcodes, lot numbers and GS1-128 labels."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product.barcode = "7612345678900"
        cls.product.default_code = "CW-1"
        cls.product_lot.barcode = "4006381333931"
        cls.product_serial.barcode = "5901234123457"
        cls.outsider = cls._create_product("Not Consigned", barcode="8712345678906")
        cls.agreement = cls._create_agreement(
            lines=[(cls.product, 10.0), (cls.product_lot, 4.0), (cls.product_serial, 20.0)]
        )
        cls._receive_consignment(cls.agreement, cls.product, 10)
        cls._receive_consignment(cls.agreement, cls.product_lot, 6, lot_name="LOT-S1")
        cls.lot = cls.env["stock.lot"].search([("name", "=", "LOT-S1")])
        cls.gs1 = cls.env.ref("barcodes_gs1_nomenclature.default_gs1_nomenclature")
        cls.counter = cls.stock_user
        cls.count = cls.env["consignment.count"].create({"agreement_id": cls.agreement.id})

    def _scan(self, barcode, user=None, **kwargs):
        count = self.count.with_user(user or self.counter)
        return count.action_scan(barcode, **kwargs)

    def _line(self, product, lot=None):
        return self.count.line_ids.filtered(
            lambda line: line.product_id == product and line.lot_id == (lot or line.lot_id.browse())
        )

    def _scans(self):
        return self.env["consignment.scan"].search(
            [("res_model", "=", "consignment.count"), ("res_id", "=", self.count.id)],
            order="id",
        )

    def _use_gs1(self):
        self.company.nomenclature_id = self.gs1

    # ------------------------------------------------------------------
    # Engine
    # ------------------------------------------------------------------
    def test_parse_gs1_label_with_lot_expiry_and_quantity(self):
        self._use_gs1()
        label = f"010400638133393110LOT123{GS}17271231375"
        result = self.env["consignment.scan.engine"]._parse(label, self.company)
        self.assertEqual(result["product"], self.product_lot)
        self.assertEqual(result["lot_name"], "LOT123")
        self.assertFalse(result["serial"])
        self.assertEqual(str(result["expiry"]), "2027-12-31")
        self.assertEqual(result["quantity"], 5)
        self.assertEqual(result["kind"], "gs1")

    def test_parse_gs1_label_with_serial_and_symbology_prefix(self):
        self._use_gs1()
        label = f"]C1010590123412345721SN-0001{GS}17270600"
        result = self.env["consignment.scan.engine"]._parse(label, self.company)
        self.assertEqual(result["product"], self.product_serial)
        self.assertEqual(result["lot_name"], "SN-0001")
        self.assertTrue(result["serial"])
        # Day 00: the last day of the month, as GS1 says.
        self.assertEqual(str(result["expiry"]), "2027-06-30")

    def test_parse_gs1_quantity_ai_30(self):
        self._use_gs1()
        result = self.env["consignment.scan.engine"]._parse("01076123456789003012", self.company)
        self.assertEqual(result["product"], self.product)
        self.assertEqual(result["quantity"], 12)

    def test_plain_codes_with_gs1_nomenclature(self):
        """A GS1 company still reads a plain EAN-13 and a lot number."""
        self._use_gs1()
        Engine = self.env["consignment.scan.engine"]
        self.assertEqual(Engine._parse("7612345678900", self.company)["product"], self.product)
        result = Engine._parse("LOT-S1", self.company)
        self.assertEqual((result["product"], result["lot"]), (self.product_lot, self.lot))

    def test_plain_codes_default_nomenclature(self):
        Engine = self.env["consignment.scan.engine"]
        self.assertFalse(self.company.nomenclature_id.is_gs1_nomenclature)
        for code in ("7612345678900", "CW-1"):
            result = Engine._parse(code, self.company)
            self.assertEqual((result["product"], result["kind"]), (self.product, "product"))
        result = Engine._parse("LOT-S1", self.company)
        self.assertEqual((result["product"], result["kind"]), (self.product_lot, "lot"))

    # ------------------------------------------------------------------
    # Scanning on a count
    # ------------------------------------------------------------------
    def test_scan_adds_one_per_scan(self):
        first = self._scan("7612345678900")
        self.assertEqual(first["message"], "[CW-1] Consigned Widget: 1.00 counted.")
        second = self._scan("7612345678900")
        line = self._line(self.product)
        self.assertRecordValues(line, [{"counted_qty": 2.0, "is_counted": True}])
        self.assertEqual(first["result"], "ok")
        self.assertEqual(
            {k: second[k] for k in ("result", "sound", "line_id", "counted_qty")},
            {"result": "ok", "sound": "ok", "line_id": line.id, "counted_qty": 2.0},
        )
        self.assertRecordValues(
            self._scans(),
            [
                {
                    "barcode": "7612345678900",
                    "user_id": self.counter.id,
                    "count_line_id": line.id,
                    "product_id": self.product.id,
                    "quantity": 1.0,
                    "counted_qty": counted,
                    "result": "ok",
                    "company_id": self.company.id,
                }
                for counted in (1.0, 2.0)
            ],
        )
        self.assertTrue(all(self._scans().mapped("date")))
        self.assertEqual(self.count.scan_count, 2)

    def test_scan_lot_picks_the_lot_line(self):
        self._scan("LOT-S1")
        self.assertRecordValues(self._line(self.product_lot, self.lot), [{"counted_qty": 1.0}])

    def test_scan_gs1_label_adds_its_quantity_and_new_lot(self):
        self._use_gs1()
        result = self._scan(f"010400638133393110LOT-NEW{GS}375")
        lot = self.env["stock.lot"].search([("name", "=", "LOT-NEW")])
        self.assertEqual(lot.product_id, self.product_lot)
        self.assertRecordValues(
            self._line(self.product_lot, lot),
            [{"counted_qty": 5.0, "expected_qty": 0.0, "id": result["line_id"]}],
        )

    def test_serial_scanned_twice_is_refused_and_logged(self):
        self._use_gs1()
        label = "010590123412345721SN-0001"
        self.assertEqual(self._scan(label)["result"], "ok")
        again = self._scan(label)
        self.assertEqual((again["result"], again["sound"]), ("error", "error"))
        self.assertIn("SN-0001", again["message"])
        self.assertIn("already counted", again["message"])
        serial = self.env["stock.lot"].search([("name", "=", "SN-0001")])
        self.assertRecordValues(self._line(self.product_serial, serial), [{"counted_qty": 1.0}])
        self.assertEqual(self._scans().mapped("result"), ["ok", "error"])

    def test_unknown_code_is_refused_and_logged(self):
        result = self._scan("NOPE-42")
        self.assertEqual(result["result"], "error")
        self.assertIn("Unknown code NOPE-42", result["message"])
        self.assertRecordValues(
            self._scans(),
            [{"barcode": "NOPE-42", "result": "error", "message": result["message"]}],
        )

    def test_product_outside_agreement_is_refused(self):
        lines_before = len(self.count.line_ids)
        result = self._scan("8712345678906")
        self.assertEqual(result["result"], "error")
        self.assertIn("Not Consigned is not part of this agreement", result["message"])
        self.assertEqual(len(self.count.line_ids), lines_before)
        self.assertRecordValues(
            self._scans(), [{"result": "error", "product_id": self.outsider.id}]
        )

    def test_lot_product_needs_its_lot(self):
        result = self._scan("4006381333931")
        self.assertEqual(result["result"], "error")
        self.assertIn("scan the label with its lot or serial number", result["message"])

    def test_refused_scan_leaves_no_new_lot(self):
        """A quantity refused once the new lot is made takes the lot back with it."""
        self._use_gs1()
        result = self._scan(f"010400638133393110LOT-BIG{GS}", quantity=1e20)
        self.assertEqual(result["result"], "error")
        self.assertFalse(self.env["stock.lot"].search([("name", "=", "LOT-BIG")]))
        self.assertRecordValues(self._scans(), [{"result": "error"}])

    def test_serial_quantity_other_than_one_refused(self):
        self._use_gs1()
        result = self._scan(f"010590123412345721SN-0009{GS}372")
        self.assertEqual(result["result"], "error")
        self.assertIn("a serial number counts one unit", result["message"])

    def test_ask_quantity_setting(self):
        self.company.consignment_scan_ask_quantity = True
        asked = self._scan("7612345678900")
        self.assertEqual(asked["result"], "ask_quantity")
        self.assertFalse(self._line(self.product).is_counted)
        self.assertFalse(self._scans())
        done = self._scan("7612345678900", quantity=3)
        self.assertEqual(done["result"], "ok")
        self.assertRecordValues(self._line(self.product), [{"counted_qty": 3.0}])
        refused = self._scan("7612345678900", quantity=-1)
        self.assertEqual(refused["result"], "error")
        self.assertRecordValues(self._line(self.product), [{"counted_qty": 3.0}])

    def test_submitted_count_is_locked(self):
        self._scan("7612345678900")
        for line in self.count.line_ids.filtered(lambda line: not line.is_counted):
            line.counted_qty = line.expected_qty
        self.count.line_ids.reason = "counting_error"
        self.count.action_submit()
        result = self._scan("7612345678900")
        self.assertEqual(result["result"], "error")
        self.assertIn("lines are locked", result["message"])
        self.assertRecordValues(self._line(self.product), [{"counted_qty": 1.0}])
        self.assertEqual(self._scans().mapped("result"), ["ok", "error"])

    def test_user_without_consignment_rights_refused(self):
        outsider = new_test_user(self.env, login="scan_outsider", groups="base.group_user")
        with self.assertRaises(AccessError):
            self._scan("7612345678900", user=outsider)
        self.assertFalse(self._scans())

    def test_scan_log_is_read_only_for_counters(self):
        self._scan("7612345678900")
        scan = self._scans().with_user(self.counter)
        self.assertEqual(scan.barcode, "7612345678900")
        with self.assertRaises(AccessError):
            scan.write({"quantity": 5.0})
        with self.assertRaises(AccessError):
            scan.unlink()
        with self.assertRaises(AccessError):
            self.env["consignment.scan"].with_user(self.counter).create({"barcode": "X"})

    def test_scans_of_another_company_hidden(self):
        other = self.env["res.company"].create({"name": "Other Scan Company"})
        Scan = self.env["consignment.scan"].sudo()
        ours = Scan.create({"barcode": "OURS", "company_id": self.company.id})
        Scan.create({"barcode": "THEIRS", "company_id": other.id})
        visible = (
            self.env["consignment.scan"]
            .with_user(self.counter)
            .search([("barcode", "in", ("OURS", "THEIRS"))])
        )
        self.assertEqual(visible, ours)

    def test_manager_may_correct_the_log(self):
        self._scan("7612345678900")
        scan = self._scans().with_user(self.consignment_manager)
        scan.message = "Checked with the counter"
        self.assertEqual(scan.message, "Checked with the counter")

    def test_import_uses_the_scan_lookup(self):
        """The count import finds products as scanning does: by barcode too."""
        wizard = self.env["consignment.count.import"].create(
            {"count_id": self.count.id, "file": "eA=="}
        )
        self.assertEqual(wizard._match_products({"7612345678900"}), {"7612345678900": self.product})
