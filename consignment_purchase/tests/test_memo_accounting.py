from freezegun import freeze_time
from psycopg2.errors import SerializationFailure

from odoo import Command, api, fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import ConsignmentPurchaseCase

# Queries of the memo entry of one receipt (its agreement's memo lock included), whatever
# its number of lines.
MEMO_ENTRY_QUERIES = 60


class MemoCase(ConsignmentPurchaseCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.memo_inventory, cls.memo_supplier = cls.company._get_consignment_memo_accounts()
        cls.inventory_location = cls.product.with_company(cls.company).property_stock_inventory

    @classmethod
    def _create_two_vendor_agreements(cls):
        """Vendor A: widgets at 10.00 from 1 January (a price version, so that one can follow)
        and lot widgets at 4.00; vendor B: widgets at 6.00."""
        cls.agreement = cls._vendor_agreement(
            lines=[
                {"product_id": cls.product.id, "price_unit": 10.0, "date_from": "2026-01-01"},
                {"product_id": cls.product_lot.id, "price_unit": 4.0},
            ]
        )
        cls.vendor_b = cls.env["res.partner"].create({"name": "Vendor B", "is_company": True})
        cls.agreement_b = cls._vendor_agreement(partner=cls.vendor_b, lines=[(cls.product, 6.0)])

    def _transfer(self, product, quantity, source, destination, date, owner=None, lot_name=None):
        """``_move`` on ``date`` (``_move`` has no date of its own that also dates the move
        lines, which the memo prices)."""
        with freeze_time(date):
            return self._move(
                product, quantity, source, destination, owner=owner, lot_name=lot_name
            )

    def _receipt(self, agreement, products):
        """One receipt of 3 of each of ``products`` into ``agreement``'s location."""
        location = agreement.location_id
        with freeze_time("2026-03-02 09:00:00"):
            picking = self.env["stock.picking"].create(
                {
                    "picking_type_id": self.warehouse.in_type_id.id,
                    "location_id": self.supplier_location.id,
                    "location_dest_id": location.id,
                    "owner_id": agreement.partner_id.id,
                    "move_ids": [
                        Command.create(
                            {
                                "product_id": product.id,
                                "product_uom_qty": 3.0,
                                "location_id": self.supplier_location.id,
                                "location_dest_id": location.id,
                            }
                        )
                        for product in products
                    ],
                }
            )
            picking.action_confirm()
            picking.move_ids.quantity = 3.0
            picking.move_ids.picked = True
            picking.button_validate()
        self.assertEqual(picking.state, "done")
        return picking

    def _receive_as_warehouse_user(self, quantity, destination, owner=None):
        """A receipt of widgets validated by the warehouse user: Inventory / User is the least
        a receipt needs (it implies consignment reading)."""
        picking = self._move(
            self.product,
            quantity,
            self.supplier_location,
            destination,
            owner=owner,
            validate=False,
        ).with_user(self.stock_user)
        with freeze_time("2026-03-02 09:00:00"):
            picking.action_assign()
            picking.move_ids.picked = True
            picking.button_validate()
        self.assertEqual(picking.state, "done")
        return picking

    def _memo_entries(self, agreement):
        return self.env["account.move"].search(
            [("consignment_memo_agreement_id", "=", agreement.id)], order="date, id"
        )

    def _memo_balance(self, partner, date_to=None, account=None):
        domain = [
            ("account_id", "=", (account or self.memo_inventory).id),
            ("partner_id", "=", partner.id),
            ("parent_state", "=", "posted"),
        ]
        if date_to:
            domain.append(("date", "<=", date_to))
        return round(sum(self.env["account.move.line"].search(domain).mapped("balance")), 2)

    def _statement_value(self, agreement, date_from, date_to):
        """The statement's closing quantity of each product times the agreement price valid
        on its last day, summed."""
        total = 0.0
        for row in agreement.with_user(self.stock_user).get_statement(date_from, date_to):
            product = self.env["product.product"].browse(row["product_id"])
            closing = row["expected_qty"] + row["variance_qty"]
            total += closing * agreement._get_price(product, fields.Date.to_date(date_to))
        return round(total, 2)


@tagged("post_install", "-at_install")
class TestMemoAccounting(MemoCase):
    """March 2026, vendor A (widget 10.00, then 12.00 from the 20th; lot widget 4.00) and
    vendor B (widget 6.00):

    =====  ===============================================  ==========  ========
    day    movement                                         memo A      memo B
    =====  ===============================================  ==========  ========
    02     A: 40 widgets, 5 lot widgets received            +400, +20
    03     B: 8 widgets received                                          +48
    05     A: 12 widgets delivered (consumed)               -120
    08     A: 5 widgets returned to the vendor              -50
    15     buyer: widget at 12.00 from the 20th
    18     B: 3 widgets delivered                                         -18
    20     A: 10 widgets received (at 12.00), and the 23    +120, +46
           held revalued (23 x 2.00)
    25     A: 2 lot widgets delivered                       -8
    31     A: count (validated on 1 April): widgets 30      -36, +4
           (-3), lot widgets 4 (+1)
    =====  ===============================================  ==========  ========

    Closing: A 30 widgets x 12.00 + 4 lot widgets x 4.00 = 376.00; B 5 x 6.00 = 30.00.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._create_two_vendor_agreements()

    def _run_month(self):
        location, location_b = self.agreement.location_id, self.agreement_b.location_id
        vendor, vendor_b = self.vendor, self.vendor_b
        supplier, customer = self.supplier_location, self.customer_location
        self._transfer(self.product, 40, supplier, location, "2026-03-02 09:00:00", vendor)
        self._transfer(
            self.product_lot, 5, supplier, location, "2026-03-02 10:00:00", vendor, "LOT-M1"
        )
        self._transfer(self.product, 8, supplier, location_b, "2026-03-03 09:00:00", vendor_b)
        self._transfer(self.product, 12, location, customer, "2026-03-05 09:00:00", vendor)
        self._transfer(self.product, 5, location, supplier, "2026-03-08 09:00:00", vendor)
        with freeze_time("2026-03-15 09:00:00"):
            self.agreement.with_user(self.buyer).write(
                {
                    "line_ids": [
                        Command.create(
                            {
                                "product_id": self.product.id,
                                "price_unit": 12.0,
                                "date_from": "2026-03-20",
                            }
                        )
                    ]
                }
            )
        self._transfer(self.product, 3, location_b, customer, "2026-03-18 09:00:00", vendor_b)
        self._transfer(self.product, 10, supplier, location, "2026-03-20 09:00:00", vendor)
        self._transfer(self.product_lot, 2, location, customer, "2026-03-25 09:00:00", vendor)
        with freeze_time("2026-04-01 08:00:00"):
            count = (
                self.env["consignment.count"]
                .with_user(self.consignment_manager)
                .create({"agreement_id": self.agreement.id, "date": "2026-03-31"})
            )
            for line in count.line_ids:
                line.write(
                    {
                        "counted_qty": 30.0 if line.product_id == self.product else 4.0,
                        "reason": "damage",
                    }
                )
            count.action_validate()
        return count

    def test_month_of_movements_line_by_line(self):
        self._run_month()
        vendor = self.vendor
        lines = self.env["account.move.line"].search(
            [("move_id.consignment_memo_agreement_id", "=", self.agreement.id)],
            order="id",
        )
        inventory, supplier = self.memo_inventory, self.memo_supplier
        expected = [
            ("2026-03-02", "Received: Consigned Widget", 400.0),
            ("2026-03-02", "Received: Consigned Lot Widget", 20.0),
            ("2026-03-05", "Consumed: Consigned Widget", -120.0),
            ("2026-03-08", "Returned to the vendor: Consigned Widget", -50.0),
            ("2026-03-20", "Received: Consigned Widget", 120.0),
            ("2026-03-20", "Revaluation at agreement prices", 46.0),
            ("2026-03-25", "Consumed: Consigned Lot Widget", -8.0),
            # The count of the 31st, validated on 1 April, is the 31st's.
            ("2026-03-31", "Count difference: Consigned Lot Widget", 4.0),
            ("2026-03-31", "Count difference: Consigned Widget", -36.0),
        ]
        self.assertRecordValues(
            lines,
            [
                {
                    "date": fields.Date.to_date(day),
                    "name": name,
                    "account_id": account.id,
                    "partner_id": vendor.id,
                    "debit": max(side * amount, 0.0),
                    "credit": max(-side * amount, 0.0),
                    "amount_currency": side * amount,
                    "parent_state": "posted",
                }
                for day, name, amount in expected
                for account, side in ((inventory, 1.0), (supplier, -1.0))
            ],
        )
        # One entry per batch of moves (the receipt of the 20th and its revaluation are one),
        # never one per move line; all in the stock journal, off the balance sheet.
        entries = self._memo_entries(self.agreement)
        self.assertEqual(len(entries), 7)
        self.assertEqual(entries.journal_id, self.company.account_stock_journal_id)
        self.assertEqual(set(entries.line_ids.account_id.mapped("account_type")), {"off_balance"})
        receipt = self.env["stock.picking"].search(
            [("location_dest_id", "=", self.agreement.location_id.id)], order="id", limit=1
        )
        self.assertEqual(entries[0].ref, f"Memo: {self.agreement.name}, {receipt.name}")

    def test_memo_balance_per_vendor_equals_statement(self):
        self._run_month()
        self.assertEqual(self._memo_balance(self.vendor, "2026-03-31"), 376.0)
        self.assertEqual(self._memo_balance(self.vendor_b, "2026-03-31"), 30.0)
        self.assertEqual(self._memo_balance(self.vendor, "2026-03-31", self.memo_supplier), -376.0)
        self.assertEqual(self._statement_value(self.agreement, "2026-03-01", "2026-03-31"), 376.0)
        self.assertEqual(self._statement_value(self.agreement_b, "2026-03-01", "2026-03-31"), 30.0)
        # And both are the goods at the locations.
        self.assertEqual(self._quant_qty(self.product, self.agreement.location_id), 30.0)
        self.assertEqual(self._quant_qty(self.product_lot, self.agreement.location_id), 4.0)
        # Mid-month too: on the 10th, 23 widgets and 5 lot widgets at the old prices.
        self.assertEqual(self._memo_balance(self.vendor, "2026-03-10"), 250.0)
        self.assertEqual(self._statement_value(self.agreement, "2026-03-01", "2026-03-10"), 250.0)

    def test_consumption_entries_unchanged(self):
        self._run_month()
        # The consumption entries still book the cost against the liability, on balance.
        self.assertEqual(self._account_balance(self.liability, self.vendor), -128.0)
        self.assertEqual(self._account_balance(self.liability, self.vendor_b), -18.0)

    def test_consumption_returned_and_scrap(self):
        location = self.agreement.location_id
        self._transfer(
            self.product, 10, self.supplier_location, location, "2026-03-02 09:00:00", self.vendor
        )
        delivery = self._transfer(
            self.product, 6, location, self.customer_location, "2026-03-05 09:00:00", self.vendor
        )
        env = self.env(user=self.stock_user)
        with freeze_time("2026-03-06 09:00:00"):
            wizard = Form(
                env["stock.return.picking"].with_context(
                    active_id=delivery.id, active_model="stock.picking"
                )
            ).save()
            wizard.product_return_moves.quantity = 2
            returned = env["stock.picking"].browse(wizard.action_create_returns()["res_id"])
            returned.move_ids.picked = True
            returned.button_validate()
            scrap = env["stock.scrap"].create(
                {
                    "product_id": self.product.id,
                    "scrap_qty": 1,
                    "location_id": location.id,
                    "owner_id": self.vendor.id,
                }
            )
            scrap.action_validate()
        self.assertRecordValues(
            self._memo_entries(self.agreement)[2:].line_ids.filtered(
                lambda line: line.account_id == self.memo_inventory
            ),
            [
                {"name": "Consumption returned: Consigned Widget", "balance": 20.0},
                {"name": "Scrapped or lost: Consigned Widget", "balance": -10.0},
            ],
        )
        self.assertEqual(self._quant_qty(self.product, location), 5.0)
        self.assertEqual(self._memo_balance(self.vendor), 50.0)

    def test_memo_entries_read_only_to_users(self):
        self._receive_as_warehouse_user(4, self.agreement.location_id, self.vendor)
        entry = self._memo_entries(self.agreement).with_user(self.accountant)
        self.assertEqual(len(entry), 1)
        self.assertEqual(self._memo_balance(self.vendor), 40.0)
        with self.assertRaisesRegex(UserError, "memo entries"):
            entry.button_draft()
        with self.assertRaisesRegex(UserError, "memo entries"):
            entry.write({"ref": "changed"})
        with self.assertRaises(UserError):
            entry.unlink()
        journal = self.env["account.journal"].search(
            [("company_id", "=", self.company.id), ("type", "=", "general")], limit=1
        )
        with self.assertRaisesRegex(ValidationError, "memo entries"):
            self.env["account.move"].with_user(self.accountant).create(
                {
                    "journal_id": journal.id,
                    "line_ids": [
                        Command.create({"account_id": self.memo_inventory.id, "balance": 5.0}),
                        Command.create({"account_id": self.memo_supplier.id, "balance": -5.0}),
                    ],
                }
            )
        with self.assertRaisesRegex(UserError, "set by consignment billing"):
            self.env["account.move"].with_user(self.accountant).create(
                {
                    "journal_id": journal.id,
                    "consignment_memo_agreement_id": self.agreement.id,
                }
            )

    def test_setting_off_books_nothing(self):
        self.company.consignment_memo_accounting = False
        self._transfer(
            self.product, 4, self.supplier_location, self.agreement.location_id,
            "2026-03-02 09:00:00", self.vendor,
        )  # fmt: skip
        self.assertFalse(self._memo_entries(self.agreement))
        self.assertEqual(
            self.company._get_consignment_memo_accounts(),
            (self.env["account.account"], self.env["account.account"]),
        )
        # Turned on again, the next movement books the goods held meanwhile as well.
        self.company.consignment_memo_accounting = True
        self._transfer(
            self.product, 1, self.agreement.location_id, self.customer_location,
            "2026-03-03 09:00:00", self.vendor,
        )  # fmt: skip
        self.assertRecordValues(
            self._memo_entries(self.agreement).line_ids.filtered(
                lambda line: line.account_id == self.memo_inventory
            ),
            [
                {"name": "Consumed: Consigned Widget", "balance": -10.0},
                {"name": "Revaluation at agreement prices", "balance": 40.0},
            ],
        )
        self.assertEqual(self._memo_balance(self.vendor), 30.0)

    def test_ordinary_receipt_books_no_memo(self):
        before = self.env["account.move.line"].search_count(
            [("account_id", "in", (self.memo_inventory | self.memo_supplier).ids)]
        )
        self._receive_as_warehouse_user(6, self.stock_location)
        self.assertEqual(
            self.env["account.move.line"].search_count(
                [("account_id", "in", (self.memo_inventory | self.memo_supplier).ids)]
            ),
            before,
        )

    def test_ten_line_receipt_costs_the_queries_of_one_line(self):
        products = [self._create_product(f"Memo Product {index}") for index in range(10)]
        vendors = self.env["res.partner"].create(
            [{"name": f"Vendor {name}", "is_company": True} for name in "CDE"]
        )
        agreement_warm, agreement_one = (
            self._vendor_agreement(partner=vendor, lines=[(products[0], 2.0)])
            for vendor in vendors[:2]
        )
        agreement_ten = self._vendor_agreement(
            partner=vendors[2],
            lines=[(product, float(index + 1)) for index, product in enumerate(products)],
        )
        # Received while memo accounting is off: the memo engine alone is measured below.
        self.company.consignment_memo_accounting = False
        receipts_warm = [self._receipt(agreement_warm, products[:1]) for _index in range(2)]
        receipt_one = self._receipt(agreement_one, products[:1])
        receipt_ten = self._receipt(agreement_ten, products)
        self.company.consignment_memo_accounting = True
        Engine = self.env["consignment.memo.engine"].with_user(self.stock_user)
        # Two first entries warm the caches and the journal's sequence the measured ones share.
        for receipt in receipts_warm:
            Engine._book_move_lines(receipt.move_line_ids)
        counts = []
        for receipt in (receipt_one, receipt_ten):
            move_lines = receipt.move_line_ids
            # Both start cold: registry caches (such as defaults) are not per move line.
            self.env.registry.clear_cache()
            self.env.invalidate_all()
            with self.assertQueryCount(MEMO_ENTRY_QUERIES):
                start = self.cr.sql_log_count
                Engine._book_move_lines(move_lines)
                self.env.flush_all()
                counts.append(self.cr.sql_log_count - start)
        self.assertEqual(counts[0], counts[1], "no query per move line")
        names = "Memo Product 0, Memo Product 1, Memo Product 2"
        self.assertRecordValues(
            self._memo_entries(agreement_one).line_ids | self._memo_entries(agreement_ten).line_ids,
            [
                {"name": "Received: Memo Product 0", "balance": 6.0},
                {"name": "Received: Memo Product 0", "balance": -6.0},
                {"name": f"Received: {names}, ...", "balance": 165.0},
                {"name": f"Received: {names}, ...", "balance": -165.0},
            ],
        )

    def test_company_without_chart_books_nothing(self):
        company = self.env["res.company"].create({"name": "Memo Without Chart"})
        self.assertTrue(company.consignment_memo_accounting)
        accounts = company._get_consignment_memo_accounts()
        self.assertFalse(accounts[0] or accounts[1])
        self.assertFalse(company.consignment_memo_inventory_account_id)
        # Its vendor goods move without a memo entry and without an error.
        warehouse = self.env["stock.warehouse"].search([("company_id", "=", company.id)])
        agreement = (
            self.env["consignment.agreement"]
            .with_company(company)
            .create(
                {
                    "partner_id": self.vendor.id,
                    "consignment_type": "vendor",
                    "company_id": company.id,
                    "warehouse_id": warehouse.id,
                    "date_start": "2026-01-01",
                    "line_ids": [Command.create({"product_id": self.product.id, "price_unit": 3})],
                }
            )
        )
        agreement.action_activate()
        with freeze_time("2026-03-02 09:00:00"):
            picking = (
                self.env["stock.picking"]
                .with_company(company)
                .create(
                    {
                        "picking_type_id": warehouse.in_type_id.id,
                        "location_id": self.supplier_location.id,
                        "location_dest_id": agreement.location_id.id,
                        "owner_id": self.vendor.id,
                        "company_id": company.id,
                        "move_ids": [
                            Command.create(
                                {
                                    "product_id": self.product.id,
                                    "product_uom_qty": 2.0,
                                    "location_id": self.supplier_location.id,
                                    "location_dest_id": agreement.location_id.id,
                                    "company_id": company.id,
                                }
                            )
                        ],
                    }
                )
            )
            picking.action_confirm()
            picking.move_ids.quantity = 2.0
            picking.move_ids.picked = True
            picking.button_validate()
        self.assertEqual(picking.state, "done")
        self.assertFalse(self._memo_entries(agreement))
        # Its chart loaded, it gets its memo accounts with it.
        self.env["account.chart.template"].try_loading("generic_coa", company, install_demo=False)
        self.assertRecordValues(
            company.consignment_memo_inventory_account_id
            | company.consignment_memo_supplier_account_id,
            [
                {"name": "Consignment Inventory (Memo)", "account_type": "off_balance"},
                {"name": "Consignment Stock - Supplier", "account_type": "off_balance"},
            ],
        )


@tagged("post_install", "-at_install")
class TestMemoBatch(MemoCase):
    def test_five_agreements_cost_the_queries_of_two(self):
        vendors = self.env["res.partner"].create(
            [{"name": f"Batch Vendor {index}", "is_company": True} for index in range(9)]
        )
        # One agreement of each measured batch is priced first in, first out: its layers are
        # read for the whole batch at once too.
        agreements = [
            self._vendor_agreement(
                partner=vendor,
                lines=[(self.product, float(index + 1))],
                pricing_mode="fifo" if index in (2, 4) else "date",
            )
            for index, vendor in enumerate(vendors)
        ]
        # Received while memo accounting is off: the memo engine alone is measured below.
        self.company.consignment_memo_accounting = False
        receipts = [self._receipt(agreement, [self.product]) for agreement in agreements]
        self.company.consignment_memo_accounting = True
        Engine = self.env["consignment.memo.engine"].with_user(self.stock_user)
        # A first batch warms the caches. Odoo's own creation and posting of the entries,
        # which takes queries per entry, is left out of the measure.
        Engine._book_move_lines(receipts[0].move_line_ids | receipts[1].move_line_ids)
        batches = [
            self.env["stock.move.line"].union(*(receipt.move_line_ids for receipt in batch))
            for batch in (receipts[2:4], receipts[4:])
        ]
        counts = []
        for move_lines in batches:
            self.env.registry.clear_cache()
            self.env.invalidate_all()
            start = self.cr.sql_log_count
            values = Engine._prepare_memo_move_values(move_lines)
            counts.append(self.cr.sql_log_count - start)
            self.assertEqual(len(values), len(move_lines))
        self.assertEqual(counts[0], counts[1], "no query per agreement of the batch")
        for move_lines in batches:
            Engine._book_move_lines(move_lines)
        # Each agreement revalues its own vendor's goods only: no revaluation line.
        self.assertRecordValues(
            self.env["account.move.line"].search(
                [
                    ("move_id.consignment_memo_agreement_id", "in", [a.id for a in agreements]),
                    ("account_id", "=", self.memo_inventory.id),
                ],
                order="id",
            ),
            [
                {"name": "Received: Consigned Widget", "partner_id": vendor.id, "balance": price}
                for vendor, price in zip(vendors, (3.0 * (i + 1) for i in range(9)), strict=True)
            ],
        )


@tagged("post_install", "-at_install")
class TestMemoRevaluation(MemoCase):
    """Vendor A: 20 widgets at 10.00 and 5 lot widgets at 4.00, received on 2 March; from
    the 20th the widget costs 12.50. Vendor B: 8 widgets at 6.00."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._create_two_vendor_agreements()
        cls.cron = cls.env.ref("consignment_purchase.ir_cron_consignment_memo_revaluation")

    def setUp(self):
        super().setUp()
        location, supplier = self.agreement.location_id, self.supplier_location
        self._transfer(self.product, 20, supplier, location, "2026-03-02 09:00:00", self.vendor)
        self._transfer(
            self.product_lot, 5, supplier, location, "2026-03-02 10:00:00", self.vendor, "LOT-R1"
        )
        self._transfer(
            self.product, 8, supplier, self.agreement_b.location_id, "2026-03-03 09:00:00",
            self.vendor_b,
        )  # fmt: skip
        with freeze_time("2026-03-15 09:00:00"):
            self.agreement.with_user(self.buyer).write(
                {
                    "line_ids": [
                        Command.create(
                            {
                                "product_id": self.product.id,
                                "price_unit": 12.5,
                                "date_from": "2026-03-20",
                            }
                        )
                    ]
                }
            )
        self.booked = self._memo_entries(self.agreement) | self._memo_entries(self.agreement_b)
        self.assertEqual(len(self.booked), 3)

    def _run_job(self, day):
        with freeze_time(f"{day} 12:00:00"):
            self.cron.ir_actions_server_id.with_user(self.cron.user_id).run()

    def _new_entries(self):
        return (
            self._memo_entries(self.agreement) | self._memo_entries(self.agreement_b)
        ) - self.booked

    def test_price_version_revalued_by_the_job(self):
        self.assertTrue(self.cron.active)
        self._run_job("2026-03-20")
        entry = self._new_entries()
        self.assertRecordValues(
            entry,
            [
                {
                    "date": fields.Date.to_date("2026-03-20"),
                    "state": "posted",
                    "consignment_memo_agreement_id": self.agreement.id,
                    "journal_id": self.company.account_stock_journal_id.id,
                    "ref": f"Memo: {self.agreement.name}",
                }
            ],
        )
        # 20 widgets x 2.50; the lot widgets' price and vendor B's did not change.
        self.assertRecordValues(
            entry.line_ids,
            [
                {
                    "name": "Revaluation at agreement prices",
                    "account_id": account.id,
                    "partner_id": self.vendor.id,
                    "debit": debit,
                    "credit": credit,
                    "amount_currency": debit - credit,
                }
                for account, debit, credit in (
                    (self.memo_inventory, 50.0, 0.0),
                    (self.memo_supplier, 0.0, 50.0),
                )
            ],
        )
        self.assertEqual(self._memo_balance(self.vendor), 270.0)
        self.assertEqual(self._statement_value(self.agreement, "2026-03-01", "2026-03-20"), 270.0)
        # Run again, the same day or the next: nothing new.
        self._run_job("2026-03-20")
        self._run_job("2026-03-21")
        self.assertEqual(self._new_entries(), entry)
        # The next movement finds the memo at the new prices: no revaluation line of its own.
        self._transfer(
            self.product, 2, self.agreement.location_id, self.customer_location,
            "2026-03-22 09:00:00", self.vendor,
        )  # fmt: skip
        self.assertEqual(
            (self._new_entries() - entry).line_ids.mapped("name"),
            ["Consumed: Consigned Widget"] * 2,
        )
        self.assertEqual(self._memo_balance(self.vendor), 245.0)

    def test_goods_of_the_vendors_contacts_revalued(self):
        contact = self.env["res.partner"].create(
            {"name": "Vendor Clerk", "parent_id": self.vendor.id}
        )
        self._transfer(
            self.product, 4, self.supplier_location, self.agreement.location_id,
            "2026-03-04 09:00:00", contact,
        )  # fmt: skip
        self._run_job("2026-03-20")
        self.assertRecordValues(
            self._new_entries().line_ids.filtered(
                lambda line: line.account_id == self.memo_inventory
            ),
            [
                {
                    "name": "Received: Consigned Widget",
                    "partner_id": self.vendor.id,
                    "balance": 40.0,
                },
                # 24 widgets x 2.50.
                {
                    "name": "Revaluation at agreement prices",
                    "partner_id": self.vendor.id,
                    "balance": 60.0,
                },
            ],
        )

    def test_memo_equal_books_nothing(self):
        # On the 19th the prices are still those of the entries.
        self._run_job("2026-03-19")
        self.assertFalse(self._new_entries())
        self.assertEqual(self._memo_balance(self.vendor), 220.0)
        self.assertEqual(self._memo_balance(self.vendor_b), 48.0)

    def test_company_without_memo_accounting_left_alone(self):
        self.company.consignment_memo_accounting = False
        self._run_job("2026-03-20")
        self.assertFalse(self._new_entries())

    def _unbooked_agreement(self):
        """An agreement of a third vendor whose 3 widgets at 10.00 stand at its location
        without a movement of this transaction (which would hold its memo): memo 0.00, to
        revalue by 30.00."""
        vendor = self.env["res.partner"].create({"name": "Vendor C", "is_company": True})
        agreement = self._vendor_agreement(partner=vendor, lines=[(self.product, 10.0)])
        self.env["stock.quant"]._update_available_quantity(
            self.product, agreement.location_id, 3, owner_id=vendor
        )
        return agreement

    def _hold(self, cr, agreement):
        """Hold ``agreement``'s memo from the other transaction of ``cr``, as a revaluation
        run does."""
        other = api.Environment(cr, api.SUPERUSER_ID, {})["consignment.memo.engine"]
        held = other.env["consignment.agreement"].browse(agreement.ids)
        self.assertEqual(other._lock_memo_agreements(held), held)

    def test_agreement_held_by_a_concurrent_run_is_left_to_it(self):
        Engine = self.env["consignment.memo.engine"]
        agreement = self._unbooked_agreement()
        with self.registry.cursor() as cr:
            self._hold(cr, agreement)
            with freeze_time("2026-03-20 12:00:00"):
                self.assertFalse(Engine._revalue_memo(agreement))
            cr.rollback()
        # Once the other run is over, the agreement is revalued.
        with freeze_time("2026-03-20 12:00:00"):
            entry = Engine._revalue_memo(agreement)
        self.assertEqual(entry.consignment_memo_agreement_id, agreement)
        self.assertEqual(self._memo_balance(agreement.partner_id), 30.0)

    def test_validation_conflicts_with_a_concurrent_revaluation(self):
        """A revaluation run that books the agreement's memo and commits while a stock
        validation of the same agreement is under way makes the validation fail with a
        serialization error (Odoo retries it, then seeing the revaluation), instead of
        booking the same difference again against the memo of its snapshot."""
        agreement = self._unbooked_agreement()
        location, vendor = agreement.location_id, agreement.partner_id
        before = self._memo_balance(vendor)
        with self.registry.cursor() as cr:
            Lock = api.Environment(cr, api.SUPERUSER_ID, {})["consignment.memo.lock"]
            Lock._claim(Lock.env["consignment.agreement"].browse(agreement.ids))
            # The other transaction (a second connection, not the test's) must end first.
            cr.commit()  # pylint: disable=invalid-commit
            try:
                with (
                    mute_logger("odoo.sql_db"),
                    self.assertRaises(SerializationFailure),
                    self.cr.savepoint(),
                ):
                    self._transfer(
                        self.product, 1, location, self.customer_location,
                        "2026-03-21 09:00:00", vendor,
                    )  # fmt: skip
            finally:
                cr.execute(
                    "DELETE FROM consignment_memo_lock WHERE agreement_id = %s", agreement.ids
                )
                cr.commit()  # pylint: disable=invalid-commit
        self.assertEqual(self._memo_balance(vendor), before, "nothing booked")
        self.assertEqual(
            self._quant_qty(self.product, location, owner=vendor), 3.0, "the validation rolled back"
        )
