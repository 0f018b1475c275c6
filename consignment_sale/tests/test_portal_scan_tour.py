from odoo.tests import tagged

from odoo.addons.consignment_stock.tests.user_guide import UserGuideCase

from .portal_scan_common import PortalScanCase


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
        self._assert_scanned_report()
