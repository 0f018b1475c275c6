from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import ConsignmentCase


@tagged("post_install", "-at_install")
class TestOwnershipAndValuation(ConsignmentCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.category_avco = cls.env["product.category"].create(
            {
                "name": "Perpetual AVCO",
                "property_cost_method": "average",
                "property_valuation": "real_time",
            }
        )
        cls.category_fifo = cls.env["product.category"].create(
            {
                "name": "Perpetual FIFO",
                "property_cost_method": "fifo",
                "property_valuation": "real_time",
            }
        )
        cls.product_avco = cls._create_product(
            "Valued Widget", standard_price=8.0, categ_id=cls.category_avco.id
        )
        cls.product_fifo = cls._create_product(
            "FIFO Widget", standard_price=8.0, categ_id=cls.category_fifo.id
        )
        cls.agreement = cls._create_agreement(
            lines=[
                (cls.product_avco, 10.0),
                (cls.product_fifo, 11.0),
                (cls.product_lot, 4.0),
            ]
        )
        cls.transfer_location = cls.env["stock.location"]._get_ownership_transfer_location(
            cls.company
        )

    def _take_over(self, lines=None, active_model="consignment.agreement", active_ids=None):
        """Run the wizard as a user does; ``lines`` maps product to the quantity to take."""
        context = {
            "active_model": active_model,
            "active_ids": active_ids or self.agreement.ids,
        }
        wizard_form = Form(self.env["consignment.take.over"].with_context(**context))
        wizard = wizard_form.save()
        if lines is not None:
            for line in wizard.line_ids:
                line.quantity = lines.get(line.product_id, 0.0)
        return wizard

    # ------------------------------------------------------------------
    # Valuation
    # ------------------------------------------------------------------
    def test_vendor_goods_are_never_valued(self):
        for product in (self.product_avco, self.product_fifo):
            picking = self._receive_consignment(self.agreement, product, 10)
            move = picking.move_ids
            self.assertRecordValues(
                move, [{"value": 0.0, "is_in": False, "account_move_id": False}]
            )
            quant = self.env["stock.quant"].search(
                [
                    ("product_id", "=", product.id),
                    ("location_id", "=", self.agreement.location_id.id),
                ]
            )
            self.assertEqual(quant.owner_id, self.vendor)
            self.assertEqual(quant.value, 0.0)
            self.assertEqual(product.total_value, 0.0)
            self.assertEqual(product.qty_available, 10.0)
        accounts = self.company._get_accounts_by_product(self.product_avco | self.product_fifo)
        self.assertFalse(any(self.company.stock_value(accounts).values()))

    def test_own_goods_next_to_vendor_goods_stay_valued(self):
        self._receive_consignment(self.agreement, self.product_avco, 10)
        self._move(self.product_avco, 5, self.supplier_location, self.stock_location)
        self.assertEqual(self.product_avco.total_value, 40.0, "5 own units at cost 8")

    # ------------------------------------------------------------------
    # Take into own stock
    # ------------------------------------------------------------------
    def test_take_over_turns_vendor_goods_into_valued_own_stock(self):
        self._receive_consignment(self.agreement, self.product_avco, 10)
        wizard = self._take_over({self.product_avco: 4})
        self.assertEqual(wizard.location_dest_id, self.stock_location)
        self.assertRecordValues(
            wizard.line_ids,
            [{"product_id": self.product_avco.id, "available_quantity": 10.0, "quantity": 4.0}],
        )
        wizard.action_take_over()

        self.assertEqual(
            self._quant_qty(self.product_avco, self.agreement.location_id, self.vendor), 6.0
        )
        self.assertEqual(self._quant_qty(self.product_avco, self.stock_location, owner=False), 4.0)
        ledger = self.agreement.consumption_ids
        self.assertRecordValues(
            ledger,
            [
                {
                    "quantity": 4.0,
                    "price_unit": 10.0,
                    "amount": 40.0,
                    "state": "to_invoice",
                    "origin": self.agreement.name,
                }
            ],
        )
        self.assertEqual(ledger.move_line_id.location_dest_id, self.transfer_location)
        incoming = self.env["stock.move"].search(
            [
                ("location_id", "=", self.transfer_location.id),
                ("product_id", "=", self.product_avco.id),
            ]
        )
        self.assertRecordValues(
            incoming,
            [{"state": "done", "is_in": True, "value": 40.0, "restrict_partner_id": False}],
        )
        self.assertEqual(self.product_avco.total_value, 40.0)
        self.assertEqual(self.product_avco.standard_price, 10.0, "AVCO takes the agreement price")
        # Perpetual valuation: the value enters the stock account through the take-over location.
        entry = incoming.account_move_id
        self.assertTrue(entry)
        stock_account = self.product_avco._get_product_accounts()["stock_valuation"]
        self.assertRecordValues(
            entry.line_ids.sorted("debit"),
            [
                {
                    "account_id": self.transfer_location.valuation_account_id.id,
                    "debit": 0.0,
                    "credit": 40.0,
                },
                {"account_id": stock_account.id, "debit": 40.0, "credit": 0.0},
            ],
        )

    def test_take_over_fifo_product_in_agreement_currency(self):
        other_currency = (
            self.env["res.currency"]
            .with_context(active_test=False)
            .search([("id", "!=", self.company.currency_id.id)], limit=1)
        )
        other_currency.active = True
        self.env["res.currency.rate"].create(
            {
                "currency_id": other_currency.id,
                "rate": 2.0,
                "company_id": self.company.id,
                "name": "2026-01-01",
            }
        )
        agreement = self._create_agreement(
            partner=self.env["res.partner"].create({"name": "Foreign Vendor", "is_company": True}),
            lines=[(self.product_fifo, 30.0)],
            currency_id=other_currency.id,
        )
        self._receive_consignment(agreement, self.product_fifo, 5)
        wizard = self._take_over({self.product_fifo: 5}, active_ids=agreement.ids)
        wizard.action_take_over()
        incoming = self.env["stock.move"].search(
            [
                ("location_id", "=", self.transfer_location.id),
                ("product_id", "=", self.product_fifo.id),
            ]
        )
        # 30.00 in a currency worth half ours: 15.00 per unit in company currency.
        self.assertRecordValues(incoming, [{"value": 75.0}])
        self.assertRecordValues(
            agreement.consumption_ids, [{"amount": 150.0, "currency_id": other_currency.id}]
        )
        self.assertEqual(self.product_fifo.total_value, 75.0)

    def test_take_over_from_selected_quants_keeps_lots(self):
        self._receive_consignment(self.agreement, self.product_lot, 5, lot_name="LOT-T1")
        self._receive_consignment(self.agreement, self.product_lot, 3, lot_name="LOT-T2")
        quant = self.env["stock.quant"].search(
            [("lot_id.name", "=", "LOT-T1"), ("location_id", "=", self.agreement.location_id.id)]
        )
        wizard = self._take_over(
            {self.product_lot: 2}, active_model="stock.quant", active_ids=quant.ids
        )
        self.assertEqual(wizard.agreement_id, self.agreement)
        self.assertEqual(wizard.line_ids.lot_id.name, "LOT-T1")
        wizard.action_take_over()
        own = self.env["stock.quant"].search(
            [
                ("product_id", "=", self.product_lot.id),
                ("location_id", "=", self.stock_location.id),
                ("owner_id", "=", False),
                ("quantity", ">", 0),
            ]
        )
        self.assertRecordValues(own, [{"quantity": 2.0}])
        self.assertEqual(own.lot_id.name, "LOT-T1")
        self.assertRecordValues(
            self.agreement.consumption_ids, [{"quantity": 2.0, "lot_id": own.lot_id.id}]
        )

    def test_take_over_more_than_the_vendor_owns_is_refused(self):
        self._receive_consignment(self.agreement, self.product_avco, 3)
        wizard = self._take_over({self.product_avco: 5})
        with self.assertRaisesRegex(UserError, "owns only 3.0"):
            wizard.action_take_over()
        self.assertFalse(self.agreement.consumption_ids)
        self.assertEqual(
            self._quant_qty(self.product_avco, self.agreement.location_id, self.vendor), 3.0
        )

    def test_take_over_into_a_vendor_location_is_refused(self):
        self._receive_consignment(self.agreement, self.product_avco, 3)
        wizard = self._take_over({self.product_avco: 1})
        wizard.location_dest_id = self.agreement.location_id
        with self.assertRaisesRegex(UserError, "vendor consignment location"):
            wizard.action_take_over()

    def test_take_over_of_quants_without_vendor_goods_is_refused(self):
        self._move(self.product_avco, 2, self.supplier_location, self.stock_location)
        own_quant = self.env["stock.quant"].search(
            [
                ("product_id", "=", self.product_avco.id),
                ("location_id", "=", self.stock_location.id),
            ]
        )
        with self.assertRaisesRegex(UserError, "one vendor at one consignment location"):
            self._take_over(active_model="stock.quant", active_ids=own_quant.ids)

    def test_one_transfer_location_per_company(self):
        again = self.env["stock.location"]._get_ownership_transfer_location(self.company)
        self.assertEqual(again, self.transfer_location)
        self.assertRecordValues(
            self.transfer_location, [{"usage": "inventory", "consignment_ownership_transfer": True}]
        )


@tagged("post_install", "-at_install")
class TestStockOverview(ConsignmentCase):
    def test_stock_by_partner_with_value_and_age(self):
        vendor_agreement = self._create_agreement(
            lines=[
                {
                    "product_id": self.product.id,
                    "price_unit": 120.0,
                    "product_uom_id": self.uom_dozen.id,
                },
                (self.product_lot, 4.0),
            ]
        )
        customer_agreement = self._create_agreement(
            consignment_type="customer", lines=[(self.product, 15.0)]
        )
        with freeze_time("2026-03-01 09:00:00"):
            self._receive_consignment(vendor_agreement, self.product, 6)
            self._receive_consignment(vendor_agreement, self.product_lot, 3, lot_name="LOT-R")
            self._move(self.product, 5, self.supplier_location, self.stock_location)
            self._move(self.product, 4, self.stock_location, customer_agreement.location_id)
        with freeze_time("2026-03-31 09:00:00"):
            rows = self.env["consignment.stock.report"].search(
                [("product_id", "in", (self.product | self.product_lot).ids)]
            )
            self.assertRecordValues(
                rows.sorted(lambda row: (row.consignment_type, row.product_id.id)),
                [
                    {
                        "partner_id": self.customer.id,
                        "consignment_type": "customer",
                        "product_id": self.product.id,
                        "quantity": 4.0,
                        "value": 60.0,
                        "agreement_id": customer_agreement.id,
                    },
                    {
                        "partner_id": self.vendor.id,
                        "consignment_type": "vendor",
                        "product_id": self.product.id,
                        "quantity": 6.0,
                        "value": 60.0,
                        "agreement_id": vendor_agreement.id,
                    },
                    {
                        "partner_id": self.vendor.id,
                        "consignment_type": "vendor",
                        "product_id": self.product_lot.id,
                        "quantity": 3.0,
                        "value": 12.0,
                        "agreement_id": vendor_agreement.id,
                    },
                ],
            )
            self.assertEqual(rows.filtered("lot_id").lot_id.name, "LOT-R")
            groups = self.env["consignment.stock.report"]._read_group(
                [("id", "in", rows.ids)], ["partner_id"], ["value:sum", "quantity:sum"]
            )
            self.assertEqual(
                {partner: (value, quantity) for partner, value, quantity in groups},
                {self.vendor: (72.0, 9.0), self.customer: (60.0, 4.0)},
            )
            quants = self.env["stock.quant"].search(
                [("consignment_type", "!=", False), ("product_id", "=", self.product.id)]
            )
            self.assertEqual(quants.consignment_partner_id, self.vendor | self.customer)
            self.assertEqual(sorted(quants.mapped("consignment_value")), [60.0, 60.0])
            self.assertEqual(set(quants.mapped("consignment_days")), {30})
        # Our own goods in WH/Stock are not consignment stock.
        self.assertNotIn(self.stock_location, rows.location_id)

    def test_agreement_stock_button_lists_its_quants(self):
        agreement = self._create_agreement()
        self._receive_consignment(agreement, self.product, 2)
        action = agreement.action_view_stock()
        quants = self.env["stock.quant"].search(action["domain"])
        self.assertEqual(quants.owner_id, self.vendor)
        self.assertEqual(quants.quantity, 2.0)
