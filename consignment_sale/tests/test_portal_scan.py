import re

from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException

from .portal_scan_common import GS, LOT_A_LABEL, WIDGET_BARCODE, PortalScanCase


@tagged("post_install", "-at_install")
class TestPortalScan(PortalScanCase, HttpCase):
    """The portal's scan route reads each code on the server for the customer's own
    agreement, and the report submitted from the scans logs them on its lines."""

    def setUp(self):
        super().setUp()
        self.authenticate(self.portal_user.login, self.portal_user.login)

    def _scan(self, barcode, agreement=None, report_type="sold"):
        return self.make_jsonrpc_request(
            f"/my/consignment/{(agreement or self.agreement).id}/scan",
            {"barcode": barcode, "report_type": report_type},
        )

    def _remove(self, answer, agreement=None):
        return self.make_jsonrpc_request(
            f"/my/consignment/{(agreement or self.agreement).id}/scan/{answer['scan']['id']}/remove"
        )

    def _page(self):
        page = self.url_open(f"/my/consignment/{self.agreement.id}")
        self.assertEqual(page.status_code, 200)
        return page

    def _submit(self, page, fields, report_type="sold"):
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        scan_ids = re.search(r'name="scan_ids"[^>]*value="([^"]*)"', page.text).group(1)
        return self.url_open(
            f"/my/consignment/{self.agreement.id}/report",
            data={
                "csrf_token": token,
                "report_type": report_type,
                "scan_ids": scan_ids,
                **fields,
            },
        )

    def test_scan_on_own_agreement(self):
        first = self._scan("7612345678900")
        second = self._scan("7612345678900")
        field = f"qty_{self.product.id}_0"
        self.assertEqual((first["result"], first["value"]), ("ok", "1"))
        self.assertEqual((second["result"], second["value"]), ("ok", "2"))
        self.assertEqual(
            second["scan"],
            {
                "id": second["scan"]["id"],
                "product": "Consigned Widget",
                "lot": "",
                "quantity": "1.00",
                "field": field,
            },
        )
        self.assertNotIn("INT-REF-77", str(second), "No internal reference for customers")
        self.assertRecordValues(
            self._scans(),
            [
                {
                    "barcode": "7612345678900",
                    "user_id": self.portal_user.id,
                    "product_id": self.product.id,
                    "quantity": 1.0,
                    "counted_qty": after,
                    "result": "ok",
                }
                for after in (1.0, 2.0)
            ],
        )
        self.assertTrue(all(self._scans().mapped("date")))

    def test_gs1_label_with_lot_and_quantity(self):
        answer = self._scan(f"010400638133393110LOT-A{GS}303")
        self.assertEqual(answer["result"], "ok", answer["message"])
        self.assertEqual(
            (answer["scan"]["lot"], answer["scan"]["field"], answer["value"]),
            ("LOT-A", f"qty_{self.product_lot.id}_{self.lot_a.id}", "3"),
        )
        self.assertRecordValues(
            self._scans(), [{"lot_id": self.lot_a.id, "quantity": 3.0, "result": "ok"}]
        )

    def test_other_customers_agreement_is_not_found(self):
        other = self.env["res.partner"].create({"name": "Rival Store", "is_company": True})
        other_agreement = self._create_agreement(
            partner=other, consignment_type="customer", lines=[(self.product, 3.0)]
        )
        with self.assertRaises(JsonRpcException) as caught:
            self._scan("7612345678900", agreement=other_agreement)
        self.assertEqual(caught.exception.code, 404)
        self.assertFalse(
            self.env["consignment.scan"].search([("user_id", "=", self.portal_user.id)])
        )
        # Nor may the customer remove another user's scan.
        self.authenticate(self.salesman.login, self.salesman.login)
        with self.assertRaises(JsonRpcException):
            self._scan("7612345678900")
        self.authenticate(self.portal_user.login, self.portal_user.login)
        answer = self._scan("7612345678900")
        other_user = new_test_user(
            self.env, login="consign_portal_scan2", groups="base.group_portal"
        )
        other_user.partner_id = self.portal_user.partner_id.copy()
        self.authenticate(other_user.login, other_user.login)
        with self.assertRaises(JsonRpcException) as caught:
            self._remove(answer)
        self.assertEqual(caught.exception.code, 404)
        self.assertRecordValues(self._scans(), [{"result": "ok"}])

    def test_refused_codes_say_why_and_are_logged(self):
        cases = [
            ("NOPE-42", "Unknown code NOPE-42"),
            ("8712345678906", "8712345678906 is not part of your consignment agreement"),
            ("4006381333931", "scan the label with its lot"),
            (
                "010400638133393110NEW-LOT",
                "Lot NEW-LOT of Consigned Lot Widget was never delivered",
            ),
            ("LOT-AT-HOME", "was never delivered to your site"),
            (f"010400638133393110LOT-A{GS}3099", "stand at your site"),
        ]
        for barcode, message in cases:
            with self.subTest(barcode=barcode):
                answer = self._scan(barcode)
                self.assertEqual(answer["result"], "error")
                self.assertIn(message, answer["message"])
                self.assertNotIn("Not Consigned", answer["message"])
        self.assertEqual(self._scans().mapped("result"), ["error"] * len(cases))
        self.assertEqual(self._scans()[1].product_id, self.outsider, "The log names it")

    def test_serial_scanned_twice(self):
        self.assertEqual(self._scan("SN-1")["result"], "ok")
        answer = self._scan("SN-1")
        self.assertEqual(answer["result"], "error")
        self.assertIn("Serial number SN-1 of Consigned Serial Widget is already", answer["message"])
        # Another serial number is another unit.
        serial_2 = self.env["stock.lot"].search([("name", "=", "SN-2")])
        other = self._scan("SN-2")
        self.assertEqual(
            (other["result"], other["scan"]["field"], other["value"]),
            ("ok", f"qty_{self.product_serial.id}_{serial_2.id}", "1"),
        )

    def test_submit_logs_the_scans_on_the_report_lines(self):
        widget = f"qty_{self.product.id}_0"
        lot_field = f"qty_{self.product_lot.id}_{self.lot_a.id}"
        removed = self._scan(WIDGET_BARCODE)
        self._scan(WIDGET_BARCODE)
        self._scan(LOT_A_LABEL)
        self._scan("NOPE-42")
        self.assertEqual(self._remove(removed), {"field": widget, "value": "1"})
        page = self._page()
        # The scans stay listed, and their quantities are not typed over.
        self.assertEqual(
            len(re.findall(r'o_consignment_scan_row" data-scan-id="\d+"', page.text)), 2
        )
        self.assertRegex(page.text, rf'name="{widget}" value="1"[^>]*readonly')
        response = self._submit(page, {widget: "1", lot_field: "3"})
        self.assertIn("o_consignment_submitted", response.text)
        report = self._assert_scanned_report()
        # The back office checks the report line by line.
        self.assertEqual(report.with_user(self.salesman).scan_count, 4)
        action = report.with_user(self.salesman).action_view_scans()
        self.assertEqual(
            self.env["consignment.scan"].with_user(self.salesman).search(action["domain"]),
            self._scans("consignment.report", report.id),
        )

    def test_submit_refuses_scans_the_page_does_not_show(self):
        page = self._page()
        self._scan("7612345678900")
        # The page was loaded before the scan (another window scanned meanwhile).
        response = self._submit(page, {f"qty_{self.product.id}_0": "4"})
        self.assertIn("o_consignment_error", response.text)
        self.assertIn("Your scans changed in another window", response.text)
        self.assertIn('class="o_consignment_scan_row"', response.text, "The scan is shown")
        self.assertFalse(self._reports())
        self.assertRecordValues(self._scans(), [{"result": "ok"}])

    def test_submit_refuses_a_quantity_typed_over_the_scans(self):
        self._scan("7612345678900")
        response = self._submit(self._page(), {f"qty_{self.product.id}_0": "5"})
        self.assertIn("Your scans changed in another window", response.text)
        self.assertFalse(self._reports())

    def test_scanned_report_checked_at_submit(self):
        """The quantities are checked again on Submit: goods that left the site meanwhile."""
        self._scan("7612345678900")
        self._report([(self.product, False, 10)])
        response = self._submit(self._page(), {f"qty_{self.product.id}_0": "1"})
        self.assertIn("o_consignment_error", response.text)
        self.assertEqual(len(self._reports()), 1, "Only the report entered by us")
        self.assertRecordValues(self._scans(), [{"result": "ok"}])

    def test_remaining_report_from_scans(self):
        """Scanning what remains (a count): the scans give the remaining quantity."""
        for _repeat in range(2):
            self._scan("7612345678900", report_type="remaining")
        answer = self._scan(f"010400638133393110LOT-A{GS}307", report_type="remaining")
        self.assertIn("reported remaining, but only 6.0", answer["message"])
        response = self._submit(
            self._page(), {f"qty_{self.product.id}_0": "2"}, report_type="remaining"
        )
        self.assertIn("o_consignment_submitted", response.text)
        report = self._reports()
        self.assertRecordValues(
            report.line_ids, [{"product_id": self.product.id, "remaining_qty": 2.0}]
        )
        self.assertRecordValues(
            self._scans("consignment.report", report.id),
            [{"report_line_id": report.line_ids.id, "counted_qty": after} for after in (1, 2)]
            + [{"report_line_id": False, "counted_qty": 0.0}],
        )
