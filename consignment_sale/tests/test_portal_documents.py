import re

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.tests import HttpCase, TransactionCase, new_test_user, tagged
from odoo.tools.misc import format_date

from odoo.addons.consignment_sale.controllers.portal import (
    ConsignmentPortal,
    portal_error_message,
)

from .common import ConsignmentSaleCase


@tagged("post_install", "-at_install")
class TestPortalDocuments(ConsignmentSaleCase, HttpCase):
    """The customer's portal: home tile, lists, report pages and downloads, each limited to
    the customer's own commercial partner."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Our cost and internal reference must never reach the customer.
        cls.product.write({"standard_price": 7.77, "default_code": "INT-REF-9"})
        cls.order = cls._create_order([(cls.product, 10, 15.0), (cls.product_lot, 3, 5.0)])
        cls.fillup = cls.order.picking_ids
        cls._validate_picking(cls.fillup)
        # 8 widgets at 10.00 and 3 lot widgets at 4.00 remain at the site: 92.00.
        cls.report = cls._report([(cls.product, None, 2)])
        cls.other_customer = cls.env["res.partner"].create(
            {"name": "Rival Store", "is_company": True}
        )
        cls.other_agreement = cls._create_agreement(
            partner=cls.other_customer,
            consignment_type="customer",
            lines=[(cls.product, 11.0)],
        )
        cls.other_fillup = cls._move(
            cls.product, 5, cls.stock_location, cls.other_agreement.location_id
        )
        cls.other_report = cls._report([(cls.product, None, 1)], agreement=cls.other_agreement)
        cls.portal_user = cls._portal_user("consign_portal_doc", cls.customer)
        cls.other_portal_user = cls._portal_user("consign_portal_rival", cls.other_customer)

    @classmethod
    def _portal_user(cls, login, company):
        user = new_test_user(cls.env, login=login, groups="base.group_portal")
        user.partner_id.parent_id = company
        return user

    def _login(self, user=None):
        user = user or self.portal_user
        self.authenticate(user.login, user.login)

    def _csrf_token(self):
        page = self.url_open(f"/my/consignment/{self.agreement.id}")
        return re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)

    def _post_report(self, fields_values, report_type="sold"):
        return self.url_open(
            f"/my/consignment/{self.agreement.id}/report",
            data={"csrf_token": self._csrf_token(), "report_type": report_type, **fields_values},
        )

    def _assert_no_internal_data(self, text):
        for secret in ("INT-REF-9", "7.77", "Rival Store", self.other_agreement.name):
            self.assertNotIn(secret, text)
        self.assertNotIn("Traceback", text)

    # ------------------------------------------------------------------
    # Home tile
    # ------------------------------------------------------------------
    def test_home_tile_counts_running_agreements(self):
        self._login()
        home = self.url_open("/my")
        self.assertEqual(home.status_code, 200)
        self.assertIn('data-placeholder_count="consignment_count"', home.text)
        counters = self.make_jsonrpc_request("/my/counters", {"counters": ["consignment_count"]})
        self.assertEqual(counters, {"consignment_count": 1})
        # A customer with no running agreement: no tile (the counter is zero).
        draft_customer = self.env["res.partner"].create({"name": "Draft Shop", "is_company": True})
        self._create_agreement(partner=draft_customer, consignment_type="customer", activate=False)
        self._login(self._portal_user("consign_portal_draft", draft_customer))
        counters = self.make_jsonrpc_request("/my/counters", {"counters": ["consignment_count"]})
        self.assertEqual(counters, {"consignment_count": 0})

    # ------------------------------------------------------------------
    # Pages
    # ------------------------------------------------------------------
    def test_agreement_list_is_a_portal_table(self):
        self._login()
        page = self.url_open("/my/consignment")
        self.assertEqual(page.status_code, 200)
        self.assertIn("o_portal_my_doc_table", page.text)
        self.assertIn(f'href="/my/consignment/{self.agreement.id}"', page.text)
        self.assertIn("92.00", page.text, "The goods at the site, at the agreed prices")
        self.assertIn('href="/my/consignment/reports"', page.text)
        self._assert_no_internal_data(page.text)
        # Bad sort keys fall back to the default sorting, not to an error.
        self.assertEqual(self.url_open("/my/consignment?sortby=nonsense").status_code, 200)

    def test_agreement_page_values_and_downloads(self):
        self._login()
        page = self.url_open(f"/my/consignment/{self.agreement.id}")
        self.assertEqual(page.status_code, 200)
        text = page.text
        self.assertIn("Consigned Widget", text)
        for amount in ("10.00", "80.00", "4.00", "12.00", "92.00"):
            self.assertIn(amount, text)
        self.assertIn(f"/my/consignment/{self.agreement.id}/statement?period=0", text)
        self.assertIn(f"/my/consignment/{self.agreement.id}/proforma/{self.fillup.id}", text)
        self.assertIn(self.fillup.name, text)
        self.assertIn(f'href="/my/consignment/report/{self.report.id}"', text)
        self.assertNotIn(self.other_fillup.name, text)
        self.assertNotIn(self.other_report.name, text)
        self._assert_no_internal_data(text)
        # Links of the former redirect after a submission still work.
        page = self.url_open(f"/my/consignment/{self.agreement.id}?submitted={self.report.id}")
        self.assertIn("o_consignment_submitted", page.text)
        self.assertIn(f"See report {self.report.name}", page.text)

    def test_reports_list(self):
        draft = self._report([(self.product, None, 1)], validate=False)
        self._login()
        page = self.url_open("/my/consignment/reports")
        self.assertEqual(page.status_code, 200)
        self.assertIn("o_consignment_report_list", page.text)
        self.assertIn(self.report.name, page.text)
        self.assertIn("Validated", page.text)
        self.assertIn("20.00", page.text)
        self.assertNotIn(draft.name, page.text, "Drafts are our work in progress")
        self.assertNotIn(self.other_report.name, page.text)
        self._assert_no_internal_data(page.text)
        filtered = self.url_open("/my/consignment/reports?filterby=cancel")
        self.assertNotIn(self.report.name, filtered.text)
        self.assertEqual(
            self.url_open("/my/consignment/reports?filterby=x&sortby=y").status_code, 200
        )

    def test_report_page(self):
        self._login()
        page = self.url_open(self.report.access_url)
        self.assertEqual(self.report.access_url, f"/my/consignment/report/{self.report.id}")
        self.assertEqual(page.status_code, 200)
        text = page.text
        self.assertIn(self.report.name, text)
        self.assertIn("Consigned Widget", text)
        self.assertIn("Validated", text)
        for amount in ("2.00", "10.00", "20.00"):
            self.assertIn(amount, text)
        self._assert_no_internal_data(text)

    def test_report_page_of_a_count_is_estimated(self):
        self._login()
        response = self._post_report({f"qty_{self.product.id}_0": "5"}, report_type="remaining")
        report = self.agreement.report_ids.filtered(lambda r: r.report_type == "remaining")
        self.assertTrue(response.url.endswith(f"{report.access_url}?submitted=1"), response.url)
        self.assertIn("o_consignment_submitted", response.text)
        self.assertIn("Remaining", response.text)
        # 8 at the site, 5 remain: 3 sold at 10.00, 30.00.
        self.assertIn("3.00", response.text)
        self.assertIn("30.00", response.text)
        self.assertIn("estimated", response.text)

    def test_error_keeps_report_type_and_quantities(self):
        self._login()
        key = f"qty_{self.product.id}_0"
        response = self._post_report({key: "99"}, report_type="remaining")
        self.assertEqual(response.status_code, 200)
        self.assertIn("o_consignment_error", response.text)
        self.assertIn('value="99"', response.text)
        self.assertRegex(response.text, r'id="report_type_remaining"[^>]* checked=')
        self._assert_no_internal_data(response.text)
        self.assertEqual(self.agreement.report_ids, self.report)

    def test_other_customers_documents_refused(self):
        self._login()
        for url in (
            f"/my/consignment/{self.other_agreement.id}",
            self.other_report.access_url,
            f"/my/consignment/{self.other_agreement.id}/deliveries",
            "/my/consignment/report/999999999",
        ):
            with self.subTest(url=url):
                response = self.url_open(url)
                self.assertTrue(response.url.endswith("/my"), response.url)
                self.assertNotIn(self.other_report.name, response.text)
                self._assert_no_internal_data(response.text)
        # A draft report of ours is not the customer's yet.
        draft = self._report([(self.product, None, 1)], validate=False)
        self.assertTrue(self.url_open(draft.access_url).url.endswith("/my"))

    # ------------------------------------------------------------------
    # Downloads
    # ------------------------------------------------------------------
    def test_statement_download(self):
        self._login()
        response = self.url_open(
            f"/my/consignment/{self.agreement.id}/statement?period=0&download=1"
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], "application/pdf")
        self.assertIn("attachment", response.headers["Content-Disposition"])
        self.assertIn("Statement_", response.headers["Content-Disposition"])
        # Tests render reports as HTML: the document is the agreement's statement of the
        # current billing period, up to today.
        today = fields.Date.context_today(self.agreement)
        text = response.text
        self.assertIn("Consignment Statement", text)
        self.assertIn(self.agreement.name, text)
        self.assertIn(format_date(self.env, self.agreement.date_start), text)
        self.assertIn(format_date(self.env, today), text)
        for secret in ("7.77", "Rival Store", self.other_agreement.name):
            self.assertNotIn(secret, text)
        inline = self.url_open(f"/my/consignment/{self.agreement.id}/statement")
        self.assertIn("inline", inline.headers["Content-Disposition"])

    def test_statement_period_not_offered(self):
        self._login()
        for period in ("99", "-1", "abc"):
            with self.subTest(period=period):
                response = self.url_open(
                    f"/my/consignment/{self.agreement.id}/statement?period={period}"
                )
                self.assertEqual(response.status_code, 200)
                self.assertNotEqual(response.headers["Content-Type"], "application/pdf")
                self.assertIn("o_consignment_error", response.text)
                self.assertIn("not available", response.text)
                self._assert_no_internal_data(response.text)

    def test_proforma_download(self):
        self._login()
        response = self.url_open(
            f"/my/consignment/{self.agreement.id}/proforma/{self.fillup.id}?download=1"
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], "application/pdf")
        self.assertIn("Pro_forma_", response.headers["Content-Disposition"])
        text = response.text
        self.assertIn("Consignment Pro-forma Delivery Note", text)
        self.assertIn(self.fillup.name, text)
        self.assertIn("Consigned Widget", text)
        self.assertIn("100.00", text, "10 widgets at the agreed 10.00")
        for secret in ("7.77", "Rival Store", self.other_agreement.name):
            self.assertNotIn(secret, text)

    def test_downloads_of_other_customers_refused(self):
        urls = (
            f"/my/consignment/{self.agreement.id}/statement?period=0",
            f"/my/consignment/{self.agreement.id}/proforma/{self.fillup.id}",
        )
        self._login(self.other_portal_user)
        for url in urls:
            with self.subTest(url=url):
                response = self.url_open(url)
                self.assertEqual(response.status_code, 404)
                self.assertNotEqual(response.headers.get("Content-Type"), "application/pdf")
                self.assertNotIn(self.agreement.name, response.text)
        # Our customer cannot reach another customer's transfer through its own agreement,
        # nor a transfer that is no fill-up.
        self._login()
        internal = self._move(self.product, 1, self.supplier_location, self.stock_location)
        for picking in (self.other_fillup, internal):
            with self.subTest(picking=picking.name):
                response = self.url_open(
                    f"/my/consignment/{self.agreement.id}/proforma/{picking.id}"
                )
                self.assertEqual(response.status_code, 404)
        # Our salespeople read every agreement, but the portal is the customer's.
        self.authenticate(self.salesman.login, self.salesman.login)
        self.assertEqual(self.url_open(urls[0]).status_code, 404)

    def test_deliveries_page(self):
        self._login()
        page = self.url_open(f"/my/consignment/{self.agreement.id}/deliveries")
        self.assertEqual(page.status_code, 200)
        self.assertIn("o_portal_my_doc_table", page.text)
        self.assertIn(self.fillup.name, page.text)
        self.assertNotIn(self.other_fillup.name, page.text)

    # ------------------------------------------------------------------
    # Browser
    # ------------------------------------------------------------------
    def test_portal_documents_tour(self):
        self.start_tour("/my", "consignment_sale_portal_documents", login=self.portal_user.login)
        self.assertEqual(self.agreement.report_ids, self.report, "Browsing writes no report")


@tagged("post_install", "-at_install")
class TestPortalHelpers(ConsignmentSaleCase, TransactionCase):
    def _periods(self, today, **values):
        agreement = self._create_agreement(
            consignment_type="customer", activate=False, lines=[(self.product, 1.0)], **values
        )
        with freeze_time(today):
            return ConsignmentPortal()._consignment_statement_periods(agreement)

    def test_statement_periods(self):
        day = fields.Date.to_date
        # Monthly, never billed yet: the current month up to today, then the months before.
        self.assertEqual(
            self._periods(
                "2026-03-15",
                date_start=day("2026-01-01"),
                billing_period="monthly",
                next_billing_date=day("2026-02-01"),
            ),
            [
                (day("2026-03-01"), day("2026-03-15")),
                (day("2026-02-01"), day("2026-02-28")),
                (day("2026-01-01"), day("2026-01-31")),
            ],
        )
        # Weekly, billed on Thursdays: six periods at most.
        periods = self._periods(
            "2026-03-15",
            date_start=day("2025-06-05"),
            billing_period="weekly",
            next_billing_date=day("2026-03-19"),
        )
        self.assertEqual(len(periods), 6)
        self.assertEqual(periods[0], (day("2026-03-12"), day("2026-03-15")))
        self.assertEqual(periods[1], (day("2026-03-05"), day("2026-03-11")))
        # An agreement that starts after today has nothing to state yet.
        self.assertEqual(
            self._periods("2026-03-15", date_start=day("2026-03-18")),
            [],
        )

    def test_error_message_names_no_model(self):
        for error in (
            AccessError("You are not allowed to access 'Lot' (stock.lot) records."),
            MissingError("Record does not exist or has been deleted. (Record: stock.lot(7,))"),
        ):
            with self.subTest(error=type(error).__name__):
                message = portal_error_message(self.env, error)
                self.assertIn("Reload the page", message)
                self.assertNotIn("stock.lot", message)
        self.assertEqual(
            portal_error_message(self.env, UserError("Enter a quantity.")), "Enter a quantity."
        )
