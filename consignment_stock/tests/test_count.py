import base64
import io

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged
from odoo.tools import mute_logger

from .common import ConsignmentCase


@tagged("post_install", "-at_install")
class TestCount(ConsignmentCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agreement = cls._create_agreement()
        cls.location = cls.agreement.location_id
        cls.inventory_location = cls.product.with_company(cls.company).property_stock_inventory
        cls._receive_consignment(cls.agreement, cls.product, 10)
        cls._receive_consignment(cls.agreement, cls.product_lot, 6, lot_name="LOT-C1")
        cls.lot = cls.env["stock.lot"].search([("name", "=", "LOT-C1")])

    def _count(self, agreement=None, **values):
        return self.env["consignment.count"].create(
            {"agreement_id": (agreement or self.agreement).id, **values}
        )

    def _enter(self, count, quantities, reason="counting_error"):
        """{product or (product, lot): counted quantity}"""
        for line in count.line_ids:
            key = (line.product_id, line.lot_id) if line.lot_id else line.product_id
            if key in quantities:
                line.write({"counted_qty": quantities[key], "reason": reason})
            elif not line.is_counted:
                line.counted_qty = line.expected_qty

    def _ledger(self, agreement=None):
        return self.env["consignment.consumption"].search(
            [("agreement_id", "=", (agreement or self.agreement).id)]
        )

    # ------------------------------------------------------------------
    # Story 1: counts list the expected stock; counted quantities are entered
    # ------------------------------------------------------------------
    def test_count_fills_itself_with_expected_stock(self):
        count = self._count()
        self.assertEqual(count.state, "draft")
        self.assertRecordValues(
            count.line_ids.sorted(lambda line: line.product_id.id),
            sorted(
                [
                    {
                        "product_id": self.product.id,
                        "lot_id": False,
                        "expected_qty": 10.0,
                        "is_counted": False,
                        "variance_qty": 0.0,
                    },
                    {
                        "product_id": self.product_lot.id,
                        "lot_id": self.lot.id,
                        "expected_qty": 6.0,
                        "is_counted": False,
                        "variance_qty": 0.0,
                    },
                ],
                key=lambda values: values["product_id"],
            ),
        )

    def test_back_office_entry_with_form(self):
        with Form(self.env["consignment.count"].with_user(self.stock_user)) as form:
            form.agreement_id = self.agreement
        count = form.record
        self.assertEqual(len(count.line_ids), 2)
        with Form(count.with_user(self.stock_user)) as form:
            with form.line_ids.edit(0) as line:
                line.counted_qty = line.expected_qty - 1
                line.reason = "damage"
        line = count.line_ids[0]
        self.assertTrue(line.is_counted)
        self.assertEqual(line.variance_qty, -1.0)

    def test_recount_refreshes_expected_and_clears_counted(self):
        count = self._count()
        self._enter(count, {self.product: 4})
        self.assertEqual(
            count.line_ids.filtered(lambda line: line.product_id == self.product).variance_qty, -6.0
        )
        count.action_submit()
        self.assertEqual(count.state, "submitted")
        # The missing goods turn up as an unrecorded receipt: recount.
        self._receive_consignment(self.agreement, self.product, 5)
        count.action_recount()
        self.assertEqual(count.state, "draft")
        line = count.line_ids.filtered(lambda line: line.product_id == self.product)
        self.assertRecordValues(
            line, [{"expected_qty": 15.0, "counted_qty": 0.0, "is_counted": False, "reason": False}]
        )
        self._enter(count, {self.product: 15})
        count.with_user(self.consignment_manager).action_validate()
        self.assertEqual(count.state, "validated")
        self.assertFalse(count.move_ids, "Nothing differs: nothing is posted")
        with self.assertRaisesRegex(UserError, "only a count in progress"):
            count.action_recount()

    def test_uncounted_lines_and_missing_reason_refused(self):
        count = self._count()
        with self.assertRaisesRegex(UserError, "not counted yet"):
            count.action_validate()
        count.line_ids.write({"counted_qty": 0.0})
        with self.assertRaisesRegex(UserError, "Give a reason"):
            count.action_validate()
        self.assertEqual(count.state, "draft")
        self.assertFalse(count.move_ids)

    def test_expected_as_counted(self):
        count = self._count()
        count.line_ids.filtered(lambda line: line.product_id == self.product).write(
            {"counted_qty": 9, "reason": "theft"}
        )
        count.action_set_expected_as_counted()
        self.assertEqual(count.line_ids.mapped("is_counted"), [True, True])
        self.assertEqual(sorted(count.line_ids.mapped("variance_qty")), [-1.0, 0.0])

    # ------------------------------------------------------------------
    # Story 2: validating posts the variances with the right meaning
    # ------------------------------------------------------------------
    def test_vendor_shortfall_vendor_bears_loss(self):
        count = self._count()
        self._enter(count, {self.product: 7}, reason="theft")
        count.with_user(self.consignment_manager).action_validate()
        self.assertEqual(self._quant_qty(self.product, self.location, owner=self.vendor), 7.0)
        self.assertRecordValues(
            count.move_ids,
            [
                {
                    "product_id": self.product.id,
                    "quantity": 3.0,
                    "state": "done",
                    "location_id": self.location.id,
                    "location_dest_id": self.inventory_location.id,
                    "consignment_count_id": count.id,
                }
            ],
        )
        self.assertEqual(count.move_ids.move_line_ids.owner_id, self.vendor)
        self.assertFalse(self._ledger(), "The vendor bears the loss: nothing to pay")

    def test_vendor_shortfall_holder_pays(self):
        agreement = self._create_agreement(
            partner=self.env["res.partner"].create({"name": "Holder Pays", "is_company": True}),
            damage_bearer="holder",
        )
        self._receive_consignment(agreement, self.product, 10)
        count = self._count(agreement)
        self._enter(count, {self.product: 8}, reason="damage")
        count.action_validate()
        self.assertRecordValues(
            self._ledger(agreement),
            [
                {
                    "product_id": self.product.id,
                    "quantity": 2.0,
                    "amount": 20.0,
                    "state": "to_invoice",
                }
            ],
        )
        self.assertEqual(self._ledger(agreement).move_line_id.move_id.consignment_count_id, count)

    def test_vendor_surplus_back_to_vendor_stock(self):
        count = self._count()
        self._enter(
            count, {self.product: 12, (self.product_lot, self.lot): 7}, reason="unrecorded_receipt"
        )
        count.action_validate()
        self.assertEqual(self._quant_qty(self.product, self.location, owner=self.vendor), 12.0)
        self.assertEqual(self._quant_qty(self.product_lot, self.location, owner=self.vendor), 7.0)
        lot_move = count.move_ids.filtered(lambda move: move.product_id == self.product_lot)
        self.assertEqual(lot_move.move_line_ids.lot_id, self.lot)
        self.assertEqual(lot_move.location_id, self.inventory_location)
        self.assertFalse(self._ledger())
        self.assertFalse(count.needs_review)

    def test_vendor_lot_shortfall_keeps_lot(self):
        count = self._count()
        self._enter(count, {(self.product_lot, self.lot): 5}, reason="damage")
        count.action_validate()
        self.assertEqual(count.move_ids.move_line_ids.lot_id, self.lot)
        quant = self.env["stock.quant"].search(
            [("product_id", "=", self.product_lot.id), ("location_id", "=", self.location.id)]
        )
        self.assertRecordValues(
            quant, [{"lot_id": self.lot.id, "quantity": 5.0, "owner_id": self.vendor.id}]
        )

    def test_customer_shortfall_is_consumption_whoever_bears_damage(self):
        agreement = self._create_agreement(consignment_type="customer", damage_bearer="owner")
        self._move(self.product, 10, self.supplier_location, self.stock_location)
        self._move(self.product, 10, self.stock_location, agreement.location_id)
        count = self._count(agreement)
        self._enter(count, {self.product: 6}, reason="unrecorded_use")
        count.action_validate()
        self.assertRecordValues(
            self._ledger(agreement),
            [{"quantity": 4.0, "amount": 40.0, "partner_id": self.customer.id}],
        )
        self.assertEqual(count.move_ids.location_dest_id.usage, "customer")
        self.assertEqual(self._quant_qty(self.product, agreement.location_id), 6.0)
        self.assertFalse(count.needs_review)

    def test_customer_surplus_flagged_for_review(self):
        agreement = self._create_agreement(consignment_type="customer")
        self._move(self.product, 10, self.supplier_location, self.stock_location)
        self._move(self.product, 10, self.stock_location, agreement.location_id)
        count = self._count(agreement)
        self._enter(count, {self.product: 11}, reason="counting_error")
        count.action_validate()
        self.assertTrue(count.needs_review)
        self.assertTrue(count.activity_ids)
        self.assertFalse(self._ledger(agreement))
        self.assertEqual(self._quant_qty(self.product, agreement.location_id, owner=False), 11.0)
        self.assertEqual(count.move_ids.location_id.usage, "inventory")
        self.assertIn(
            count,
            self.env["consignment.count"].search(
                [("needs_review", "=", True), ("review_done", "=", False)]
            ),
        )
        count.action_mark_reviewed()
        self.assertTrue(count.review_done)
        self.assertFalse(count.activity_ids)

    def test_validated_twice_refused(self):
        count = self._count()
        self._enter(count, {self.product: 9}, reason="theft")
        count.action_validate()
        with self.assertRaisesRegex(UserError, "only a count in progress or submitted"):
            count.action_validate()
        self.assertEqual(len(count.move_ids), 1)
        self.assertEqual(self._quant_qty(self.product, self.location), 9.0)
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            count.unlink()
        with self.assertRaisesRegex(UserError, "only a count in progress"):
            count.line_ids[0].counted_qty = 1

    def test_one_count_per_agreement_and_date(self):
        self._count(date="2026-03-31")
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"), self.env.cr.savepoint():
            self._count(date="2026-03-31")
        cancelled = self._count(date="2026-04-30")
        cancelled.action_cancel()
        self.assertTrue(self._count(date="2026-04-30"), "A cancelled count does not block the day")

    def test_past_count_uses_and_posts_on_its_date(self):
        agreement = self._create_agreement(
            partner=self.env["res.partner"].create({"name": "Past Vendor", "is_company": True}),
            lines=[(self.product, 10.0)],
        )
        with freeze_time("2026-03-10 09:00:00"):
            self._receive_consignment(agreement, self.product, 10)
        with freeze_time("2026-03-20 09:00:00"):
            self._receive_consignment(agreement, self.product, 5)
        with freeze_time("2026-03-25 09:00:00"):
            count = self._count(agreement, date="2026-03-15")
            self.assertEqual(
                count.line_ids.expected_qty, 10.0, "Stock at the end of the count date"
            )
            self._enter(count, {self.product: 8}, reason="theft")
            count.action_validate()
        self.assertEqual(count.move_ids.date, fields.Datetime.to_datetime("2026-03-15 23:59:59"))
        self.assertEqual(
            count.move_ids.move_line_ids.date, fields.Datetime.to_datetime("2026-03-15 23:59:59")
        )
        self.assertEqual(self._quant_qty(self.product, agreement.location_id), 13.0)

    # ------------------------------------------------------------------
    # Portal API (customer consignment)
    # ------------------------------------------------------------------
    def test_partner_submission(self):
        agreement = self._create_agreement(consignment_type="customer")
        self._move(self.product, 10, self.supplier_location, self.stock_location)
        self._move(self.product, 10, self.stock_location, agreement.location_id)
        count = self._count(agreement)
        self.env["consignment.count"].sudo()._portal_submit(
            count,
            {(self.product.id, False): 9.0, (self.product_lot.id, self.lot.id): 1.0},
            self.customer,
        )
        self.assertRecordValues(
            count,
            [
                {
                    "state": "submitted",
                    "submitted_by_partner": True,
                    "submitted_partner_id": self.customer.id,
                }
            ],
        )
        self.assertEqual(sorted(count.line_ids.mapped("variance_qty")), [-1.0, 1.0])
        with self.assertRaisesRegex(UserError, "zero or more"):
            self.env["consignment.count"].sudo()._portal_submit(
                count, {(self.product.id, False): -1.0}, self.customer
            )

    # ------------------------------------------------------------------
    # Import
    # ------------------------------------------------------------------
    def _import(self, count, content, filename):
        wizard = self.env["consignment.count.import"].create(
            {"count_id": count.id, "file": base64.b64encode(content), "filename": filename}
        )
        return wizard.action_import()

    def test_import_csv_with_bad_lines_writes_nothing(self):
        self.product.default_code = "CW-1"
        count = self._count()
        content = (
            b"Product;Lot;Counted\n"
            b"CW-1;;8\n"
            b"NOPE-404;;3\n"
            b"Consigned Lot Widget;LOT-C1;abc\n"
            b"CW-1;;-2\n"
        )
        with self.assertRaises(UserError) as error:
            self._import(count, content, "count.csv")
        message = str(error.exception)
        self.assertIn('Row 3: unknown product "NOPE-404"', message)
        self.assertIn('Row 4: "abc" is not a quantity', message)
        self.assertIn('Row 5: "-2" is not a quantity', message)
        self.assertNotIn("Row 2", message)
        self.assertFalse(any(count.line_ids.mapped("is_counted")), "Nothing was imported")

    def test_import_csv(self):
        self.product.default_code = "CW-1"
        other = self._create_product("Found Widget", default_code="FW-9")
        count = self._count()
        content = (
            b"product,lot,counted\nCW-1,,4\nCW-1,,3.5\nConsigned Lot Widget,LOT-C1,6\nFW-9,,2\n"
        )
        self._import(count, content, "count.csv")
        self.assertRecordValues(
            count.line_ids.sorted(lambda line: line.product_id.id),
            [
                {
                    "product_id": self.product.id,
                    "counted_qty": 7.5,
                    "is_counted": True,
                    "expected_qty": 10.0,
                },
                {
                    "product_id": self.product_lot.id,
                    "counted_qty": 6.0,
                    "is_counted": True,
                    "expected_qty": 6.0,
                },
                {
                    "product_id": other.id,
                    "counted_qty": 2.0,
                    "is_counted": True,
                    "expected_qty": 0.0,
                },
            ],
        )

    def _xlsx(self, rows):
        import openpyxl  # noqa: PLC0415

        workbook = openpyxl.Workbook()
        sheet = workbook.active
        for row in rows:
            sheet.append(row)
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()

    def test_import_xlsx(self):
        count = self._count()
        content = self._xlsx(
            [
                ["Product", "Lot", "Counted"],
                ["Consigned Widget", None, 9],
                ["Consigned Lot Widget", "LOT-NEW", 2],
            ]
        )
        self._import(count, content, "count.xlsx")
        new_lot = self.env["stock.lot"].search(
            [("name", "=", "LOT-NEW"), ("product_id", "=", self.product_lot.id)]
        )
        self.assertTrue(new_lot, "A lot found at the location is recorded")
        self.assertEqual(
            count.line_ids.filtered(lambda line: line.product_id == self.product).counted_qty, 9.0
        )
        self.assertEqual(
            count.line_ids.filtered(lambda line: line.lot_id == new_lot).counted_qty, 2.0
        )

    def test_import_xlsx_with_bad_lines(self):
        count = self._count()
        content = self._xlsx(
            [
                ["Product", "Lot", "Counted"],
                ["Ghost Product", None, 1],
                ["Consigned Widget", None, "ten"],
                ["Consigned Lot Widget", None, 1],
                ["Consigned Widget", None, 10],
            ]
        )
        with self.assertRaises(UserError) as error:
            self._import(count, content, "count.xlsx")
        message = str(error.exception)
        self.assertIn('Row 2: unknown product "Ghost Product"', message)
        self.assertIn('Row 3: "ten" is not a quantity', message)
        self.assertIn("Row 4: Consigned Lot Widget is tracked by lots", message)
        self.assertFalse(any(count.line_ids.mapped("is_counted")))

    def test_import_unknown_columns(self):
        count = self._count()
        with self.assertRaisesRegex(UserError, "must name the columns"):
            self._import(count, b"foo,bar\n1,2\n", "count.csv")

    # ------------------------------------------------------------------
    # Access and companies
    # ------------------------------------------------------------------
    def test_stock_user_counts_manager_validates(self):
        count = self._count().with_user(self.stock_user)
        count.line_ids.write({"counted_qty": 0.0, "reason": "theft"})
        count.action_submit()
        with self.assertRaisesRegex(AccessError, "Validating a count .*Consignment / Manager"):
            count.action_validate()
        self.assertEqual(count.state, "submitted")
        count.with_user(self.consignment_manager).action_validate()
        self.assertEqual(count.state, "validated")
        self.assertEqual(self._quant_qty(self.product, self.location), 0.0)

    def test_multi_company_rules(self):
        other_company = self.env["res.company"].create({"name": "Other Consignment Co"})
        other_user = new_test_user(
            self.env,
            login="consign_other_user",
            groups="stock.group_stock_user",
            company_id=other_company.id,
            company_ids=[Command.set(other_company.ids)],
        )
        count = self._count()
        self.assertFalse(
            self.env["consignment.count"].with_user(other_user).search([("id", "=", count.id)])
        )
        self.assertFalse(
            self.env["consignment.count.line"]
            .with_user(other_user)
            .search([("id", "in", count.line_ids.ids)])
        )
        self.assertEqual(
            self.env["consignment.count"]
            .with_user(self.stock_user)
            .search([("id", "=", count.id)]),
            count,
        )
