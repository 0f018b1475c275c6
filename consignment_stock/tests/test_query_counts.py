from freezegun import freeze_time

from odoo.tests import tagged

from .common import ConsignmentCase


@tagged("post_install", "-at_install")
class TestQueryCounts(ConsignmentCase):
    """The engines are set-based: their queries do not grow with the number of records
    they work on. Each test measures a small case, then asserts that a case several times
    larger stays within the same number of queries."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.products = cls.env["product.product"].create(
            [{"name": f"Counted Widget {index}", "is_storable": True} for index in range(6)]
        )

    def _queries(self, function):
        self.env.invalidate_all()
        self.env.flush_all()
        before = self.cr.sql_log_count
        function()
        return self.cr.sql_log_count - before

    def _agreement_with_consumption(self, products, name):
        partner = self.env["res.partner"].create({"name": name, "is_company": True})
        agreement = self._create_agreement(
            partner=partner, lines=[(product, 3.0) for product in products]
        )
        move_lines = self.env["stock.move.line"]
        for product in products:
            self._receive_consignment(agreement, product, 5)
            delivery = self._move(
                product, 2, agreement.location_id, self.customer_location, owner=partner
            )
            move_lines |= delivery.move_ids.move_line_ids
        return agreement, move_lines

    def test_ledger_capture_does_not_grow_with_move_lines(self):
        Consumption = self.env["consignment.consumption"]
        _small_agreement, small = self._agreement_with_consumption(self.products[:1], "Small")
        _large_agreement, large = self._agreement_with_consumption(self.products[1:], "Large")

        def capture(move_lines):
            consumed, _returned = Consumption._classify_move_lines(move_lines)
            values = Consumption._prepare_consumption_values_batch(consumed)
            self.assertEqual(len(values), len(move_lines))

        small_count = self._queries(lambda: capture(small))
        self.env.invalidate_all()
        with self.assertQueryCount(small_count):
            capture(large)

    def test_statement_does_not_grow_with_products(self):
        small_agreement, _lines = self._agreement_with_consumption(self.products[:1], "Small")
        large_agreement, _lines = self._agreement_with_consumption(self.products[1:], "Large")
        period = ("2026-01-01", "2026-12-31")
        small_count = self._queries(lambda: small_agreement.get_statement(*period))
        self.env.invalidate_all()
        with self.assertQueryCount(small_count):
            rows = large_agreement.get_statement(*period)
        self.assertEqual(len(rows), 5)

    def test_smart_buttons_do_not_grow_with_agreements(self):
        agreements = self.env["consignment.agreement"]
        for index in range(4):
            partner = self.env["res.partner"].create({"name": f"Button Vendor {index}"})
            agreement = self._create_agreement(partner=partner, lines=[(self.product, 2.0)])
            self._receive_consignment(agreement, self.product, 3)
            agreements |= agreement
        fields = ["transfer_count", "backorder_count", "consumption_count", "count_count"]
        small_count = self._queries(lambda: agreements[:1].read(fields))
        self.env.invalidate_all()
        with self.assertQueryCount(small_count):
            values = agreements.read(fields)
        self.assertEqual([row["transfer_count"] for row in values], [1, 1, 1, 1])

    def test_billing_does_not_grow_with_ledger_records(self):
        small, _lines = self._agreement_with_consumption(self.products[:1], "Billed Once")
        large = self._create_agreement(
            partner=self.env["res.partner"].create({"name": "Billed Often", "is_company": True}),
            lines=[(self.products[1], 3.0)],
        )
        self._receive_consignment(large, self.products[1], 10)
        for _index in range(5):
            self._move(
                self.products[1],
                1,
                large.location_id,
                self.customer_location,
                owner=large.partner_id,
            )
        self.assertEqual(len(large.consumption_ids), 5)
        period_end = "2026-12-31"
        with freeze_time("2027-01-02"):
            small_count = self._queries(lambda: small.action_create_invoices(period_end))
            self.env.invalidate_all()
            with self.assertQueryCount(small_count):
                large.action_create_invoices(period_end)
        self.assertEqual(large.consumption_ids.mapped("state"), ["invoiced"] * 5)
        self.assertEqual(len(large.invoice_ids.invoice_line_ids), 1)
