from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged

from .common import ConsignmentMrpCase


@tagged("post_install", "-at_install")
class TestMrpValuation(ConsignmentMrpCase):
    def _assert_ledger(self, production, quantity, price, product=None):
        records = self.agreement.consumption_ids.filtered(
            lambda record: record.origin == production.name
        )
        self.assertRecordValues(
            records,
            [
                {
                    "product_id": (product or self.product).id,
                    "quantity": quantity,
                    "price_unit": price,
                    "amount": quantity * price,
                    "state": "to_invoice",
                }
            ],
        )
        return records

    def test_fifo_perpetual_without_wip_account(self):
        """5 finished = 10 consigned at 10.00 + 5 own at 3.00: 115.00, 23.00 a unit. Without a
        WIP account the consigned components enter the stock valuation account against the
        liability; the consumption bill clears the liability."""
        production = self._manufacture(5)
        self.assertEqual(production.state, "done")
        record = self._assert_ledger(production, 10.0, 10.0)
        component_move = production.move_raw_ids.filtered(lambda m: m.product_id == self.product)
        self.assertRecordValues(component_move, [{"value": 100.0, "consignment_value": 100.0}])
        finished_move = self._finished_move(production)
        self.assertRecordValues(finished_move, [{"value": 115.0, "price_unit": 23.0}])
        self.assertEqual(self.finished.standard_price, 23.0)
        self.assertEqual(self.finished.total_value, 115.0)
        self.assertEqual(
            self._entry_lines(record.account_move_id),
            self._expected(
                (self.stock_valuation, 100.0, 0.0, self.product),
                (self.liability, 0.0, 100.0, self.product),
            ),
        )
        # No WIP account: Odoo books nothing for the production itself.
        self.assertFalse((production.move_raw_ids | finished_move).account_move_id)

        bill = self._bill_today()
        self.assertRecordValues(
            bill.invoice_line_ids,
            [{"product_id": self.product.id, "quantity": 10.0, "price_unit": 10.0}],
        )
        bill.action_post()
        self.assertEqual(self._account_balance(self.liability, self.vendor), 0.0)
        self.assertEqual(record.state, "invoiced")

    def test_avco_perpetual_with_wip_account(self):
        """With a WIP account: the consumption entry books WIP against the liability, Odoo books
        our own component (WIP against stock) and the finished goods (stock against WIP) at
        the full cost: WIP is cleared, every amount booked once."""
        wip = self._use_wip_account()
        self.finished.categ_id = self.category_avco
        production = self._manufacture(5)
        record = self._assert_ledger(production, 10.0, 10.0)
        self.assertEqual(
            self._entry_lines(record.account_move_id),
            self._expected(
                (wip, 100.0, 0.0, self.product), (self.liability, 0.0, 100.0, self.product)
            ),
        )
        own_move = production.move_raw_ids.filtered(lambda m: m.product_id == self.own_part)
        own_valuation = self.own_part._get_product_accounts()["stock_valuation"]
        self.assertEqual(
            self._stock_entry_lines(own_move),
            self._expected(
                (wip, 15.0, 0.0, self.own_part), (own_valuation, 0.0, 15.0, self.own_part)
            ),
        )
        component_move = production.move_raw_ids.filtered(lambda m: m.product_id == self.product)
        # Only consigned goods: no stock entry of Odoo's for the consigned component.
        self.assertFalse(component_move.account_move_id)
        finished_move = self._finished_move(production)
        finished_valuation = self.finished._get_product_accounts()["stock_valuation"]
        self.assertEqual(
            self._stock_entry_lines(finished_move),
            self._expected(
                (finished_valuation, 115.0, 0.0, self.finished),
                (wip, 0.0, 115.0, self.finished),
            ),
        )
        self.assertEqual(self._account_balance(wip), 0.0)
        self.assertEqual(self.finished.standard_price, 23.0)
        self.assertEqual(self.finished.total_value, 115.0)

    def test_own_and_consigned_stock_in_one_move(self):
        """4 of the component are ours (cost 8.00), 6 consigned: the move is worth
        32.00 + 60.00; Odoo's stock entry moves our 32.00 only, the consumption entry the
        consigned 60.00."""
        wip = self._use_wip_account()
        self._set_own_stock(self.product, 4)
        production = self._manufacture(5)
        record = self._assert_ledger(production, 6.0, 10.0)
        component_move = production.move_raw_ids.filtered(lambda m: m.product_id == self.product)
        self.assertRecordValues(component_move, [{"value": 92.0, "consignment_value": 60.0}])
        self.assertEqual(
            self._stock_entry_lines(component_move),
            self._expected(
                (wip, 32.0, 0.0, self.product), (self.stock_valuation, 0.0, 32.0, self.product)
            ),
        )
        self.assertEqual(
            self._entry_lines(record.account_move_id),
            self._expected(
                (wip, 60.0, 0.0, self.product), (self.liability, 0.0, 60.0, self.product)
            ),
        )
        self.assertRecordValues(self._finished_move(production), [{"value": 107.0}])
        self.assertEqual(self._account_balance(wip), 0.0)

    def _price_change_and_early_receipt(self, pricing_mode):
        """The 50 units of the set-up were received today at 12.00 (the price since November);
        20 more came in June at 10.00."""
        self.agreement.pricing_mode = pricing_mode
        self.agreement.line_ids.filtered(
            lambda line: line.product_id == self.product
        ).date_to = "2026-10-31"
        self.agreement.line_ids = [
            Command.create(
                {"product_id": self.product.id, "price_unit": 12.0, "date_from": "2026-11-01"}
            )
        ]
        with freeze_time("2026-06-02 10:00:00"):
            self._receive_consignment(self.agreement, self.product, 20)

    @freeze_time("2026-12-01 12:00:00")
    def test_fifo_pricing_mode_costs_each_receipt_layer(self):
        """First in, first out: 30 consumed = 20 of June at 10.00 + 10 of today at 12.00."""
        self._price_change_and_early_receipt("fifo")
        production = self._manufacture(15)
        records = self.agreement.consumption_ids.filtered(
            lambda record: record.origin == production.name
        ).sorted("price_unit")
        self.assertRecordValues(
            records,
            [
                {"quantity": 20.0, "price_unit": 10.0, "amount": 200.0},
                {"quantity": 10.0, "price_unit": 12.0, "amount": 120.0},
            ],
        )
        self.assertRecordValues(self._finished_move(production), [{"value": 365.0}])
        self.assertAlmostEqual(self.finished.standard_price, 24.33, places=2)

    @freeze_time("2026-12-01 12:00:00")
    def test_date_pricing_mode_costs_today_price(self):
        self._price_change_and_early_receipt("date")
        production = self._manufacture(15)
        self._assert_ledger(production, 30.0, 12.0)
        self.assertRecordValues(self._finished_move(production), [{"value": 405.0}])

    def test_periodic_valuation_books_expense_and_values_the_product(self):
        """Periodic valuation: the consumption is an expense against the liability, as a
        purchase is; the finished product still carries the consigned cost, which the stock
        closing moves from the expense into stock."""
        category_periodic = self.env["product.category"].create(
            {
                "name": "FIFO periodic",
                "property_cost_method": "fifo",
                "property_valuation": "periodic",
            }
        )
        (self.product | self.finished).categ_id = category_periodic
        production = self._manufacture(5)
        record = self._assert_ledger(production, 10.0, 10.0)
        expense = self.product._get_product_accounts()["expense"]
        self.assertEqual(
            self._entry_lines(record.account_move_id),
            self._expected(
                (expense, 100.0, 0.0, self.product), (self.liability, 0.0, 100.0, self.product)
            ),
        )
        self.assertRecordValues(self._finished_move(production), [{"value": 115.0}])

    def test_agreement_in_foreign_currency(self):
        """The component's value is in the company's currency, at the consumption day's rate."""
        currency = (
            self.env["res.currency"]
            .with_context(active_test=False)
            .search(
                [("id", "!=", self.company.currency_id.id), ("name", "in", ("EUR", "USD"))], limit=1
            )
        )
        currency.active = True
        self.env["res.currency.rate"].create(
            {
                "currency_id": currency.id,
                "rate": 2.0,
                "name": "2026-01-01",
                "company_id": self.company.id,
            }
        )
        vendor = self.env["res.partner"].create({"name": "Foreign Consignor", "is_company": True})
        part = self._create_product("Foreign Part", categ_id=self.category_avco.id)
        agreement = self._vendor_agreement(
            partner=vendor, lines=[(part, 10.0)], currency_id=currency.id
        )
        self._receive_consignment(agreement, part, 10)
        bom = self._create_bom(self.finished, [(part, 1)])
        production = self._manufacture(4, bom=bom)
        self.assertRecordValues(
            agreement.consumption_ids,
            [{"quantity": 4.0, "amount": 40.0, "currency_id": currency.id}],
        )
        self.assertRecordValues(self._finished_move(production), [{"value": 20.0}])

    def test_periodic_closing_leaves_consigned_part_out(self):
        """Periodic valuation with a WIP account: Odoo's closing moves the value of our own
        components into WIP, never the consigned part of a mixed move (the consumption entry
        booked it): WIP ends at zero."""
        wip = self._use_wip_account()
        category_periodic = self.env["product.category"].create(
            {
                "name": "FIFO periodic",
                "property_cost_method": "fifo",
                "property_valuation": "periodic",
            }
        )
        (self.product | self.own_part | self.finished).categ_id = category_periodic
        self._set_own_stock(self.product, 4)
        production = self._manufacture(5)
        record = self._assert_ledger(production, 6.0, 10.0)
        self.assertEqual(
            self._entry_lines(record.account_move_id),
            self._expected(
                (wip, 60.0, 0.0, self.product), (self.liability, 0.0, 60.0, self.product)
            ),
        )
        closing = self.company._get_location_valuation_vals()
        wip_closing = sum(
            vals["debit"] - vals["credit"] for vals in closing if vals["account_id"] == wip.id
        )
        # Our own components in (32.00 + 15.00), the finished goods out (107.00).
        self.assertAlmostEqual(wip_closing, 32.0 + 15.0 - 107.0)
        self.assertAlmostEqual(self._account_balance(wip) + wip_closing, 0.0)
