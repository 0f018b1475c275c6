from freezegun import freeze_time

from odoo import fields
from odoo.tests import tagged

from .test_memo_accounting import MemoCase


@tagged("post_install", "-at_install")
class TestMemoFifo(MemoCase):
    """Vendor A, priced first in, first out: widget 10.00, 12.00 from the 10th, 13.00 from
    the 20th. Vendor B, priced by date: widget 6.00, 7.00 from the 20th. March 2026:

    =====  ==========================================  ==============  =========
    day    movement                                    memo A          layers A
    =====  ==========================================  ==============  =========
    02     A: 10 widgets received                      +100.00         10 x 10
    12     A: 5 widgets received (no revaluation)      +60.00          + 5 x 12
    15     A: 12 widgets consumed: 10 x 10 + 2 x 12    -124.00         3 x 12
    =====  ==========================================  ==============  =========

    Closing: 3 x 12.00 = 36.00, the layers' value, whatever the price of the day.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agreement = cls._vendor_agreement(
            pricing_mode="fifo",
            lines=[
                {"product_id": cls.product.id, "price_unit": price, "date_from": day}
                for price, day in ((10.0, "2026-01-01"), (12.0, "2026-03-10"), (13.0, "2026-03-20"))
            ],
        )
        cls.vendor_b = cls.env["res.partner"].create({"name": "Vendor B", "is_company": True})
        cls.agreement_b = cls._vendor_agreement(
            partner=cls.vendor_b,
            lines=[
                {"product_id": cls.product.id, "price_unit": price, "date_from": day}
                for price, day in ((6.0, "2026-01-01"), (7.0, "2026-03-20"))
            ],
        )
        cls.cron = cls.env.ref("consignment_purchase.ir_cron_consignment_memo_revaluation")

    def _receive_two_layers(self):
        location, supplier = self.agreement.location_id, self.supplier_location
        self._transfer(self.product, 10, supplier, location, "2026-03-02 09:00:00", self.vendor)
        self._transfer(self.product, 5, supplier, location, "2026-03-12 09:00:00", self.vendor)

    def _memo_lines(self, agreement, entries=None):
        """The memo inventory lines of ``agreement``'s entries (or of ``entries``)."""
        return (entries or self._memo_entries(agreement)).line_ids.filtered(
            lambda line: line.account_id == self.memo_inventory
        )

    def _assert_layers(self, layers):
        self.assertEqual(
            self.env["consignment.consumption"]._get_fifo_layers(self.agreement, self.product),
            layers,
        )

    def test_consumption_leaves_at_the_price_of_its_layers(self):
        self._receive_two_layers()
        self._transfer(
            self.product, 12, self.agreement.location_id, self.customer_location,
            "2026-03-15 09:00:00", self.vendor,
        )  # fmt: skip
        inventory, supplier = self.memo_inventory, self.memo_supplier
        expected = [
            ("2026-03-02", "Received: Consigned Widget", 100.0),
            # Received at the day's price; the 10 held keep their layer's: no revaluation.
            ("2026-03-12", "Received: Consigned Widget", 60.0),
            # The delivery's two move lines, one per layer, on one line.
            ("2026-03-15", "Consumed: Consigned Widget", -124.0),
        ]
        self.assertRecordValues(
            self.env["account.move.line"].search(
                [("move_id.consignment_memo_agreement_id", "=", self.agreement.id)], order="id"
            ),
            [
                {
                    "date": fields.Date.to_date(day),
                    "name": name,
                    "account_id": account.id,
                    "partner_id": self.vendor.id,
                    "balance": side * amount,
                    "amount_currency": side * amount,
                    "parent_state": "posted",
                }
                for day, name, amount in expected
                for account, side in ((inventory, 1.0), (supplier, -1.0))
            ],
        )
        # What the memo took off is what the ledger (and so the bill) charges.
        self.assertRecordValues(
            self.agreement.consumption_ids.sorted("id"),
            [
                {"quantity": 10.0, "price_unit": 10.0, "amount": 100.0},
                {"quantity": 2.0, "price_unit": 12.0, "amount": 24.0},
            ],
        )
        # The memo is the layers left, 3 x 12.00, not 3 x the price of the day.
        self.assertEqual(self._memo_balance(self.vendor), 36.0)
        self._assert_layers([[3.0, 12.0]])
        self.assertEqual(self._quant_qty(self.product, self.agreement.location_id), 3.0)

    def test_return_and_count_leave_at_the_price_of_their_layers(self):
        """Without a ledger record (a return to the vendor, a count shortfall), the goods
        leave at the price of the layers they use up, oldest first."""
        self._receive_two_layers()
        location = self.agreement.location_id
        # One move line across both layers: 10 x 10.00 + 1 x 12.00.
        self._transfer(
            self.product, 11, location, self.supplier_location, "2026-03-14 09:00:00", self.vendor
        )
        with freeze_time("2026-03-16 08:00:00"):
            count = (
                self.env["consignment.count"]
                .with_user(self.consignment_manager)
                .create({"agreement_id": self.agreement.id, "date": "2026-03-16"})
            )
            count.line_ids.write({"counted_qty": 3.0, "reason": "damage"})
            count.action_validate()
        self.assertRecordValues(
            self._memo_lines(self.agreement)[2:],
            [
                {"name": "Returned to the vendor: Consigned Widget", "balance": -112.0},
                {"name": "Count difference: Consigned Widget", "balance": -12.0},
            ],
        )
        self.assertFalse(self.agreement.consumption_ids)
        self.assertEqual(self._memo_balance(self.vendor), 36.0)
        self._assert_layers([[3.0, 12.0]])

    def test_job_revalues_only_the_date_priced_agreement(self):
        self._receive_two_layers()
        self._transfer(
            self.product, 12, self.agreement.location_id, self.customer_location,
            "2026-03-15 09:00:00", self.vendor,
        )  # fmt: skip
        self._transfer(
            self.product, 8, self.supplier_location, self.agreement_b.location_id,
            "2026-03-03 09:00:00", self.vendor_b,
        )  # fmt: skip
        booked = self._memo_entries(self.agreement) | self._memo_entries(self.agreement_b)
        # Both prices change on the 20th: vendor B's 8 widgets are revalued, vendor A's 3
        # stay at their layer's 12.00.
        with freeze_time("2026-03-20 12:00:00"):
            self.cron.ir_actions_server_id.with_user(self.cron.user_id).run()
        new = (self._memo_entries(self.agreement) | self._memo_entries(self.agreement_b)) - booked
        self.assertRecordValues(
            new, [{"consignment_memo_agreement_id": self.agreement_b.id, "state": "posted"}]
        )
        self.assertRecordValues(
            self._memo_lines(self.agreement_b, new),
            [
                {
                    "name": "Revaluation at agreement prices",
                    "partner_id": self.vendor_b.id,
                    "balance": 8.0,
                }
            ],
        )
        self.assertEqual(self._memo_balance(self.vendor), 36.0)
        self.assertEqual(self._memo_balance(self.vendor_b), 56.0)
        # A receipt at the new price adds a layer of its own, still without a revaluation.
        self._transfer(
            self.product, 2, self.supplier_location, self.agreement.location_id,
            "2026-03-21 09:00:00", self.vendor,
        )  # fmt: skip
        self.assertRecordValues(
            self._memo_lines(self.agreement)[-1:],
            [{"name": "Received: Consigned Widget", "balance": 26.0}],
        )
        self.assertEqual(self._memo_balance(self.vendor), 62.0)
        self._assert_layers([[3.0, 12.0], [2.0, 13.0]])

    def test_ten_product_delivery_costs_the_queries_of_one(self):
        """The layers and the ledger prices of a batch are read at once, whatever its number
        of products and of move lines: 3 of each product received at 1.00, 3 more at 2.00
        from the 10th, 4 of each delivered on the 15th (3 x 1.00 + 1 x 2.00 = 5.00)."""
        products = [self._create_product(f"Fifo Product {index}") for index in range(10)]
        vendor = self.env["res.partner"].create({"name": "Vendor F", "is_company": True})
        agreement = self._vendor_agreement(
            partner=vendor,
            pricing_mode="fifo",
            lines=[
                {"product_id": product.id, "price_unit": price, "date_from": day}
                for product in products
                for price, day in ((1.0, "2026-01-01"), (2.0, "2026-03-10"))
            ],
        )
        location, supplier = agreement.location_id, self.supplier_location
        # Moved while memo accounting is off: the memo engine alone is measured below.
        self.company.consignment_memo_accounting = False
        for day in ("2026-03-02", "2026-03-12"):
            for product in products:
                self._transfer(product, 3, supplier, location, f"{day} 09:00:00", vendor)
        deliveries = [
            self._transfer(product, 4, location, self.customer_location, f"{day} 09:00:00", vendor)
            for product, day in (
                (products[0], "2026-03-15"),
                (products[1], "2026-03-15"),
                *((product, "2026-03-16") for product in products[2:]),
            )
        ]
        self.company.consignment_memo_accounting = True
        Engine = self.env["consignment.memo.engine"].with_user(self.stock_user)
        batches = [
            deliveries[0].move_line_ids,
            deliveries[1].move_line_ids,
            self.env["stock.move.line"].union(*(d.move_line_ids for d in deliveries[2:])),
        ]
        # Each delivery split into its two layers.
        self.assertEqual([len(batch) for batch in batches], [2, 2, 16])
        counts, consumed = [], []
        for move_lines in batches:
            self.env.registry.clear_cache()
            self.env.invalidate_all()
            start = self.cr.sql_log_count
            (values,) = Engine._prepare_memo_move_values(move_lines)
            counts.append(self.cr.sql_log_count - start)
            consumed.append(
                next(
                    command[2]["amount_currency"]
                    for command in values["line_ids"]
                    if command[2]["name"].startswith("Consumed")
                    and command[2]["account_id"] == self.memo_inventory.id
                )
            )
        # The first batch warms the caches.
        self.assertEqual(counts[1], counts[2], "no query per product or move line")
        self.assertEqual(consumed, [-5.0, -5.0, -40.0])
