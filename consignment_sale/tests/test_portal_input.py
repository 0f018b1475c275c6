import re

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import ConsignmentSaleCase


@tagged("post_install", "-at_install")
class TestPortalInput(ConsignmentSaleCase, HttpCase):
    """Whatever a portal customer posts, it gets a message on the page, nothing is written,
    and nothing of other customers or companies is shown."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order = cls._create_order([(cls.product, 10, 15.0), (cls.product_lot, 3, 5.0)])
        cls._validate_picking(cls.order.picking_ids)
        # Another customer's goods, and another company's product and lot.
        other_customer = cls.env["res.partner"].create({"name": "Rival Store", "is_company": True})
        cls.secret_product = cls._create_product("Secret Gadget")
        cls._move(cls.secret_product, 5, cls.supplier_location, cls.stock_location)
        cls.other_agreement = cls._create_agreement(
            partner=other_customer,
            consignment_type="customer",
            lines=[(cls.secret_product, 3.0)],
        )
        cls._move(cls.secret_product, 5, cls.stock_location, cls.other_agreement.location_id)
        other_company = cls.env["res.company"].create({"name": "Hidden Company Ltd"})
        cls.foreign_product = cls._create_product(
            "Foreign Thing", tracking="lot", company_id=other_company.id
        )
        cls.foreign_lot = cls.env["stock.lot"].create(
            {
                "name": "LOT-FOREIGN",
                "product_id": cls.foreign_product.id,
                "company_id": other_company.id,
            }
        )
        cls.own_lot_elsewhere = cls.env["stock.lot"].create(
            {"name": "LOT-AT-HOME", "product_id": cls.product_lot.id}
        )
        contact = cls.env["res.partner"].create(
            {"name": "Portal Buyer", "parent_id": cls.customer.id}
        )
        cls.portal_user = new_test_user(
            cls.env, login="consign_portal_in", groups="base.group_portal"
        )
        cls.portal_user.partner_id = contact
        cls.agreement.note = "<p>Margin arrangement: 40 percent</p>"
        cls.product.default_code = "INT-REF-77"

    def setUp(self):
        super().setUp()
        self.authenticate(self.portal_user.login, self.portal_user.login)
        page = self.url_open(f"/my/consignment/{self.agreement.id}")
        self.assertEqual(page.status_code, 200)
        self.csrf_token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)

    def _post(self, fields, agreement=None, report_type="sold"):
        return self.url_open(
            f"/my/consignment/{(agreement or self.agreement).id}/report",
            data={"csrf_token": self.csrf_token, "report_type": report_type, **fields},
        )

    def _reports(self, agreement=None):
        return self.env["consignment.report"].search(
            [("agreement_id", "=", (agreement or self.agreement).id)]
        )

    def _assert_refused(self, response, message, fields):
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("Traceback", response.text)
        self.assertIn("o_consignment_error", response.text)
        self.assertIn(message, response.text)
        for secret in (
            "Secret Gadget",
            "Rival Store",
            "Hidden Company",
            "Foreign Thing",
            "LOT-FOREIGN",
            "LOT-AT-HOME",
            self.location.complete_name,
            "Margin arrangement",
            "INT-REF-77",
        ):
            self.assertNotIn(secret, response.text)
        for name, text in fields.items():
            if name == f"qty_{self.product.id}_0":
                self.assertIn(f'value="{text}"', response.text, "What the customer typed stays")
        self.assertFalse(self._reports(), "Nothing written")

    def test_bad_quantities(self):
        key = f"qty_{self.product.id}_0"
        cases = [
            ("nan", "zero or more"),
            ("inf", "zero or more"),
            ("-inf", "zero or more"),
            ("1e308", "stand at your site"),
            ("-2", "zero or more"),
            ("three", "as numbers"),
            ("0x10", "as numbers"),
        ]
        for text, message in cases:
            with self.subTest(text=text):
                fields = {key: text}
                self._assert_refused(self._post(fields), message, fields)
        fields = {key: "1e308"}
        self._assert_refused(self._post(fields, report_type="remaining"), "remaining", fields)

    def test_goods_not_at_the_site(self):
        key = f"qty_{self.product.id}_0"
        lot_key = f"qty_{self.product_lot.id}_{self.lot_a.id}"
        for extra in (
            {"qty_99999999_0": "1"},
            {"qty_999999999999999999_0": "1"},
            {f"qty_{self.secret_product.id}_0": "1"},
            {f"qty_{self.foreign_product.id}_{self.foreign_lot.id}": "1"},
            {f"qty_{self.product_lot.id}_{self.foreign_lot.id}": "1"},
            {f"qty_{self.product_lot.id}_{self.own_lot_elsewhere.id}": "1"},
            {f"qty_{self.product_lot.id}_0": "1"},
            {f"qty_{self.product.id}_{self.lot_a.id}": "1"},
            {"qty_abc_0": "1"},
            {"qty_1": "1"},
        ):
            with self.subTest(extra=extra):
                fields = {key: "2", lot_key: "1", **extra}
                self._assert_refused(self._post(fields), "not at your site", fields)

    def test_other_customers_agreement(self):
        response = self._post({f"qty_{self.secret_product.id}_0": "1"}, self.other_agreement)
        self.assertTrue(response.url.endswith("/my"), response.url)
        self.assertNotIn("Secret Gadget", response.text)
        self.assertFalse(self._reports(self.other_agreement))

    def test_valid_report_still_submitted(self):
        key = f"qty_{self.product.id}_0"
        lot_key = f"qty_{self.product_lot.id}_{self.lot_a.id}"
        response = self._post({key: " 2.5 ", lot_key: "1"})
        self.assertIn("o_consignment_submitted", response.text)
        report = self._reports()
        self.assertRecordValues(
            report, [{"state": "submitted", "submitted_partner_id": self.portal_user.partner_id.id}]
        )
        self.assertRecordValues(
            report.line_ids.sorted("quantity"),
            [
                {"product_id": self.product_lot.id, "lot_id": self.lot_a.id, "quantity": 1},
                {"product_id": self.product.id, "lot_id": False, "quantity": 2.5},
            ],
        )

    def test_decimal_comma_accepted(self):
        response = self._post({f"qty_{self.product.id}_0": "2,5"})
        self.assertIn("o_consignment_submitted", response.text)
        self.assertRecordValues(self._reports().line_ids, [{"quantity": 2.5}])

    def test_draft_and_closed_agreements_not_offered(self):
        draft = self._create_agreement(
            consignment_type="customer", activate=False, lines=[(self.product, 9.0)]
        )
        closed = self._create_agreement(
            consignment_type="customer", activate=False, lines=[(self.product, 9.0)]
        )
        closed.write({"state": "closed"})
        listing = self.url_open("/my/consignment")
        self.assertIn(self.agreement.name, listing.text)
        for agreement in draft | closed:
            with self.subTest(state=agreement.state):
                self.assertNotIn(agreement.name, listing.text)
                page = self.url_open(f"/my/consignment/{agreement.id}")
                self.assertFalse(page.url.endswith(f"/my/consignment/{agreement.id}"), page.url)
                self.assertNotIn("o_consignment_report_form", page.text)
                self._post({f"qty_{self.product.id}_0": "1"}, agreement)
                self.assertFalse(self._reports(agreement))

    def test_agreement_note_is_internal(self):
        as_portal = self.agreement.with_user(self.portal_user)
        self.assertEqual(as_portal.read(["name"])[0]["name"], self.agreement.name)
        with self.assertRaises(AccessError):
            as_portal.read(["note"])
        self.assertNotIn("note", as_portal.fields_get())
        self.assertNotIn("note", as_portal.search_read([], ["name", "state"])[0])
        page = self.url_open(f"/my/consignment/{self.agreement.id}")
        self.assertNotIn("Margin arrangement", page.text)

    def test_pages_show_no_internal_reference(self):
        for url in ("/my/consignment", f"/my/consignment/{self.agreement.id}"):
            page = self.url_open(url)
            self.assertIn("Consigned Widget", page.text)
            self.assertNotIn("INT-REF-77", page.text)
