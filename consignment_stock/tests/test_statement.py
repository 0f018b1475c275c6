import io

import PyPDF2
from freezegun import freeze_time

from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import ConsignmentCase

COLUMNS = (
    "opening_qty",
    "received_qty",
    "consumed_qty",
    "returned_qty",
    "adjusted_qty",
    "expected_qty",
    "counted_qty",
    "variance_qty",
)


@tagged("post_install", "-at_install")
class TestStatement(ConsignmentCase):
    """March 2026 at a vendor's consignment location, by hand:

    =====================  =======  ========  ========  ========  ========  ========  =======  ========
    product                opening  received  consumed  returned  adjusted  expected  counted  variance
    =====================  =======  ========  ========  ========  ========  ========  =======  ========
    Consigned Widget            20        30        12         5         1        34       31        -3
    Consigned Lot Widget         5         0         2         0         0         3        3         0
    =====================  =======  ========  ========  ========  ========  ========  =======  ========
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agreement = cls._create_agreement(damage_bearer="holder")
        cls.location = cls.agreement.location_id
        cls.inventory_location = cls.product.with_company(cls.company).property_stock_inventory
        vendor = cls.vendor
        with freeze_time("2026-02-10 10:00:00"):
            cls._receive_consignment(cls.agreement, cls.product, 20)
            cls._receive_consignment(cls.agreement, cls.product_lot, 5, lot_name="LOT-S1")
        with freeze_time("2026-03-03 10:00:00"):
            cls._receive_consignment(cls.agreement, cls.product, 30)
        with freeze_time("2026-03-05 10:00:00"):
            cls._move(cls.product, 12, cls.location, cls.customer_location, owner=vendor)
        with freeze_time("2026-03-08 10:00:00"):
            cls._move(cls.product, 5, cls.location, cls.supplier_location, owner=vendor)
        with freeze_time("2026-03-10 10:00:00"):
            # Goods found outside a count: an ordinary inventory adjustment.
            cls._move(cls.product, 2, cls.inventory_location, cls.location)
        with freeze_time("2026-03-12 10:00:00"):
            # Moved to another internal place, still the vendor's: neither consumed nor returned.
            cls._move(cls.product, 1, cls.location, cls.stock_location, owner=vendor)
        with freeze_time("2026-03-15 10:00:00"):
            cls._move(cls.product_lot, 2, cls.location, cls.customer_location, owner=vendor)
        with freeze_time("2026-04-01 08:00:00"):
            cls.count = cls.env["consignment.count"].create(
                {"agreement_id": cls.agreement.id, "date": "2026-03-31"}
            )
            for line in cls.count.line_ids:
                line.write(
                    {
                        "counted_qty": 31.0
                        if line.product_id == cls.product
                        else line.expected_qty,
                        "reason": "damage",
                    }
                )
            cls.count.action_validate()
        with freeze_time("2026-04-02 10:00:00"):
            cls._receive_consignment(cls.agreement, cls.product, 10)
            cls._move(cls.product, 4, cls.location, cls.customer_location, owner=vendor)

    def _rows(self, date_from="2026-03-01", date_to="2026-03-31", agreement=None):
        rows = (agreement or self.agreement).get_statement(date_from, date_to)
        return {row["product_id"]: row for row in rows}

    def _assert_row(self, row, expected):
        self.assertEqual(
            {column: row[column] for column in COLUMNS}, dict(zip(COLUMNS, expected, strict=True))
        )

    def test_statement_matches_hand_made_table(self):
        rows = self._rows()
        self.assertEqual(set(rows), {self.product.id, self.product_lot.id})
        self._assert_row(rows[self.product.id], (20, 30, 12, 5, 1, 34, 31, -3))
        self._assert_row(rows[self.product_lot.id], (5, 0, 2, 0, 0, 3, 3, 0))

    def test_count_variance_billed_once(self):
        # The holder bears damage here: the count's shortfall is billed as consumption...
        ledger = self.env["consignment.consumption"].search(
            [("agreement_id", "=", self.agreement.id)]
        )
        count_ledger = ledger.filtered(
            lambda record: record.move_line_id.move_id.consignment_count_id
        )
        self.assertRecordValues(count_ledger, [{"quantity": 3.0, "amount": 30.0}])
        # ... yet the statement shows it once, as the variance, not as consumed.
        row = self._rows()[self.product.id]
        self.assertEqual(row["consumed_qty"], 12.0)
        self.assertEqual(row["variance_qty"], -3.0)

    def test_next_period_opens_with_counted_stock(self):
        rows = self._rows("2026-04-01", "2026-04-30")
        self._assert_row(rows[self.product.id], (31, 10, 4, 0, 0, 37, None, 0))
        self.assertEqual(
            rows[self.product.id]["expected_qty"], self._quant_qty(self.product, self.location)
        )

    def test_statement_views_show_the_same_rows(self):
        wizard_form = Form(
            self.env["consignment.statement"]
            .with_user(self.stock_user)
            .with_context(default_agreement_id=self.agreement.id)
        )
        wizard_form.date_from = "2026-03-01"
        wizard_form.date_to = "2026-03-31"
        wizard = wizard_form.save()
        action = wizard.action_show()
        self.assertEqual(action["res_model"], "consignment.statement.line")
        self.assertIn("pivot", action["view_mode"])
        lines = (
            self.env["consignment.statement.line"]
            .with_user(self.stock_user)
            .search(action["domain"])
        )
        line = lines.filtered(lambda line: line.product_id == self.product)
        self.assertRecordValues(
            line,
            [
                {
                    "opening_qty": 20.0,
                    "received_qty": 30.0,
                    "consumed_qty": 12.0,
                    "returned_qty": 5.0,
                    "adjusted_qty": 1.0,
                    "expected_qty": 34.0,
                    "counted_qty": 31.0,
                    "is_counted": True,
                    "variance_qty": -3.0,
                }
            ],
        )

    def _statement_pdf_text(self):
        # wkhtmltopdf would fetch the style sheets from this server, whose database this test
        # keeps locked: point it at a closed port so that it renders the text unstyled.
        self.env["ir.config_parameter"].sudo().set_param("report.url", "http://127.0.0.1:1")
        with mute_logger("odoo.addons.base.models.ir_actions_report"):
            pdf, report_format = (
                self.env["ir.actions.report"]
                .with_context(force_report_rendering=True)
                ._render_qweb_pdf(
                    "consignment_stock.action_report_consignment_statement",
                    self.agreement.ids,
                    data={"date_from": "2026-03-01", "date_to": "2026-03-31"},
                )
            )
        self.assertEqual(report_format, "pdf")
        reader = PyPDF2.PdfReader(io.BytesIO(pdf))
        return " ".join(
            " ".join(page.extract_text() for page in reader.pages).replace("\u200b", "").split()
        )

    def test_statement_pdf(self):
        text = self._statement_pdf_text()
        self.assertIn("Consignment Statement", text)
        # The rows of the hand-made table, in column order.
        self.assertIn("Consigned Widget 20.00 30.00 12.00 5.00 1.00 34.00 31.00 -3.00 Units", text)
        self.assertIn("Consigned Lot Widget 5.00 0.00 2.00 0.00 0.00 3.00 3.00 0.00 Units", text)

    def test_statement_prints_in_the_partner_language(self):
        self.env["res.lang"]._activate_lang("de_DE")
        self.env["ir.module.module"]._load_module_terms(["consignment_stock"], ["de_DE"])
        self.vendor.lang = "de_DE"
        text = self._statement_pdf_text()
        self.assertIn("Konsignationsauszug", text)
        self.assertNotIn("Consignment Statement", text)
        # The partner's number format too.
        self.assertIn("Consigned Widget 20,00 30,00 12,00 5,00 1,00 34,00 31,00 -3,00", text)

    def test_statement_sent_from_agreement(self):
        wizard = self.env["consignment.statement"].create(
            {"agreement_id": self.agreement.id, "date_from": "2026-03-01", "date_to": "2026-03-31"}
        )
        action = wizard.action_send()
        self.assertEqual(action["res_model"], "mail.compose.message")
        self.assertRecordValues(
            self.agreement,
            [{"statement_date_from": wizard.date_from, "statement_date_to": wizard.date_to}],
        )
        composer = Form(self.env["mail.compose.message"].with_context(**action["context"]))
        composer_record = composer.save()
        self.assertIn("Consignment statement", composer_record.subject)
        self.assertIn(self.vendor, composer_record.partner_ids)
        composer_record._action_send_mail()
        message = self.agreement.message_ids[0]
        self.assertEqual(len(message.attachment_ids), 1)
        self.assertTrue(message.attachment_ids.name.startswith("Statement"))

    def test_customer_statement(self):
        """Customer consignment: fill-ups are received, pick-ups returned; a count shortfall is
        invoiced but shows as the variance only."""
        agreement = self._create_agreement(
            consignment_type="customer", lines=[(self.product, 10.0)]
        )
        location = agreement.location_id
        with freeze_time("2026-05-02 10:00:00"):
            self._move(self.product, 50, self.supplier_location, self.stock_location)
            self._move(self.product, 20, self.stock_location, location)
        with freeze_time("2026-05-10 10:00:00"):
            self._move(self.product, 6, location, self.customer_location)
        with freeze_time("2026-05-20 10:00:00"):
            self._move(self.product, 4, location, self.stock_location)
        with freeze_time("2026-05-31 12:00:00"):
            count = self.env["consignment.count"].create(
                {"agreement_id": agreement.id, "date": "2026-05-31"}
            )
            count.line_ids.write({"counted_qty": 8.0, "reason": "unrecorded_use"})
            count.action_validate()
        ledger = self.env["consignment.consumption"].search([("agreement_id", "=", agreement.id)])
        self.assertEqual(
            sorted(ledger.mapped("quantity")), [2.0, 6.0], "The customer pays the shortfall"
        )
        rows = self._rows("2026-05-01", "2026-05-31", agreement=agreement)
        self._assert_row(rows[self.product.id], (0, 20, 6, 4, 0, 10, 8, -2))
