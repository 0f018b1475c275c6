import io
import json
import re
from urllib.parse import quote

import PyPDF2
from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import Form, HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common import ConsignmentCase

REPORT = "consignment_stock.report_consignment_statement"


def _day(value):
    return fields.Date.to_date(value)


def _pdf_text(pdf):
    reader = PyPDF2.PdfReader(io.BytesIO(pdf))
    return " ".join(
        " ".join(page.extract_text() for page in reader.pages).replace("\u200b", "").split()
    )


class StatementRolesCase(ConsignmentCase):
    """An agreement with stock moved in May 2026 and the users of the roles that read
    statements."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.accountant = new_test_user(
            cls.env, login="statement_accountant", groups="account.group_account_invoice"
        )
        buyer_groups = "consignment_stock.group_consignment_user"
        if cls.env.ref("purchase.group_purchase_user", raise_if_not_found=False):
            buyer_groups += ",purchase.group_purchase_user"
        cls.buyer = new_test_user(cls.env, login="statement_buyer", groups=buyer_groups)
        cls.plain_user = new_test_user(
            cls.env, login="statement_plain_user", groups="base.group_user"
        )
        cls.agreement = cls._create_agreement()
        with freeze_time("2026-04-20 10:00:00"):
            cls._receive_consignment(cls.agreement, cls.product, 7)
        with freeze_time("2026-05-04 10:00:00"):
            cls._receive_consignment(cls.agreement, cls.product, 25)
        with freeze_time("2026-05-06 10:00:00"):
            cls._move(
                cls.product,
                9,
                cls.agreement.location_id,
                cls.customer_location,
                owner=cls.vendor,
            )
        # wkhtmltopdf would fetch the style sheets from this server, whose database the test
        # keeps locked: a closed port makes it render the text unstyled.
        cls.env["ir.config_parameter"].sudo().set_param("report.url", "http://127.0.0.1:1")

    def _open_dialog(self, user, agreement=None):
        """The dialog as the agreement's Statement button opens it."""
        action = (agreement or self.agreement).with_user(user).action_open_statement()
        return Form(self.env[action["res_model"]].with_user(user).with_context(**action["context"]))


@tagged("post_install", "-at_install")
class TestStatementDefaultPeriod(StatementRolesCase):
    def _assert_period(self, agreement, date_from, date_to, user=None):
        dialog = self._open_dialog(user or self.stock_user, agreement)
        self.assertEqual((dialog.date_from, dialog.date_to), (_day(date_from), _day(date_to)))

    @freeze_time("2026-05-20 10:00:00")
    def test_current_billing_period_up_to_yesterday(self):
        self._assert_period(self.agreement, "2026-05-01", "2026-05-19")

    @freeze_time("2026-05-01 10:00:00")
    def test_first_day_of_a_period_gives_the_last_complete_one(self):
        self._assert_period(self.agreement, "2026-04-01", "2026-04-30")

    @freeze_time("2026-04-01 10:00:00")
    def test_quarterly_period(self):
        agreement = self._create_agreement(billing_period="quarterly")
        self._assert_period(agreement, "2026-01-01", "2026-03-31")
        with freeze_time("2026-05-20 10:00:00"):
            self._assert_period(agreement, "2026-04-01", "2026-05-19")

    @freeze_time("2026-05-20 10:00:00")
    def test_weekly_period_follows_the_billing_dates(self):
        # Started on a Monday: billed every Monday.
        agreement = self._create_agreement(billing_period="weekly", date_start="2026-05-04")
        self._assert_period(agreement, "2026-05-18", "2026-05-19")

    @freeze_time("2026-05-20 10:00:00")
    def test_never_before_the_agreement_starts(self):
        # Billed with the calendar months, started mid-month.
        agreement = self._create_agreement(date_start="2026-05-15", next_billing_date="2026-06-01")
        self._assert_period(agreement, "2026-05-15", "2026-05-19")
        with freeze_time("2026-05-15 10:00:00"):
            # Its first day: nothing elapsed before it.
            self._assert_period(agreement, "2026-05-15", "2026-05-15")

    @freeze_time("2026-05-20 10:00:00")
    def test_ended_agreement_gives_its_last_period(self):
        agreement = self._create_agreement(date_end="2026-03-10")
        self._assert_period(agreement, "2026-03-01", "2026-03-10")

    @freeze_time("2026-05-20 10:00:00")
    def test_choosing_the_agreement_sets_the_period(self):
        # From the Invoicing menu: no agreement yet.
        dialog = Form(self.env["consignment.statement"].with_user(self.accountant))
        self.assertFalse(dialog.date_from)
        quarterly = self._create_agreement(billing_period="quarterly")
        dialog.agreement_id = quarterly
        self.assertEqual(
            (dialog.date_from, dialog.date_to), (_day("2026-04-01"), _day("2026-05-19"))
        )
        dialog.agreement_id = self.agreement
        self.assertEqual(
            (dialog.date_from, dialog.date_to), (_day("2026-05-01"), _day("2026-05-19"))
        )
        # A period typed in is kept.
        dialog.date_from = "2026-04-01"
        statement = dialog.save()
        self.assertRecordValues(
            statement, [{"date_from": _day("2026-04-01"), "date_to": _day("2026-05-19")}]
        )


@tagged("post_install", "-at_install")
class TestStatementPrint(StatementRolesCase):
    def _client_report_html(self, action, user):
        """Render the report action as the web client fetches it: with data, the address
        carries the data and the context only, no record ids (see getReportUrl)."""
        self.assertEqual(action["type"], "ir.actions.report")
        self.assertTrue(action["data"])
        data = json.loads(json.dumps(action["data"]))
        data["context"] = json.loads(json.dumps(action["context"]))
        html = (
            self.env["ir.actions.report"]
            .with_user(user)
            .with_context(**data["context"])
            ._render_qweb_html(action["report_name"], None, data=data)[0]
        )
        return " ".join(html.decode().split())

    @freeze_time("2026-05-20 10:00:00")
    def test_print_renders_the_dialog_period(self):
        for user in (self.stock_user, self.buyer, self.accountant):
            with self.subTest(user=user.login):
                dialog = self._open_dialog(user)
                statement = dialog.save()
                action = statement.action_print()
                # The dialog is gone by the time the PDF is fetched.
                statement.sudo().unlink()
                html = self._client_report_html(action, user)
                self.assertIn(self.agreement.name, html)
                self.assertIn("05/01/2026", html)
                self.assertIn("05/19/2026", html)
                # Opening 7, received 25, consumed 9: expected 23.
                cells = html.split("Consigned Widget", 1)[1].split("</tr>", 1)[0]
                figures = re.sub(r"<[^>]+>", " ", cells).split()
                self.assertEqual(
                    figures[:9],
                    ["7.00", "25.00", "9.00", "0.00", "0.00", "23.00", "-", "0.00", "Units"],
                )

    @freeze_time("2026-05-20 10:00:00")
    def test_print_a_period_typed_in(self):
        dialog = self._open_dialog(self.accountant)
        dialog.date_from = "2026-04-01"
        dialog.date_to = "2026-04-30"
        html = self._client_report_html(dialog.save().action_print(), self.accountant)
        self.assertIn("04/01/2026", html)
        self.assertIn("04/30/2026", html)
        self.assertNotIn("25.00", html)
        self.assertIn("7.00", html)

    @freeze_time("2026-05-20 10:00:00")
    def test_send_attaches_the_dialog_period(self):
        for user in (self.stock_user, self.buyer, self.accountant):
            with self.subTest(user=user.login):
                dialog = self._open_dialog(user)
                dialog.date_from = "2026-05-02"
                action = dialog.save().action_send()
                self.assertEqual(action["res_model"], "mail.compose.message")
                composer = Form(
                    self.env["mail.compose.message"]
                    .with_user(user)
                    .with_context(**action["context"])
                ).save()
                self.assertIn("05/02/2026", composer.subject)
                self.assertIn("05/19/2026", composer.subject)
                self.assertEqual(len(composer.attachment_ids), 1)
                attachment = composer.attachment_ids.sudo()
                self.assertTrue(attachment.name.startswith("Statement"))
                # Tests render reports as HTML unless forced: the attachment is its text.
                text = " ".join(attachment.raw.decode(errors="ignore").split())
                self.assertIn("05/02/2026", text)
                self.assertIn("25.00", text)
                composer._action_send_mail()
                message = self.agreement.message_ids[0]
                self.assertEqual(message.author_id, user.partner_id)
                self.assertEqual(len(message.attachment_ids), 1)

    def test_user_without_rights_is_refused(self):
        with self.assertRaises(AccessError):
            self.agreement.with_user(self.plain_user).action_open_statement()
        with self.assertRaises(AccessError):
            self.env["consignment.statement"].with_user(self.plain_user).create(
                {"agreement_id": self.agreement.id}
            )
        statement = self.env["consignment.statement"].create({"agreement_id": self.agreement.id})
        for method in ("action_show", "action_print", "action_send"):
            with self.subTest(method=method), self.assertRaises(AccessError):
                getattr(statement.with_user(self.plain_user), method)()
        # An accounting auditor reads agreements, not their statements.
        auditor = new_test_user(
            self.env, login="statement_auditor", groups="account.group_account_readonly"
        )
        self.assertTrue(self.agreement.with_user(auditor).has_access("read"))
        with self.assertRaises(AccessError):
            statement.with_user(auditor).action_print()


@tagged("post_install", "-at_install")
class TestStatementCountFigures(ConsignmentCase):
    """A count's figures in the statements of June, July and August 2026 (monthly billing,
    the holder pays for what is missing), by hand:

    ======  =======  ========  ========  ========  =======  ========  =======
    period  opening  received  consumed  expected  counted  variance  closing
    ======  =======  ========  ========  ========  =======  ========  =======
    June          0        40        15        25       27        -3       22
    July         22        10         2        30       29        -1       29
    August       29         0         0        29       28        -1       28
    ======  =======  ========  ========  ========  =======  ========  =======

    June's count, of the 10th, is validated on the 20th after 5 more were consumed on the
    15th: it found 27 of the 30 expected that day. July's is counted and validated on its
    last day. August's, of the 1st, must not show in July.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agreement = cls._create_agreement(damage_bearer="holder")
        location = cls.agreement.location_id
        with freeze_time("2026-06-02 10:00:00"):
            cls._receive_consignment(cls.agreement, cls.product, 40)
        with freeze_time("2026-06-05 10:00:00"):
            cls._move(cls.product, 10, location, cls.customer_location, owner=cls.vendor)
        with freeze_time("2026-06-15 10:00:00"):
            cls._move(cls.product, 5, location, cls.customer_location, owner=cls.vendor)
        with freeze_time("2026-06-20 10:00:00"):
            cls.june_count = cls._count("2026-06-10", 27.0)
        with freeze_time("2026-07-03 10:00:00"):
            cls._receive_consignment(cls.agreement, cls.product, 10)
        with freeze_time("2026-07-20 10:00:00"):
            cls._move(cls.product, 2, location, cls.customer_location, owner=cls.vendor)
        with freeze_time("2026-07-31 15:00:00"):
            cls.july_count = cls._count("2026-07-31", 29.0)
        with freeze_time("2026-08-02 10:00:00"):
            cls.august_count = cls._count("2026-08-01", 28.0)

    @classmethod
    def _count(cls, date, counted_qty):
        count = cls.env["consignment.count"].create(
            {"agreement_id": cls.agreement.id, "date": date}
        )
        count.line_ids.write({"counted_qty": counted_qty, "reason": "damage"})
        count.action_validate()
        return count

    def _row(self, date_from, date_to):
        (row,) = self.agreement.get_statement(date_from, date_to)
        return row

    def _assert_figures(self, row, count, expected):
        opening, received, consumed, expected_qty, counted, variance, closing = expected
        self.assertEqual(
            {
                key: row[key]
                for key in (
                    "opening_qty",
                    "received_qty",
                    "consumed_qty",
                    "expected_qty",
                    "counted_qty",
                    "variance_qty",
                )
            },
            {
                "opening_qty": opening,
                "received_qty": received,
                "consumed_qty": consumed,
                "expected_qty": expected_qty,
                "counted_qty": counted,
                "variance_qty": variance,
            },
        )
        self.assertEqual(row["expected_qty"] + row["variance_qty"], closing)
        if count:
            self.assertEqual(row["count_id"], count.id)
            self.assertRecordValues(
                count.line_ids, [{"counted_qty": counted, "variance_qty": variance}]
            )

    def test_count_posted_before_later_consumption(self):
        self._assert_figures(
            self._row("2026-06-01", "2026-06-30"), self.june_count, (0, 40, 15, 25, 27, -3, 22)
        )
        self.assertRecordValues(self.june_count.line_ids, [{"expected_qty": 30.0}])

    def test_count_posted_on_the_last_day(self):
        row = self._row("2026-07-01", "2026-07-31")
        self._assert_figures(row, self.july_count, (22, 10, 2, 30, 29, -1, 29))
        # Counted on the last day: the count's expected is the statement's.
        self.assertRecordValues(self.july_count.line_ids, [{"expected_qty": row["expected_qty"]}])

    def test_count_of_the_next_period_does_not_count(self):
        self._assert_figures(
            self._row("2026-08-01", "2026-08-31"), self.august_count, (29, 0, 0, 29, 28, -1, 28)
        )
        self.assertEqual(
            self._row("2026-08-01", "2026-08-31")["expected_qty"] - 1,
            self._quant_qty(self.product, self.agreement.location_id),
        )

    def test_closing_is_the_next_opening(self):
        june = self._row("2026-06-01", "2026-06-30")
        july = self._row("2026-07-01", "2026-07-31")
        self.assertEqual(june["expected_qty"] + june["variance_qty"], july["opening_qty"])
        self.assertEqual(july["expected_qty"] + july["variance_qty"], 29.0)

    def test_dialog_and_pdf_show_the_count(self):
        statement = (
            self.env["consignment.statement"]
            .with_user(self.stock_user)
            .create(
                {
                    "agreement_id": self.agreement.id,
                    "date_from": "2026-07-01",
                    "date_to": "2026-07-31",
                }
            )
        )
        statement.action_show()
        self.assertRecordValues(
            statement.line_ids,
            [
                {
                    "opening_qty": 22.0,
                    "expected_qty": 30.0,
                    "is_counted": True,
                    "counted_qty": 29.0,
                    "variance_qty": -1.0,
                }
            ],
        )
        action = statement.action_print()
        html = self.env["ir.actions.report"]._render_qweb_html(
            action["report_name"], None, data=action["data"]
        )[0]
        html = " ".join(html.decode().replace("\ufeff", "").split())
        self.assertIn("Count of:", html)
        self.assertIn("07/31/2026", html)
        self.assertIn("-1.00", html)

    def test_owner_bears_a_shortfall_and_a_surplus_by_lot(self):
        """The owner bears damage (the default): the count's differences are stock
        adjustments, not consumption. Lot A: 6 expected, 4 counted; lot B: 3 expected, 5
        counted. September: opening 0, received 9, expected 9, counted 9, variance 0 per
        product, yet each lot moved."""
        agreement = self._create_agreement()
        location = agreement.location_id
        with freeze_time("2026-09-02 10:00:00"):
            self._receive_consignment(agreement, self.product_lot, 6, lot_name="SEP-A")
            self._receive_consignment(agreement, self.product_lot, 3, lot_name="SEP-B")
        with freeze_time("2026-09-30 16:00:00"):
            count = self.env["consignment.count"].create(
                {"agreement_id": agreement.id, "date": "2026-09-30"}
            )
            for line in count.line_ids:
                line.write(
                    {"counted_qty": 4.0 if line.lot_id.name == "SEP-A" else 5.0, "reason": "damage"}
                )
            count.action_validate()
        (row,) = agreement.get_statement("2026-09-01", "2026-09-30")
        self.assertEqual(
            [row[key] for key in ("opening_qty", "received_qty", "consumed_qty")], [0, 9, 0]
        )
        self.assertEqual(
            [row[key] for key in ("adjusted_qty", "expected_qty", "counted_qty", "variance_qty")],
            [0, 9, 9, 0],
        )
        self.assertEqual(sum(count.line_ids.mapped("variance_qty")), row["variance_qty"])
        self.assertEqual(
            row["expected_qty"] + row["variance_qty"], self._quant_qty(self.product_lot, location)
        )
        # A shortfall of the whole product then shows as it is.
        with freeze_time("2026-10-31 16:00:00"):
            count = self.env["consignment.count"].create(
                {"agreement_id": agreement.id, "date": "2026-10-31"}
            )
            count.line_ids.write({"counted_qty": 1.0, "reason": "damage"})
            count.action_validate()
        (row,) = agreement.get_statement("2026-10-01", "2026-10-31")
        self.assertEqual(
            [row[key] for key in ("opening_qty", "adjusted_qty", "expected_qty", "counted_qty")],
            [9, 0, 9, 2],
        )
        self.assertEqual(row["variance_qty"], -7)
        self.assertFalse(
            self.env["consignment.consumption"].search([("agreement_id", "=", agreement.id)])
        )


@tagged("post_install", "-at_install")
class TestStatementPdfOverHttp(HttpCase, StatementRolesCase):
    def test_pdf_of_the_print_button(self):
        self.authenticate(self.accountant.login, self.accountant.login)
        with freeze_time("2026-05-20 10:00:00"):
            dialog = self._open_dialog(self.accountant)
            dialog.date_from = "2026-05-02"
            action = dialog.save().action_print()
        # Tests render reports as HTML unless told: this asks for the real PDF.
        context = dict(action["context"], force_report_rendering=True)
        url = (
            f"/report/pdf/{action['report_name']}"
            f"?options={quote(json.dumps(action['data']))}&context={quote(json.dumps(context))}"
        )
        with mute_logger("odoo.addons.base.models.ir_actions_report"):
            response = self.url_open(url, timeout=120)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], "application/pdf")
        text = _pdf_text(response.content)
        self.assertIn(self.agreement.name, text)
        self.assertIn("05/02/2026 - 05/19/2026", text)
        # From the 2nd: opening 7, received 25, consumed 9, expected 23.
        self.assertIn("Consigned Widget 7.00 25.00 9.00 0.00 0.00 23.00 - 0.00 Units", text)


@tagged("post_install", "-at_install")
class TestStatementTour(HttpCase, ConsignmentCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.accountant = new_test_user(
            cls.env, login="statement_tour_accountant", groups="account.group_account_invoice"
        )
        vendor = cls.env["res.partner"].create(
            {"name": "Statement Tour Vendor", "is_company": True}
        )
        cls.agreement = cls._create_agreement(partner=vendor, date_end="2026-03-10")
        with freeze_time("2026-03-03 10:00:00"):
            cls._receive_consignment(cls.agreement, cls.product, 12)
        cls.env["ir.config_parameter"].sudo().set_param("report.url", "http://127.0.0.1:1")

    def test_accountant_opens_prints_and_shows_the_statement(self):
        if not self.env.ref(
            "consignment_purchase.menu_account_vendor_consignment_statement",
            raise_if_not_found=False,
        ):
            self.skipTest("The Invoicing menu comes with consignment_purchase.")
        self.assertEqual(
            self.agreement.with_user(self.accountant)._get_statement_period(),
            (_day("2026-03-01"), _day("2026-03-10")),
        )
        self.start_tour(
            "/odoo", "consignment_stock_statement_accountant", login=self.accountant.login
        )
        # The statement the tour showed is the accountant's, of the default period.
        statement = self.env["consignment.statement"].search(
            [("create_uid", "=", self.accountant.id)]
        )
        self.assertRecordValues(
            statement,
            [
                {
                    "agreement_id": self.agreement.id,
                    "date_from": _day("2026-03-01"),
                    "date_to": _day("2026-03-10"),
                }
            ],
        )
        self.assertRecordValues(statement.line_ids, [{"received_qty": 12.0, "expected_qty": 12.0}])
