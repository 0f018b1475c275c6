import io
import re

import PyPDF2

from odoo.tests import tagged

from .common import ConsignmentSaleCase


@tagged("post_install", "-at_install")
class TestProforma(ConsignmentSaleCase):
    # A TransactionCase, not an HttpCase: the report engine renders the note without
    # waiting on the test's own HTTP server for its style sheets.
    def _pdf_text(self, pickings):
        pdf, _format = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf("consignment_sale.action_report_proforma_delivery", pickings.ids)
        )
        self.assertTrue(pdf.startswith(b"%PDF"))
        text = PyPDF2.PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
        return re.sub(r"\s+", " ", text)

    def test_proforma_delivery_note(self):
        order = self._create_order([(self.product, 3, 15.0), (self.product_lot, 2, 5.0)])
        picking = order.picking_ids
        picking.action_assign()
        self._validate_picking(picking)
        text = self._pdf_text(picking)
        self.assertIn("Consignment Pro-forma Delivery Note", text)
        self.assertIn("not an invoice", text)
        self.assertIn(f"the goods remain the property of {self.company.name} until sold", text)
        self.assertIn(self.agreement.name, text)
        self.assertIn("Consigned Widget", text)
        self.assertIn("LOT-A", text)
        # 3 x 10.00 + 2 x 4.00 at the agreed prices: 38.00 in the agreement currency
        self.assertIn("30.00", text)
        self.assertIn("8.00", text)
        self.assertIn("38.00", text)
        self.assertNotIn("15.00", text, "The agreed price, not the order price")
        # From the order, and by email from the transfer.
        self.company.external_report_layout_id = self.env.ref("web.external_layout_standard")
        action = order.action_print_consignment_proforma()
        self.assertEqual(action["report_name"], "consignment_sale.report_proforma_delivery")
        compose = picking.action_send_consignment_proforma()
        template = self.env.ref("consignment_sale.mail_template_proforma_delivery")
        self.assertEqual(compose["context"]["default_template_id"], template.id)
        self.assertEqual(
            template.report_template_ids,
            self.env.ref("consignment_sale.action_report_proforma_delivery"),
        )

    def test_proforma_prints_in_the_partner_language(self):
        self.env["res.lang"]._activate_lang("de_DE")
        self.env["ir.module.module"]._load_module_terms(["consignment_sale"], ["de_DE"])
        self.customer.lang = "de_DE"
        order = self._create_order([(self.product, 3, 15.0)])
        picking = order.picking_ids
        picking.action_assign()
        self._validate_picking(picking)
        text = self._pdf_text(picking)
        self.assertIn("Proforma-Lieferschein", text)
        self.assertIn("keine Rechnung", text)
        self.assertNotIn("not an invoice", text)
