from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.fields import Domain


class ResCompany(models.Model):
    _inherit = "res.company"

    consignment_goods_at_customers = fields.Boolean(
        string="Goods at Customers on Their Own Account",
        default=True,
        help="Our goods at customers' consignment locations are valued on the Goods at "
        "Customers account, with the customer as partner, instead of the stock valuation "
        "account: fill-ups move their value there, consumption and pick-ups take it back.",
    )
    consignment_goods_at_customers_account_id = fields.Many2one(
        "account.account",
        string="Goods at Customers Account",
        check_company=True,
        domain="[('account_type', '=', 'asset_current')]",
        help="Stock valuation account of the customers' consignment locations (a current "
        "asset). Made with the company's chart of accounts.",
    )

    def write(self, vals):
        fields_set = {"consignment_goods_at_customers", "consignment_goods_at_customers_account_id"}
        if not fields_set & set(vals):
            return super().write(vals)
        previous = {
            company: company.sudo().consignment_goods_at_customers_account_id for company in self
        }
        result = super().write(vals)
        # The customers' locations follow the setting and its account.
        for company, account in previous.items():
            company._consignment_sync_goods_at_customers(previous_account=account)
        return result

    @api.constrains("consignment_goods_at_customers_account_id")
    def _check_goods_at_customers_account(self):
        for company in self:
            account = company.sudo().consignment_goods_at_customers_account_id
            if account and account.account_type != "asset_current":
                raise ValidationError(
                    self.env._(
                        "The Goods at Customers account of %(company)s must be a current "
                        "asset; %(account)s is not.",
                        company=company.name,
                        account=account.display_name,
                    )
                )

    def _get_goods_at_customers_account(self):
        """The account the customers' consignment locations are valued on; an empty
        recordset when the setting is off or the company has no chart of accounts."""
        self.ensure_one()
        if not self.sudo().consignment_goods_at_customers:
            return self.env["account.account"]
        return self._create_goods_at_customers_account()

    def _create_goods_at_customers_account(self):
        """The Goods at Customers account of a company with a chart of accounts, made when it
        has none yet: at installation, when a chart is loaded, at the first customer
        location."""
        self.ensure_one()
        company = self.sudo()
        if company.consignment_goods_at_customers_account_id:
            return company.consignment_goods_at_customers_account_id
        # Account codes are per company: read the stock account's in its own company.
        stock_account = company.account_stock_valuation_id.with_company(company)
        if not company.chart_template or not stock_account:
            return self.env["account.account"]
        Account = self.env["account.account"].sudo().with_company(company)
        account = company._consignment_get_or_create_account(
            "consignment_goods_at_customers_account_id",
            "Goods at Customers",
            "asset_current",
            lambda: Account._search_new_account_code(stock_account.code),
        )
        if not account.account_stock_variation_id:
            # A periodic closing books its differences where the stock's go.
            account.account_stock_variation_id = stock_account.account_stock_variation_id
        return account

    @api.model
    def _create_missing_goods_at_customers_accounts(self):
        """At installation and when a chart is loaded: the companies with a chart get the
        account, their customers' locations are valued on it."""
        for company in self.sudo().search([]):
            company._consignment_sync_goods_at_customers()

    def _consignment_sync_goods_at_customers(self, previous_account=None):
        """Give the customers' consignment locations the Goods at Customers account, or take
        it away when the setting is off; another account set by hand on a location is kept."""
        self.ensure_one()
        company = self.sudo()
        account = company._get_goods_at_customers_account()
        ours = (
            previous_account or self.env["account.account"]
        ) | company.consignment_goods_at_customers_account_id
        locations = (
            self.env["stock.location"]
            .sudo()
            .with_context(active_test=False)
            .search([("consignment_type", "=", "customer"), ("company_id", "=", company.id)])
            .filtered(
                lambda location: (
                    not location.valuation_account_id or location.valuation_account_id in ours
                )
            )
        )
        locations.filtered(lambda location: location.valuation_account_id != account).write(
            {"valuation_account_id": account.id}
        )

    # ------------------------------------------------------------------
    # Periodic closing: the customers' sites on their own account. Read with the caller's
    # rights, as Odoo's own closing and valuation report read.
    # ------------------------------------------------------------------
    def _get_goods_at_customers_sites(self, location_domain=None):
        self.ensure_one()
        return (
            self.env["stock.location"]
            .with_context(active_test=False)
            .search(
                Domain.AND(
                    [
                        location_domain or [],
                        [
                            ("consignment_type", "=", "customer"),
                            ("valuation_account_id", "!=", False),
                            ("company_id", "=", self.id),
                        ],
                    ]
                )
            )
        )

    def _get_goods_at_customers_values(self, sites, at_date=None):
        """{(site, product): value} of our goods at the customers' ``sites`` (their
        sub-locations included) at the end of ``at_date`` (default: now), at the product's
        average unit value in Odoo's valuation."""
        self.ensure_one()
        if not sites:
            return {}
        locations = (
            self.env["stock.location"]
            .with_context(active_test=False)
            .search([("id", "child_of", sites.ids)])
        )
        # A sub-location counts with the site that holds it, unless it is a consignment
        # location of its own.
        site_of = {
            location: root
            # Archived sites too: a closing at a past date still holds their balance.
            for location, root in locations._get_consignment_root(include_archived=True).items()
            if root in sites
        }
        domain = Domain([("state", "=", "done"), ("product_id.is_storable", "=", True)])
        to_date = False
        if at_date:
            to_date = fields.Datetime.to_datetime(at_date).replace(hour=23, minute=59, second=59)
            domain &= Domain("date", "<=", to_date)
        MoveLine = self.env["stock.move.line"]
        quantities = defaultdict(float)
        for field, sign in (("location_dest_id", 1), ("location_id", -1)):
            for location, product, quantity in MoveLine._read_group(
                domain & Domain(field, "in", [location.id for location in site_of]),
                [field, "product_id"],
                ["quantity_product_uom:sum"],
            ):
                quantities[site_of[location], product] += sign * quantity
        values = {}
        unit_values = {}
        for (site, product), quantity in quantities.items():
            if product.uom_id.is_zero(quantity):
                continue
            if product not in unit_values:
                unit_values[product] = (
                    product.with_company(self).with_context(to_date=to_date).avg_cost
                )
            values[site, product] = self.currency_id.round(unit_values[product] * quantity)
        return values

    def _get_goods_at_customers_balances(self, accounts, at_date=None):
        """{(account, partner, product): balance} of the posted lines on ``accounts``."""
        domain = Domain(
            [
                ("account_id", "in", accounts.ids),
                ("company_id", "=", self.id),
                ("parent_state", "=", "posted"),
            ]
        )
        if at_date:
            domain &= Domain("date", "<=", at_date)
        return {
            (account, partner, product): balance
            for account, partner, product, balance in self.env["account.move.line"]._read_group(
                domain, ["account_id", "partner_id", "product_id"], ["balance:sum"]
            )
        }

    def stock_value(self, accounts_by_product=None, at_date=None):
        accounts_by_product = accounts_by_product or self._get_accounts_by_product()
        value_by_account = super().stock_value(accounts_by_product, at_date)
        # Our goods at a customer's site are valued on the site's account, not the stock's.
        sites = self._get_goods_at_customers_sites()
        for (site, product), value in self._get_goods_at_customers_values(sites, at_date).items():
            accounts = accounts_by_product.get(product)
            if accounts and accounts["valuation"] != site.valuation_account_id:
                value_by_account[accounts["valuation"]] -= value
                value_by_account[site.valuation_account_id] += value
        return value_by_account

    def stock_accounting_value(self, accounts_by_product=None, at_date=None):
        accounts_by_product = accounts_by_product or self._get_accounts_by_product()
        account_data = super().stock_accounting_value(accounts_by_product, at_date)
        valuation_accounts = {accounts["valuation"] for accounts in accounts_by_product.values()}
        site_accounts = self._get_goods_at_customers_sites().valuation_account_id.filtered(
            lambda account: account not in valuation_accounts
        )
        for (account, _partner, _product), balance in self._get_goods_at_customers_balances(
            site_accounts, at_date
        ).items():
            account_data[account] += balance
        return account_data

    def _get_location_valuation_vals(self, at_date=None, location_domain=False):
        vals_list = super()._get_location_valuation_vals(
            at_date=at_date, location_domain=location_domain
        )
        # Odoo reclassifies at closing the value of the moves into or out of a location with
        # its own account; the goods a fill-up takes to a customer stay in our stock, so the
        # customer's balance on the site's account is brought to the value standing there,
        # per customer, against the products' stock accounts.
        sites = self._get_goods_at_customers_sites(location_domain)
        if not sites:
            return vals_list
        deltas = defaultdict(float)

        def stock_account_of(product):
            if product:
                return product.with_company(self)._get_product_accounts()["stock_valuation"]
            return self.account_stock_valuation_id

        for (site, product), value in self._get_goods_at_customers_values(sites, at_date).items():
            key = (
                site.valuation_account_id,
                site.consignment_partner_id,
                stock_account_of(product),
            )
            deltas[key] += value
        for (account, partner, product), balance in self._get_goods_at_customers_balances(
            sites.valuation_account_id, at_date
        ).items():
            if partner in sites.consignment_partner_id:
                deltas[account, partner, stock_account_of(product)] -= balance
        for (account, partner, stock_account), delta in deltas.items():
            if account == stock_account or self.currency_id.is_zero(delta):
                continue
            lines = self._prepare_inventory_aml_vals(
                account,
                stock_account,
                self.currency_id.round(delta),
                self.env._(
                    "Closing: Goods at Customers - [%(account)s]", account=account.display_name
                ),
            )
            for line in lines:
                line["partner_id"] = partner.id
            vals_list += lines
        return vals_list

    def _consignment_release_goods_at_customers(self):
        """Take the Goods at Customers account off the customers' locations (uninstall)."""
        accounts = self.sudo().consignment_goods_at_customers_account_id
        if accounts:
            self.env["stock.location"].sudo().with_context(active_test=False).search(
                [
                    ("consignment_type", "=", "customer"),
                    ("valuation_account_id", "in", accounts.ids),
                ]
            ).write({"valuation_account_id": False})
