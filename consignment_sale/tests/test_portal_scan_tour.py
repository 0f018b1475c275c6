from odoo.tests import tagged

from odoo.addons.consignment_stock.tests.user_guide import UserGuideCase

from .test_portal_scan import PortalScanCase


@tagged("post_install", "-at_install")
class TestPortalScanTour(UserGuideCase, PortalScanCase):
    """On the phone, the customer reports by scanning: the camera and a hand scanner, a
    refused code, a scan removed, the list kept over a reload, then Submit."""

    browser_size = "375x667"
    touch_enabled = True

    def test_report_by_scanning_on_the_phone(self):
        url = f"/my/consignment/{self.agreement.id}"
        login = self.portal_user.login
        self.start_tour(url, "consignment_sale_portal_scan", login=login)
        self.capture_screen(
            "consignment_sale",
            "portal_scan",
            url,
            "form .o_consignment_portal_scan:not(.d-none)",
            login,
            scroll=True,
        )
        self.start_tour(url, "consignment_sale_portal_scan_submit", login=login)
        report = self.env["consignment.report"].search([("agreement_id", "=", self.agreement.id)])
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
        scans = self.env["consignment.scan"].search(
            [("res_model", "=", "consignment.report"), ("res_id", "=", report.id)], order="id"
        )
        self.assertRecordValues(
            scans,
            [
                {"barcode": barcode, "result": result, "report_line_id": line.id}
                for barcode, result, line in (
                    ("7612345678900", "error", lines.browse()),
                    ("7612345678900", "ok", lines[1]),
                    ("010400638133393110LOT-A\x1d303", "ok", lines[0]),
                    ("NOPE-42", "error", lines.browse()),
                )
            ],
        )
        self.assertEqual(scans.user_id, self.portal_user)
        self.assertIn("Removed", scans[0].message)
