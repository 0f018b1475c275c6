from odoo.tests import tagged

from .common import ConsignmentCase
from .scan_user_guide import ScanUserGuideCase


class ScanTourCase(ScanUserGuideCase, ConsignmentCase):
    """A count of a bolt (barcode) and a nut (internal reference), ten of each expected."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.bolt = cls._create_product("Scan Bolt", barcode="7612345678900")
        cls.nut = cls._create_product("Scan Nut", default_code="NUT-M8")
        cls.agreement = cls._create_agreement(lines=[(cls.bolt, 0.45), (cls.nut, 0.1)])
        cls._receive_consignment(cls.agreement, cls.bolt, 10)
        cls._receive_consignment(cls.agreement, cls.nut, 10)
        cls.count = cls.env["consignment.count"].create({"agreement_id": cls.agreement.id})

    @property
    def count_url(self):
        return f"/odoo/action-consignment_stock.consignment_count_action/{self.count.id}"

    def _start(self, tour):
        self.start_tour(self.count_url, tour, login=self.stock_user.login)


@tagged("post_install", "-at_install")
class TestScanTour(ScanTourCase):
    """A warehouse user counts by scanning: hand scanner, then the camera."""

    def test_count_by_scanning(self):
        self._start("consignment_stock_count_scan")
        self.assertRecordValues(
            self.count.line_ids.sorted(lambda line: line.product_id.name),
            [
                {"product_id": self.bolt.id, "counted_qty": 2.0, "is_counted": True},
                {"product_id": self.nut.id, "counted_qty": 2.0, "is_counted": True},
            ],
        )
        scans = self.env["consignment.scan"].search(
            [("res_model", "=", "consignment.count"), ("res_id", "=", self.count.id)],
            order="id",
        )
        self.assertRecordValues(
            scans,
            [
                {"barcode": code, "result": result, "user_id": self.stock_user.id}
                for code, result in (
                    ("7612345678900", "ok"),
                    ("7612345678900", "ok"),
                    ("NUT-M8", "ok"),
                    ("NOPE-42", "error"),
                    ("NUT-M8", "ok"),
                )
            ],
        )
        # The user guide's picture: scanned lines, and a code refused with its message.
        self.capture_screen(
            "consignment_stock",
            "count_scan",
            self.count_url,
            ".o_consignment_scan_last.text-bg-danger",
            self.stock_user.login,
            scans=[("7612345678900", "Scan Bolt"), ("NOPE-42", "Unknown code NOPE-42")],
        )

    def test_scan_asks_for_the_quantity(self):
        self.company.consignment_scan_ask_quantity = True
        self._start("consignment_stock_count_scan_quantity")
        bolt_line = self.count.line_ids.filtered(lambda line: line.product_id == self.bolt)
        self.assertRecordValues(bolt_line, [{"counted_qty": 4.0, "is_counted": True}])


@tagged("post_install", "-at_install")
class TestScanTourMobile(ScanTourCase):
    """The same count on a phone: the web client's mobile layout and its camera."""

    browser_size = "375x667"
    touch_enabled = True

    def test_count_with_the_phone_camera(self):
        self._start("consignment_stock_count_scan_mobile")
        bolt_line = self.count.line_ids.filtered(lambda line: line.product_id == self.bolt)
        self.assertRecordValues(bolt_line, [{"counted_qty": 1.0, "is_counted": True}])
        scans = self.env["consignment.scan"].search(
            [("res_model", "=", "consignment.count"), ("res_id", "=", self.count.id)]
        )
        self.assertRecordValues(
            scans, [{"barcode": "7612345678900", "result": "ok", "user_id": self.stock_user.id}]
        )
        self.capture_screen(
            "consignment_stock",
            "count_scan_mobile",
            self.count_url,
            ".o_consignment_scan_last.text-bg-success",
            self.stock_user.login,
            scroll=True,
            scans=[("NUT-M8", "Scan Nut")],
        )
