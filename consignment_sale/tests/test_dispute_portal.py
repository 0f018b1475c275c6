import re

from odoo.exceptions import AccessError
from odoo.tests import Form, HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common import ConsignmentSaleCase


@tagged("post_install", "-at_install")
class TestDisputePortal(ConsignmentSaleCase, HttpCase):
    """A customer sees the disputes of its own consignment only, opens one on a report or a
    statement, and a bad form comes back with a message and what was typed."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._move(cls.product, 10, cls.stock_location, cls.location)
        cls.other_customer = cls.env["res.partner"].create(
            {"name": "Rival Dispute Shop", "is_company": True}
        )
        cls.other_agreement = cls._create_agreement(
            partner=cls.other_customer, consignment_type="customer", lines=[(cls.product, 11.0)]
        )
        cls._move(cls.product, 5, cls.stock_location, cls.other_agreement.location_id)
        cls.portal_user = cls._portal_user("dispute_portal_a", cls.customer)
        cls.other_portal_user = cls._portal_user("dispute_portal_b", cls.other_customer)
        Report = cls.env["consignment.report"].sudo()
        cls.report = Report._portal_submit(
            cls.agreement, "sold", {(cls.product.id, False): 2}, cls.portal_user.partner_id
        )
        cls.other_report = Report._portal_submit(
            cls.other_agreement,
            "sold",
            {(cls.product.id, False): 1},
            cls.other_portal_user.partner_id,
        )
        cls.other_dispute = cls.env["consignment.dispute"]._open_dispute(
            cls.other_agreement, "Rival's secret complaint", "manual"
        )

    @classmethod
    def _portal_user(cls, login, company):
        contact = cls.env["res.partner"].create({"name": login, "parent_id": company.id})
        user = new_test_user(cls.env, login=login, groups="base.group_portal")
        user.partner_id = contact
        return user

    def setUp(self):
        super().setUp()
        self.authenticate(self.portal_user.login, self.portal_user.login)

    def _csrf(self, url):
        page = self.url_open(url)
        self.assertEqual(page.status_code, 200)
        return re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)

    def _post_report_dispute(self, report=None, **fields):
        report = report or self.report
        token = self._csrf(self.report.access_url)
        return self.url_open(
            f"/my/consignment/report/{report.id}/dispute", data={"csrf_token": token, **fields}
        )

    def _disputes(self, agreement=None):
        return self.env["consignment.dispute"].search(
            [("agreement_id", "=", (agreement or self.agreement).id)]
        )

    def test_open_from_report_over_http(self):
        response = self._post_report_dispute(
            subject="We sold 1, not 2", description="One came back broken", amount="10,50"
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("o_consignment_dispute_opened", response.text)
        dispute = self._disputes()
        self.assertRecordValues(
            dispute,
            [
                {
                    "subject": "We sold 1, not 2",
                    "description": "One came back broken",
                    "amount": 10.5,
                    "origin": "portal",
                    "state": "open",
                    "partner_id": self.customer.id,
                }
            ],
        )
        self.assertEqual(dispute.source, self.report)
        self.assertIn(f"{dispute.access_url}?opened=1", response.url)
        self.assertIn(self.portal_user.partner_id, dispute.message_partner_ids)
        self.assertRecordValues(dispute.activity_ids, [{"user_id": self.agreement.user_id.id}])
        # The report page lists it; the dispute page shows no internal field, and carries
        # the chatter with the token that lets the customer answer.
        self.assertIn(dispute.name, self.url_open(self.report.access_url).text)
        self.assertNotIn(self.agreement.user_id.name, response.text)
        self.assertIn("o_portal_chatter", response.text)
        self.assertIn(f'data-token="{dispute.access_token}"', response.text)

    def test_open_from_statement(self):
        token = self._csrf(f"/my/consignment/{self.agreement.id}")
        response = self.url_open(
            f"/my/consignment/{self.agreement.id}/dispute",
            data={"csrf_token": token, "subject": "Statement of May is wrong", "amount": ""},
        )
        self.assertIn("o_consignment_dispute_opened", response.text)
        self.assertRecordValues(
            self._disputes(), [{"origin": "portal", "amount": 0.0, "description": False}]
        )
        self.assertEqual(self._disputes().source, self.agreement)

    def test_bad_post_shows_message_and_keeps_text(self):
        for fields, message in (
            ({"subject": "  ", "description": "Keep what I typed"}, "Subject"),
            ({"subject": "Price", "description": "Keep what I typed", "amount": "abc"}, "number"),
            ({"subject": "Price", "description": "Keep what I typed", "amount": "nan"}, "number"),
            ({"subject": "Price", "description": "Keep what I typed", "amount": "-5"}, "positive"),
            ({"subject": "x" * 300, "description": "Keep what I typed"}, "under"),
        ):
            with self.subTest(fields=fields):
                response = self._post_report_dispute(**fields)
                self.assertEqual(response.status_code, 200)
                self.assertNotIn("Traceback", response.text)
                self.assertIn("o_consignment_error", response.text)
                self.assertIn(message, response.text)
                self.assertIn("Keep what I typed", response.text)
        self.assertFalse(self._disputes(), "Nothing written")

    @mute_logger("odoo.http")  # Odoo warns of the missing token: the refusal is the point
    def test_post_without_csrf_refused(self):
        response = self.url_open(
            f"/my/consignment/report/{self.report.id}/dispute", data={"subject": "No token"}
        )
        self.assertEqual(response.status_code, 400)
        self.assertFalse(self._disputes())

    def test_sees_own_disputes_only(self):
        mine = self.env["consignment.dispute"]._open_dispute(self.agreement, "Ours", "manual")
        listing = self.url_open("/my/consignment/disputes")
        self.assertEqual(listing.status_code, 200)
        self.assertIn(mine.name, listing.text)
        self.assertNotIn("Rival", listing.text)
        self.assertEqual(self.url_open(mine.access_url).status_code, 200)
        self.assertEqual(self.url_open(self.other_dispute.access_url).status_code, 404)
        Dispute = self.env["consignment.dispute"].with_user(self.portal_user)
        self.assertEqual(Dispute.search([]), mine)
        with self.assertRaises(AccessError):
            Dispute.browse(self.other_dispute.id).read(["subject"])
        with self.assertRaises(AccessError):
            Dispute.create({"agreement_id": self.agreement.id, "subject": "Direct"})

    def test_customer_answers_in_the_chatter(self):
        dispute = self.env["consignment.dispute"]._open_dispute(self.agreement, "Ours", "manual")
        self.assertEqual(self.url_open(dispute.access_url).status_code, 200)
        self.make_jsonrpc_request(
            "/mail/message/post",
            {
                "thread_model": "consignment.dispute",
                "thread_id": dispute.id,
                "post_data": {"body": "We counted again: 12", "message_type": "comment"},
                "token": dispute.access_token,
            },
        )
        message = dispute.message_ids.filtered(lambda m: "We counted again" in str(m.body))
        self.assertEqual(message.author_id, self.portal_user.partner_id)

    def test_consignment_user_opens_from_report_form(self):
        user = new_test_user(
            self.env, login="dispute_report_user", groups="consignment_stock.group_consignment_user"
        )
        action = self.report.with_user(user).action_open_dispute()
        dispute = Form(
            self.env["consignment.dispute"].with_user(user).with_context(**action["context"])
        ).save()
        self.assertRecordValues(
            dispute, [{"origin": "report", "agreement_id": self.agreement.id, "state": "open"}]
        )
        self.assertEqual(dispute.source, self.report)
        self.assertEqual(self.report.with_user(user).dispute_count, 1)

    def test_other_customers_report_refused(self):
        response = self._post_report_dispute(report=self.other_report, subject="Not mine")
        self.assertTrue(response.url.endswith("/my"), response.url)
        self.assertFalse(self._disputes(self.other_agreement) - self.other_dispute)


@tagged("post_install", "-at_install")
class TestDisputeTour(ConsignmentSaleCase, HttpCase):
    """In the browser, as the customer's portal user: a dispute opened on a report."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._move(cls.product, 10, cls.stock_location, cls.location)
        contact = cls.env["res.partner"].create(
            {"name": "Tour Buyer", "parent_id": cls.customer.id}
        )
        cls.portal_user = new_test_user(cls.env, login="dispute_tour", groups="base.group_portal")
        cls.portal_user.partner_id = contact
        cls.report = (
            cls.env["consignment.report"]
            .sudo()
            ._portal_submit(cls.agreement, "sold", {(cls.product.id, False): 2}, contact)
        )

    def test_portal_dispute_tour(self):
        self.start_tour(
            self.report.access_url, "consignment_sale_portal_dispute", login="dispute_tour"
        )
        dispute = self.env["consignment.dispute"].search([("agreement_id", "=", self.agreement.id)])
        self.assertRecordValues(
            dispute,
            [
                {
                    "subject": "We sold 1 widget, not 2",
                    "description": "One came back broken",
                    "amount": 10.0,
                    "origin": "portal",
                }
            ],
        )
        self.assertEqual(dispute.source, self.report)
