from freezegun import freeze_time

from odoo.tests import Form, tagged

from .common import ConsignmentPurchaseCase


@tagged("post_install", "-at_install")
class TestConsumptionAccounting(ConsignmentPurchaseCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agreement = cls._vendor_agreement(lines=[(cls.product, 10.0), (cls.product_lot, 4.0)])
        cls.order = cls._create_po([(cls.product, 50)])
        cls._receive_po(cls.order)

    def test_liability_account_created_on_demand(self):
        self.assertTrue(self.liability)
        self.assertEqual(self.liability.account_type, "liability_current")
        self.assertEqual(self.company.consignment_liability_account_id, self.liability)
        transfer = self.env["stock.location"]._get_ownership_transfer_location(self.company)
        self.assertEqual(transfer.valuation_account_id, self.liability)

    def test_delivery_books_cost_against_liability_and_bill_clears_it(self):
        self._consume(self.agreement, self.product, 15)
        record = self.agreement.consumption_ids
        entry = record.account_move_id
        self.assertEqual(entry.state, "posted")
        self.assertEqual(entry.date.isoformat(), "2026-03-20")
        self.assertEqual(
            self._entry_lines(entry),
            self._expected(
                (self.expense, 150.0, 0.0, self.product), (self.liability, 0.0, 150.0, self.product)
            ),
        )
        self.assertEqual(self._account_balance(self.liability, self.vendor), -150.0)
        self.assertRecordValues(
            self.order.order_line, [{"consignment_qty_consumed": 15.0, "qty_to_invoice": 15.0}]
        )

        bill = self._bill(self.agreement)
        self.assertRecordValues(
            bill.invoice_line_ids,
            [
                {
                    "account_id": self.liability.id,
                    "quantity": 15.0,
                    "price_unit": 10.0,
                    "purchase_line_id": self.order.order_line.id,
                }
            ],
        )
        self.assertEqual(bill.invoice_line_ids.consignment_consumption_ids, record)
        bill.action_post()
        tax_line = bill.line_ids.filtered(lambda line: line.display_type == "tax")
        tax = round(tax_line.debit, 2)
        self.assertEqual(tax, round(bill.amount_tax, 2))
        no_product = self.env["product.product"]
        self.assertEqual(
            self._entry_lines(bill),
            self._expected(
                (self.liability, 150.0, 0.0, self.product),
                (tax_line.account_id, tax, 0.0, no_product),
                (self.payable, 0.0, 150.0 + tax, no_product),
            ),
        )
        self.assertEqual(self._account_balance(self.liability, self.vendor), 0.0)
        self.assertRecordValues(
            self.order.order_line, [{"qty_invoiced": 15.0, "qty_to_invoice": 0.0}]
        )

    def test_one_entry_per_agreement_and_batch(self):
        other_vendor = self.env["res.partner"].create({"name": "Second Consignor"})
        other = self._vendor_agreement(partner=other_vendor, lines=[(self.product, 7.0)])
        self._receive_consignment(other, self.product, 10)
        lot_order = self._create_po([(self.product_lot, 5)])
        picking = lot_order.picking_ids
        picking.move_ids.move_line_ids.unlink()
        with freeze_time("2026-03-02"):
            picking.move_ids.write(
                {
                    "move_line_ids": [
                        (
                            0,
                            0,
                            {
                                "product_id": self.product_lot.id,
                                "quantity": 5,
                                "lot_name": "L1",
                                "location_id": picking.location_id.id,
                                "location_dest_id": picking.location_dest_id.id,
                            },
                        )
                    ]
                }
            )
            picking.move_ids.picked = True
            picking._action_done()
        # One delivery takes goods of both vendors and two products of the first one.
        with freeze_time("2026-03-21 10:00:00"):
            delivery = self.env["stock.picking"].create(
                {
                    "picking_type_id": self.warehouse.out_type_id.id,
                    "location_id": self.stock_location.id,
                    "location_dest_id": self.customer_location.id,
                    "move_ids": [
                        (
                            0,
                            0,
                            {
                                "product_id": self.product.id,
                                "product_uom_qty": 1,
                                "location_id": self.stock_location.id,
                                "location_dest_id": self.customer_location.id,
                            },
                        ),
                        (
                            0,
                            0,
                            {
                                "product_id": self.product_lot.id,
                                "product_uom_qty": 1,
                                "location_id": self.stock_location.id,
                                "location_dest_id": self.customer_location.id,
                            },
                        ),
                    ],
                }
            )
            delivery.action_confirm()
            delivery.move_ids.move_line_ids.unlink()
            lot = self.env["stock.lot"].search(
                [("name", "=", "L1"), ("product_id", "=", self.product_lot.id)]
            )
            delivery.move_ids.filtered(lambda m: m.product_id == self.product).write(
                {
                    "move_line_ids": [
                        (
                            0,
                            0,
                            {
                                "product_id": self.product.id,
                                "quantity": 3,
                                "owner_id": self.vendor.id,
                                "location_id": self.agreement.location_id.id,
                                "location_dest_id": self.customer_location.id,
                            },
                        ),
                        (
                            0,
                            0,
                            {
                                "product_id": self.product.id,
                                "quantity": 2,
                                "owner_id": other_vendor.id,
                                "location_id": other.location_id.id,
                                "location_dest_id": self.customer_location.id,
                            },
                        ),
                    ]
                }
            )
            delivery.move_ids.filtered(lambda m: m.product_id == self.product_lot).write(
                {
                    "move_line_ids": [
                        (
                            0,
                            0,
                            {
                                "product_id": self.product_lot.id,
                                "quantity": 1,
                                "owner_id": self.vendor.id,
                                "lot_id": lot.id,
                                "location_id": self.agreement.location_id.id,
                                "location_dest_id": self.customer_location.id,
                            },
                        ),
                    ]
                }
            )
            delivery.move_ids.picked = True
            delivery._action_done()
        first_entry = self.agreement.consumption_ids.account_move_id
        self.assertEqual(len(first_entry), 1, "One entry for the agreement's records of the batch")
        self.assertEqual(len(self.agreement.consumption_ids), 2)
        self.assertEqual(self.product_lot._get_product_accounts()["expense"], self.expense)
        # One pair of lines per expense account: 3 x 10.00 + 1 x 4.00, two products.
        no_product = self.env["product.product"]
        self.assertEqual(
            self._entry_lines(first_entry),
            self._expected(
                (self.expense, 34.0, 0.0, no_product), (self.liability, 0.0, 34.0, no_product)
            ),
        )
        self.assertIn("2 products consumed", first_entry.line_ids[0].name)
        # A separate expense account for one product: its own pair of lines.
        lot_expense = self.expense.copy({"code": "612345", "name": "Lot widgets consumed"})
        self.product_lot.property_account_expense_id = lot_expense
        lot_record = self.agreement.consumption_ids.filtered(
            lambda record: record.product_id == self.product_lot
        )
        values = lot_record._consignment_prepare_entry_values(self.agreement)
        self.assertEqual(
            sorted((line[2]["account_id"], line[2]["balance"]) for line in values["line_ids"]),
            sorted([(lot_expense.id, 4.0), (self.liability.id, -4.0)]),
        )
        second_entry = other.consumption_ids.account_move_id
        self.assertEqual(len(second_entry), 1)
        self.assertNotEqual(first_entry, second_entry)
        self.assertEqual(
            self._entry_lines(second_entry),
            self._expected(
                (self.expense, 14.0, 0.0, self.product), (self.liability, 0.0, 14.0, self.product)
            ),
        )

    def _scrap(self, quantity):
        with freeze_time("2026-03-22 10:00:00"):
            scrap = self.env["stock.scrap"].create(
                {
                    "product_id": self.product.id,
                    "scrap_qty": quantity,
                    "location_id": self.agreement.location_id.id,
                    "owner_id": self.vendor.id,
                }
            )
            scrap.action_validate()
        return scrap

    def test_scrap_when_we_bear_damage(self):
        self.agreement.damage_bearer = "holder"
        scrap = self._scrap(2)
        record = self.agreement.consumption_ids
        self.assertRecordValues(record, [{"quantity": 2.0, "amount": 20.0, "state": "to_invoice"}])
        loss_account = scrap.scrap_location_id.valuation_account_id or self.expense
        self.assertEqual(
            self._entry_lines(record.account_move_id),
            self._expected(
                (loss_account, 20.0, 0.0, self.product), (self.liability, 0.0, 20.0, self.product)
            ),
        )
        bill = self._bill(self.agreement)
        self.assertRecordValues(
            bill.invoice_line_ids, [{"quantity": 2.0, "account_id": self.liability.id}]
        )

    def test_scrap_when_vendor_bears_damage(self):
        self.agreement.damage_bearer = "owner"
        scrap = self._scrap(2)
        self.assertFalse(self.agreement.consumption_ids)
        self.assertFalse(scrap.move_ids.account_move_id)
        self.assertEqual(self._account_balance(self.liability, self.vendor), 0.0)

    def test_customer_return_cancels_cost_before_billing(self):
        delivery = self._consume(self.agreement, self.product, 6)
        record = self.agreement.consumption_ids
        with freeze_time("2026-03-25 10:00:00"):
            wizard = Form(
                self.env["stock.return.picking"].with_context(
                    active_id=delivery.id, active_model="stock.picking"
                )
            ).save()
            wizard.product_return_moves.quantity = 6
            returned = self.env["stock.picking"].browse(wizard.action_create_returns()["res_id"])
            returned.move_ids.picked = True
            returned._action_done()
        self.assertEqual(record.state, "cancelled")
        reversal = self.env["account.move"].search(
            [("ref", "ilike", "cancelled"), ("line_ids.account_id", "=", self.liability.id)]
        )
        self.assertEqual(
            self._entry_lines(reversal),
            self._expected(
                (self.expense, 0.0, 60.0, self.product), (self.liability, 60.0, 0.0, self.product)
            ),
        )
        self.assertEqual(self._account_balance(self.liability, self.vendor), 0.0)
        self.assertEqual(self.order.order_line.consignment_qty_consumed, 0.0)
        self.assertFalse(self._bill(self.agreement))

    def test_take_into_own_stock_values_goods_against_liability(self):
        if "consignment.take.over" not in self.env:
            self.skipTest("The take-over wizard of consignment_stock is not installed")
        category = self.env["product.category"].create(
            {"name": "Perpetual", "property_valuation": "real_time", "property_cost_method": "fifo"}
        )
        product = self._create_product("Perpetual Widget", categ_id=category.id)
        agreement = self.agreement
        agreement.line_ids = [(0, 0, {"product_id": product.id, "price_unit": 25.0})]
        order = self._create_po([(product, 10)])
        self._receive_po(order)
        with freeze_time("2026-03-23 10:00:00"):
            wizard = (
                self.env["consignment.take.over"]
                .with_context(active_model="consignment.agreement", active_ids=agreement.ids)
                .create({})
            )
            wizard.line_ids.filtered(lambda line: line.product_id != product).unlink()
            wizard.line_ids.quantity = 4
            wizard.action_take_over()
        record = agreement.consumption_ids.filtered(lambda r: r.product_id == product)
        self.assertRecordValues(record, [{"quantity": 4.0, "amount": 100.0}])
        self.assertFalse(record.account_move_id, "No expense: the goods come into our stock")
        stock_valuation = product._get_product_accounts()["stock_valuation"]
        in_move = self.env["stock.move"].search(
            [
                ("product_id", "=", product.id),
                ("location_id.consignment_ownership_transfer", "=", True),
            ]
        )
        self.assertEqual(in_move.value, 100.0)
        self.assertEqual(
            self._entry_lines(in_move.account_move_id),
            self._expected(
                (stock_valuation, 100.0, 0.0, product), (self.liability, 0.0, 100.0, product)
            ),
        )
        bill = self._bill(agreement)
        line = bill.invoice_line_ids.filtered(lambda line: line.product_id == product)
        self.assertRecordValues(
            line, [{"quantity": 4.0, "price_unit": 25.0, "account_id": self.liability.id}]
        )
        bill.action_post()
        liability_lines = self.env["account.move.line"].search(
            [
                ("account_id", "=", self.liability.id),
                ("product_id", "=", product.id),
                ("parent_state", "=", "posted"),
            ]
        )
        self.assertEqual(round(sum(liability_lines.mapped("balance")), 2), 0.0)

    def test_customer_return_after_billing_books_the_opposite(self):
        delivery = self._consume(self.agreement, self.product, 6)
        bill = self._bill(self.agreement)
        self.assertEqual(bill.invoice_line_ids.quantity, 6.0)
        with freeze_time("2026-04-02 10:00:00"):
            wizard = Form(
                self.env["stock.return.picking"].with_context(
                    active_id=delivery.id, active_model="stock.picking"
                )
            ).save()
            wizard.product_return_moves.quantity = 2
            returned = self.env["stock.picking"].browse(wizard.action_create_returns()["res_id"])
            returned.move_ids.picked = True
            returned._action_done()
        negative = self.agreement.consumption_ids.filtered(lambda record: record.quantity < 0)
        self.assertRecordValues(
            negative, [{"quantity": -2.0, "amount": -20.0, "state": "to_invoice"}]
        )
        self.assertEqual(
            self._entry_lines(negative.account_move_id),
            self._expected(
                (self.expense, 0.0, 20.0, self.product), (self.liability, 20.0, 0.0, self.product)
            ),
        )
        self.assertEqual(self._account_balance(self.liability, self.vendor), -40.0)
        self.assertEqual(self.order.order_line.consignment_qty_consumed, 4.0)


@tagged("post_install", "-at_install")
class TestPerCompanyRecords(ConsignmentPurchaseCase):
    """A company gets its take-over location with its other locations, and its
    consignment liability with its chart of accounts, not on first use."""

    def test_new_company_gets_location_and_liability_with_its_chart(self):
        company = self.env["res.company"].create({"name": "Consignment Branch"})
        location = self.env["stock.location"].search(
            [("consignment_ownership_transfer", "=", True), ("company_id", "=", company.id)]
        )
        self.assertEqual(len(location), 1)
        self.env["account.chart.template"].try_loading("generic_coa", company, install_demo=False)
        liability = company.consignment_liability_account_id
        self.assertRecordValues(liability, [{"account_type": "liability_current"}])
        self.assertEqual(location.valuation_account_id, liability)
        # Reading it creates nothing more.
        self.assertEqual(company._get_consignment_liability_account(), liability)
        self.assertEqual(
            self.env["stock.location"]._get_ownership_transfer_location(company), location
        )

    def test_changing_the_liability_moves_the_take_over_location(self):
        other = self.liability.copy({"code": "219999", "name": "Other Consignment Liability"})
        self.company.consignment_liability_account_id = other
        transfer = self.env["stock.location"]._get_ownership_transfer_location(self.company)
        self.assertEqual(transfer.valuation_account_id, other)
