from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import ValidationError
from odoo.tests import Form, new_test_user, tagged

from odoo.addons.consignment_sale import uninstall_hook

from .common import ConsignmentSaleCase


@tagged("post_install", "-at_install")
class TestGoodsAtCustomers(ConsignmentSaleCase):
    """Our goods at two customers' sites over January 2027, valued perpetually at standard
    cost (Espresso Cup 8.00, Saucer 5.00): each stock entry line by line, and the Goods at
    Customers balance of each customer against its statement."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.perpetual = cls.env["product.category"].create(
            {
                "name": "Perpetual standard",
                "property_cost_method": "standard",
                "property_valuation": "real_time",
            }
        )
        cls.cup = cls._create_product("Espresso Cup", standard_price=8.0, categ_id=cls.perpetual.id)
        cls.saucer = cls._create_product("Saucer", standard_price=5.0, categ_id=cls.perpetual.id)
        cls.stock_account = cls.cup._get_product_accounts()["stock_valuation"]
        cls.expense_account = cls.cup._get_product_accounts()["expense"]
        cls.goods_account = cls.company.consignment_goods_at_customers_account_id
        cls.hansen = cls.env["res.partner"].create({"name": "Hansen Retail", "is_company": True})
        cls.berg = cls.env["res.partner"].create({"name": "Berg Cafe", "is_company": True})
        cls.accountant = new_test_user(
            cls.env, login="consign_gac_accountant", groups="account.group_account_invoice"
        )
        with freeze_time("2027-01-04 09:00:00"):
            for product in cls.cup | cls.saucer:
                cls._move(product, 100, cls.supplier_location, cls.stock_location)
            cls.agreement_hansen = cls._salesman_agreement(cls.hansen)
            cls.agreement_berg = cls._salesman_agreement(cls.berg)

    @classmethod
    def _salesman_agreement(cls, partner):
        form = Form(
            cls.env["consignment.agreement"]
            .with_user(cls.salesman)
            .with_context(default_consignment_type="customer")
        )
        form.partner_id = partner
        form.date_start = "2027-01-01"
        for product, price in ((cls.cup, 12.0), (cls.saucer, 7.0)):
            with form.line_ids.new() as line:
                line.product_id = product
                line.price_unit = price
        agreement = form.save()
        agreement.action_activate()
        return agreement.with_env(cls.env)

    def _fill_up(self, partner, lines):
        order = self._create_order(
            [(product, quantity, 12.0) for product, quantity in lines],
            partner=partner,
            user=self.salesman,
        )
        picking = order.picking_ids.with_user(self.stock_user)
        self._validate_picking(picking)
        return picking

    def _pickup(self, agreement, product, quantity, date):
        """A pick-up of ``quantity`` ``product`` from ``agreement``'s site on ``date``,
        created and validated by the warehouse."""
        with freeze_time(date):
            wizard = (
                self.env["consignment.pickup.wizard"]
                .with_user(self.stock_user)
                .create(
                    {
                        "agreement_id": agreement.id,
                        "line_ids": [
                            Command.create({"product_id": product.id, "quantity": quantity})
                        ],
                    }
                )
            )
            pickup = self.env["stock.picking"].browse(wizard.action_create_pickup()["res_id"])
            pickup.with_user(self.stock_user).button_validate()
        return pickup

    def _entry_lines(self, pickings):
        """The stock entry lines of ``pickings`` as (account, partner, product, debit,
        credit), sorted."""
        lines = pickings.move_ids.account_move_id.line_ids
        return sorted(
            (line.account_id, line.partner_id, line.product_id, line.debit, line.credit)
            for line in lines
        )

    def _goods_balance(self, partner):
        lines = self.env["account.move.line"].search(
            [
                ("account_id", "=", self.goods_account.id),
                ("partner_id", "=", partner.id),
                ("parent_state", "=", "posted"),
            ]
        )
        return sum(lines.mapped("balance"))

    def _statement_value(self, agreement):
        """The month's closing quantities of the customer's statement at cost: what was
        expected, corrected by the counts' variance."""
        costs = {self.cup.id: 8.0, self.saucer.id: 5.0}
        rows = agreement.get_statement("2027-01-01", "2027-01-31")
        return sum(
            (row["expected_qty"] + row["variance_qty"]) * costs[row["product_id"]] for row in rows
        )

    def test_locations_valued_on_goods_at_customers(self):
        self.assertRecordValues(
            self.goods_account, [{"account_type": "asset_current", "name": "Goods at Customers"}]
        )
        self.assertEqual(
            (self.agreement_hansen | self.agreement_berg).location_id.valuation_account_id,
            self.goods_account,
        )

    def test_account_made_with_the_chart(self):
        company = self.env["res.company"].create({"name": "Goods Abroad Ltd"})
        self.assertTrue(company.consignment_goods_at_customers)
        self.assertFalse(company._get_goods_at_customers_account(), "No chart, no account")
        self.env["account.chart.template"].try_loading("generic_coa", company=company)
        account = company.consignment_goods_at_customers_account_id
        stock_account = company.account_stock_valuation_id
        self.assertRecordValues(
            account,
            [
                {
                    "name": "Goods at Customers",
                    "account_type": "asset_current",
                    "account_stock_variation_id": stock_account.account_stock_variation_id.id,
                }
            ],
        )
        self.assertNotEqual(account, self.goods_account)

    def test_month_of_movements_line_by_line(self):
        stock, goods, expense = self.stock_account, self.goods_account, self.expense_account
        cup, saucer, hansen, berg = self.cup, self.saucer, self.hansen, self.berg
        with freeze_time("2027-01-05 10:00:00"):
            fillup_hansen = self._fill_up(hansen, [(cup, 10), (saucer, 6)])
        self.assertEqual(fillup_hansen.move_ids.account_move_id.date.isoformat(), "2027-01-05")
        self.assertEqual(
            self._entry_lines(fillup_hansen),
            sorted(
                [
                    (stock, hansen, cup, 0.0, 80.0),
                    (goods, hansen, cup, 80.0, 0.0),
                    (stock, hansen, saucer, 0.0, 30.0),
                    (goods, hansen, saucer, 30.0, 0.0),
                ]
            ),
        )
        with freeze_time("2027-01-06 10:00:00"):
            fillup_berg = self._fill_up(berg, [(cup, 4)])
        self.assertEqual(
            self._entry_lines(fillup_berg),
            sorted([(stock, berg, cup, 0.0, 32.0), (goods, berg, cup, 32.0, 0.0)]),
        )

        # Hansen sold 3 cups: they leave its site, and the invoice books their cost.
        with freeze_time("2027-01-12 10:00:00"):
            report = self._report(
                [(cup, None, 3)], agreement=self.agreement_hansen, validate=False
            ).with_user(self.salesman)
            report.action_validate()
        consumption = report.picking_id
        self.assertEqual(
            self._entry_lines(consumption),
            sorted([(goods, hansen, cup, 0.0, 24.0), (stock, hansen, cup, 24.0, 0.0)]),
        )

        # Two saucers picked up by the warehouse.
        pickup = self._pickup(self.agreement_hansen, saucer, 2, "2027-01-15 10:00:00")
        self.assertEqual(
            self._entry_lines(pickup),
            sorted([(goods, hansen, saucer, 0.0, 10.0), (stock, hansen, saucer, 10.0, 0.0)]),
        )

        # Counts: a cup missing at Hansen (its consumption), one cup more at Berg.
        with freeze_time("2027-01-20 10:00:00"):
            count_hansen = self._count(self.agreement_hansen, {cup: 6})
            count_berg = self._count(self.agreement_berg, {cup: 5})
        self.assertEqual(
            self._move_entry_lines(count_hansen.move_ids),
            sorted([(goods, hansen, cup, 0.0, 8.0), (stock, hansen, cup, 8.0, 0.0)]),
        )
        self.assertEqual(
            self._move_entry_lines(count_berg.move_ids),
            sorted([(stock, berg, cup, 0.0, 8.0), (goods, berg, cup, 8.0, 0.0)]),
        )

        # The month's invoice of Hansen's 4 cups: Odoo's own cost of goods sold.
        with freeze_time("2027-01-31 18:00:00"):
            invoice_ids = self.agreement_hansen.with_user(self.accountant).action_create_invoices(
                period_end="2027-01-31"
            )
            invoice = self.env["account.move"].with_user(self.accountant).browse(invoice_ids)
            invoice.action_post()
        cogs = invoice.line_ids.filtered(lambda line: line.display_type == "cogs")
        self.assertRecordValues(
            cogs.sorted("debit"),
            [
                {"account_id": stock.id, "partner_id": hansen.id, "debit": 0.0, "credit": 32.0},
                {"account_id": expense.id, "partner_id": hansen.id, "debit": 32.0, "credit": 0.0},
            ],
        )

        # Hansen: 6 cups and 4 saucers at its site; Berg: 5 cups.
        self.assertEqual(self._goods_balance(hansen), 6 * 8.0 + 4 * 5.0)
        self.assertEqual(self._goods_balance(hansen), self._statement_value(self.agreement_hansen))
        self.assertEqual(self._goods_balance(berg), 5 * 8.0)
        self.assertEqual(self._goods_balance(berg), self._statement_value(self.agreement_berg))
        # A closing finds the perpetual entries right: nothing to move between the accounts.
        closing_lines = self.company._get_location_valuation_vals(fields.Date.to_date("2027-01-31"))
        self.assertFalse([values for values in closing_lines if values["account_id"] == goods.id])

    def _count(self, agreement, counted):
        count = (
            self.env["consignment.count"]
            .with_user(self.stock_user)
            .create({"agreement_id": agreement.id})
        )
        for line in count.line_ids:
            if line.product_id in counted:
                line.write(
                    {
                        "counted_qty": counted[line.product_id],
                        "is_counted": True,
                        "reason": "counting_error",
                    }
                )
        count.action_set_expected_as_counted()
        count.action_submit()
        count.with_user(self.consignment_manager).action_validate()
        return count

    def _move_entry_lines(self, moves):
        return sorted(
            (line.account_id, line.partner_id, line.product_id, line.debit, line.credit)
            for line in moves.account_move_id.line_ids
        )

    def test_customer_return_comes_back_to_goods_at_customers(self):
        self._fill_up(self.hansen, [(self.cup, 5)])
        report = self._report([(self.cup, None, 2)], agreement=self.agreement_hansen)
        wizard = Form(
            self.env["stock.return.picking"]
            .with_user(self.stock_user)
            .with_context(active_id=report.picking_id.id, active_model="stock.picking")
        ).save()
        wizard.product_return_moves.quantity = 1
        return_picking = self.env["stock.picking"].browse(wizard.action_create_returns()["res_id"])
        self._validate_picking(return_picking.with_user(self.stock_user))
        self.assertEqual(
            self._entry_lines(return_picking),
            sorted(
                [
                    (self.stock_account, self.hansen, self.cup, 0.0, 8.0),
                    (self.goods_account, self.hansen, self.cup, 8.0, 0.0),
                ]
            ),
        )
        self.assertEqual(self._goods_balance(self.hansen), 4 * 8.0)

    def test_ordinary_delivery_books_as_odoo(self):
        """A salesperson without consignment rights sells to a customer without agreement:
        no stock entry at delivery, the invoice's cost of goods sold as in Odoo."""
        self.assertFalse(self.salesman.has_group("consignment_stock.group_consignment_user"))
        other = self.env["res.partner"].create({"name": "Walk-in", "is_company": True})
        order = self._create_order([(self.cup, 2, 12.0)], partner=other, user=self.salesman)
        self.assertFalse(order.consignment_agreement_id)
        self._validate_picking(order.picking_ids)
        self.assertFalse(order.picking_ids.move_ids.account_move_id)
        invoice = order.with_user(self.salesman)._create_invoices()
        invoice.action_post()
        self.assertRecordValues(
            invoice.line_ids.filtered(lambda line: line.display_type == "cogs").sorted("debit"),
            [
                {"account_id": self.stock_account.id, "debit": 0.0, "credit": 16.0},
                {"account_id": self.expense_account.id, "debit": 16.0, "credit": 0.0},
            ],
        )
        self.assertFalse(
            self.env["account.move.line"].search([("account_id", "=", self.goods_account.id)])
        )

    def test_periodic_closing_per_customer(self):
        """In periodic valuation (the default) Odoo books no stock entry per move: the
        closing brings each customer's balance on Goods at Customers to the value at its
        site, against the stock account."""
        mug = self._create_product("Mug", standard_price=4.0)
        self.assertEqual(mug.valuation, "periodic")
        self._move(mug, 10, self.supplier_location, self.stock_location)
        for agreement in self.agreement_hansen | self.agreement_berg:
            agreement.line_ids = [Command.create({"product_id": mug.id, "price_unit": 6.0})]
        fillups = self._fill_up(self.hansen, [(mug, 5)]) | self._fill_up(self.berg, [(mug, 2)])
        self.assertEqual(set(fillups.mapped("state")), {"done"})
        self.assertFalse(fillups.move_ids.account_move_id)
        self._report([(mug, None, 1)], agreement=self.agreement_hansen)
        stock, goods = self.stock_account, self.goods_account
        mug_stock = mug._get_product_accounts()["stock_valuation"]
        self.assertEqual(mug_stock, stock)
        action = self.company.action_close_stock_valuation(auto_post=True)
        closing = self.env["account.move"].browse(action["res_id"])
        self.assertEqual(closing.state, "posted")
        self.assertRecordValues(
            closing.line_ids.filtered(lambda line: line.partner_id).sorted(
                lambda line: (line.partner_id.name, line.debit)
            ),
            [
                {"account_id": stock.id, "partner_id": self.berg.id, "debit": 0.0, "credit": 8.0},
                {"account_id": goods.id, "partner_id": self.berg.id, "debit": 8.0, "credit": 0.0},
                {"account_id": stock.id, "partner_id": self.hansen.id, "debit": 0, "credit": 16.0},
                {"account_id": goods.id, "partner_id": self.hansen.id, "debit": 16.0, "credit": 0},
            ],
        )
        self.assertEqual(self._goods_balance(self.hansen), 4 * 4.0)
        self.assertEqual(self._goods_balance(self.berg), 2 * 4.0)
        # The stock account holds what stands in our warehouses, Goods at Customers the rest.
        inventory, accounting = self.company.stock_value(), self.company.stock_accounting_value()
        self.assertEqual(inventory[goods], 24.0)
        self.assertEqual(accounting[goods], 24.0)
        self.assertAlmostEqual(inventory[stock], accounting[stock])
        # Closed again: nothing left to move between the accounts.
        self.assertFalse(
            [
                values
                for values in self.company._get_location_valuation_vals()
                if values["account_id"] == goods.id
            ]
        )

    def test_closing_evens_out_a_change_of_cost(self):
        """Perpetual entries carry the cost of the day; after the cost changes, the closing
        brings the customer's balance to the goods' value at the new cost."""
        self._fill_up(self.hansen, [(self.cup, 5)])
        self.assertEqual(self._goods_balance(self.hansen), 40.0)
        self.cup.standard_price = 10.0
        lines = [
            values
            for values in self.company._get_location_valuation_vals()
            if values.get("partner_id") == self.hansen.id
        ]
        self.assertEqual(
            sorted((values["account_id"], values["debit"], values["credit"]) for values in lines),
            sorted([(self.goods_account.id, 10.0, 0.0), (self.stock_account.id, 0.0, 10.0)]),
        )

    def test_setting_off_values_customer_sites_as_stock(self):
        locations = (self.agreement_hansen | self.agreement_berg).location_id
        with Form(self.env["res.config.settings"]) as settings:
            self.assertTrue(settings.consignment_goods_at_customers)
            self.assertEqual(settings.consignment_goods_at_customers_account_id, self.goods_account)
            settings.consignment_goods_at_customers = False
        settings.record.execute()
        self.assertFalse(self.company.consignment_goods_at_customers)
        self.assertFalse(locations.valuation_account_id)
        fillup = self._fill_up(self.hansen, [(self.cup, 2)])
        self.assertFalse(fillup.move_ids.account_move_id, "As Odoo: a move inside our stock")
        self.company.consignment_goods_at_customers = True
        self.assertEqual(locations.valuation_account_id, self.goods_account)

    def test_goods_account_must_be_a_current_asset(self):
        receivable = self.env["account.account"].search(
            [("account_type", "=", "asset_receivable"), ("company_ids", "in", self.company.id)],
            limit=1,
        )
        with self.assertRaises(ValidationError) as error:
            self.company.consignment_goods_at_customers_account_id = receivable
        self.assertIn("must be a current asset", str(error.exception))
        self.assertEqual(self.company.consignment_goods_at_customers_account_id, self.goods_account)

    def test_uninstall_gives_sites_back_to_stock(self):
        locations = (self.agreement_hansen | self.agreement_berg).location_id
        uninstall_hook(self.env)
        self.assertFalse(locations.valuation_account_id)

    # ------------------------------------------------------------------
    # Sub-locations of a site, and goods moved from one customer's site to another's
    # ------------------------------------------------------------------
    def _shelf(self, agreement):
        """A sub-location of the customer's site, as a stock manager arranges the site."""
        return self.env["stock.location"].create(
            {"name": "Shelf", "usage": "internal", "location_id": agreement.location_id.id}
        )

    def _transfer(self, lines, source, destination, picking_type=None):
        """A transfer (internal unless told otherwise) validated by the stock user."""
        picking = (
            self.env["stock.picking"]
            .with_user(self.stock_user)
            .create(
                {
                    "picking_type_id": (picking_type or self.warehouse.int_type_id).id,
                    "location_id": source.id,
                    "location_dest_id": destination.id,
                    "move_ids": [
                        Command.create(
                            {
                                "product_id": product.id,
                                "product_uom_qty": quantity,
                                "location_id": source.id,
                                "location_dest_id": destination.id,
                            }
                        )
                        for product, quantity in lines
                    ],
                }
            )
        )
        picking.action_confirm()
        self._validate_picking(picking)
        self.assertEqual(picking.state, "done")
        return picking

    def test_sub_location_moves_line_by_line(self):
        """A site's sub-location is the customer's site: goods entering it are booked to the
        customer, goods moved within the site are not booked, a sale or a pick-up from it is
        booked as from the site, and the closing counts it with the site."""
        stock, goods = self.stock_account, self.goods_account
        cup, saucer, hansen = self.cup, self.saucer, self.hansen
        site = self.agreement_hansen.location_id
        shelf = self._shelf(self.agreement_hansen)
        with freeze_time("2027-01-05 10:00:00"):
            fillup = self._transfer([(cup, 10), (saucer, 4)], self.stock_location, shelf)
        self.assertEqual(
            self._entry_lines(fillup),
            sorted(
                [
                    (stock, hansen, cup, 0.0, 80.0),
                    (goods, hansen, cup, 80.0, 0.0),
                    (stock, hansen, saucer, 0.0, 20.0),
                    (goods, hansen, saucer, 20.0, 0.0),
                ]
            ),
        )
        # Within the customer's site: the goods stay at the customer, nothing is booked.
        with freeze_time("2027-01-06 10:00:00"):
            to_site = self._transfer([(saucer, 4)], shelf, site)
            to_shelf = self._transfer([(saucer, 1)], site, shelf)
        self.assertFalse((to_site | to_shelf).move_ids.account_move_id)

        # Hansen sold 3 cups, all standing on the shelf.
        with freeze_time("2027-01-12 10:00:00"):
            report = self._report(
                [(cup, None, 3)], agreement=self.agreement_hansen, validate=False
            ).with_user(self.salesman)
            report.action_validate()
        consumption = report.with_env(self.env).picking_id
        self.assertEqual(consumption.move_ids.move_line_ids.location_id, shelf)
        self.assertEqual(
            self._entry_lines(consumption),
            sorted([(goods, hansen, cup, 0.0, 24.0), (stock, hansen, cup, 24.0, 0.0)]),
        )
        # Two cups picked up by the warehouse, from the shelf.
        pickup = self._pickup(self.agreement_hansen, cup, 2, "2027-01-15 10:00:00")
        self.assertEqual(pickup.move_ids.move_line_ids.location_id, shelf)
        self.assertEqual(
            self._entry_lines(pickup),
            sorted([(goods, hansen, cup, 0.0, 16.0), (stock, hansen, cup, 16.0, 0.0)]),
        )
        # The saucer on the shelf delivered straight to the customer.
        with freeze_time("2027-01-18 10:00:00"):
            delivery = self._transfer(
                [(saucer, 1)], shelf, self.customer_location, self.warehouse.out_type_id
            )
        self.assertEqual(
            self._entry_lines(delivery),
            sorted([(goods, hansen, saucer, 0.0, 5.0), (stock, hansen, saucer, 5.0, 0.0)]),
        )
        # 5 cups on the shelf, 3 saucers at the site.
        self.assertEqual(self._goods_balance(hansen), 5 * 8.0 + 3 * 5.0)
        with freeze_time("2027-01-31 18:00:00"):
            closing_lines = self.company._get_location_valuation_vals(
                fields.Date.to_date("2027-01-31")
            )
            inventory = self.company.stock_value(at_date=fields.Date.to_date("2027-01-31"))
        self.assertFalse([values for values in closing_lines if values["account_id"] == goods.id])
        self.assertEqual(inventory[goods], 5 * 8.0 + 3 * 5.0)

    def test_site_to_site_move_line_by_line(self):
        """Goods moved from Hansen's site straight to Berg's: their value moves from Hansen to
        Berg on Goods at Customers, at the unit value of the day, and nothing on stock."""
        goods, cup, hansen, berg = self.goods_account, self.cup, self.hansen, self.berg
        berg_shelf = self._shelf(self.agreement_berg)
        with freeze_time("2027-01-05 10:00:00"):
            self._fill_up(hansen, [(cup, 10)])
        self.cup.standard_price = 9.0
        with freeze_time("2027-01-08 10:00:00"):
            transfer = self._transfer(
                [(cup, 4)], self.agreement_hansen.location_id, self.agreement_berg.location_id
            )
            to_shelf = self._transfer([(cup, 1)], self.agreement_hansen.location_id, berg_shelf)
        self.assertEqual(transfer.move_ids.account_move_id.date.isoformat(), "2027-01-08")
        self.assertEqual(
            self._entry_lines(transfer),
            sorted([(goods, hansen, cup, 0.0, 36.0), (goods, berg, cup, 36.0, 0.0)]),
        )
        self.assertEqual(
            self._entry_lines(to_shelf),
            sorted([(goods, hansen, cup, 0.0, 9.0), (goods, berg, cup, 9.0, 0.0)]),
        )
        self.assertEqual(self._goods_balance(hansen), 10 * 8.0 - 5 * 9.0)
        self.assertEqual(self._goods_balance(berg), 5 * 9.0)
        # The closing brings Hansen's 5 cups to the cost of the day, 9.00.
        lines = [
            values
            for values in self.company._get_location_valuation_vals()
            if values["account_id"] == goods.id
        ]
        self.assertEqual(
            [(values["partner_id"], values["debit"], values["credit"]) for values in lines],
            [(hansen.id, 10.0, 0.0)],
        )

    def test_periodic_closing_counts_sub_locations(self):
        """In periodic valuation the closing counts the goods on a site's sub-location as the
        customer's."""
        mug = self._create_product("Mug", standard_price=4.0)
        self.assertEqual(mug.valuation, "periodic")
        shelf = self._shelf(self.agreement_hansen)
        with freeze_time("2027-01-05 10:00:00"):
            self._move(mug, 10, self.supplier_location, self.stock_location)
            self.agreement_hansen.line_ids = [
                Command.create({"product_id": mug.id, "price_unit": 6.0})
            ]
            self._fill_up(self.hansen, [(mug, 5)])
            self._transfer([(mug, 2)], self.agreement_hansen.location_id, shelf)
            self._transfer([(mug, 1)], self.stock_location, shelf)
        stock, goods = self.stock_account, self.goods_account
        with freeze_time("2027-01-31 18:00:00"):
            action = self.company.action_close_stock_valuation(auto_post=True)
        closing = self.env["account.move"].browse(action["res_id"])
        self.assertRecordValues(
            closing.line_ids.filtered(lambda line: line.partner_id).sorted("debit"),
            [
                {"account_id": stock.id, "partner_id": self.hansen.id, "debit": 0, "credit": 24.0},
                {"account_id": goods.id, "partner_id": self.hansen.id, "debit": 24.0, "credit": 0},
            ],
        )
        self.assertEqual(self._goods_balance(self.hansen), 6 * 4.0)
        with freeze_time("2027-01-31 19:00:00"):
            inventory = self.company.stock_value()
            accounting = self.company.stock_accounting_value()
            closing_again = self.company._get_location_valuation_vals()
        self.assertEqual(inventory[goods], 24.0)
        self.assertEqual(accounting[goods], 24.0)
        self.assertFalse([values for values in closing_again if values["account_id"] == goods.id])
