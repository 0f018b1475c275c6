from odoo import api, fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    consignment_liability_account_id = fields.Many2one(
        "account.account",
        check_company=True,
        domain="[('account_type', 'in', ('liability_current', 'liability_non_current'))]",
        help="Goods of a vendor consumed but not billed yet. Credited when vendor goods are "
        "consumed (or taken into own stock), debited by the vendor's consumption bill. Created "
        "on first use when left empty.",
    )

    consignment_memo_accounting = fields.Boolean(
        default=True,
        help="Carry the vendors' consigned stock on off-balance accounts, per vendor, at the "
        "agreement prices: receipts add, consumption, returns and count differences take away. "
        "Needs a chart of accounts.",
    )
    consignment_memo_inventory_account_id = fields.Many2one(
        "account.account",
        string="Memo Inventory Account",
        check_company=True,
        domain="[('account_type', '=', 'off_balance')]",
        help="Off-balance account debited with the vendors' goods held in consignment "
        "(Consignment Inventory (Memo)). Created on first use when left empty.",
    )
    consignment_memo_supplier_account_id = fields.Many2one(
        "account.account",
        string="Memo Supplier Account",
        check_company=True,
        domain="[('account_type', '=', 'off_balance')]",
        help="Off-balance account credited with the vendors' goods held in consignment "
        "(Consignment Stock - Supplier). Created on first use when left empty.",
    )

    def write(self, vals):
        result = super().write(vals)
        if "consignment_liability_account_id" in vals:
            # The one place the liability is set: the take-over locations follow it.
            self._consignment_sync_take_over_account()
        return result

    def _get_consignment_liability_account(self):
        """The consignment liability account of the company (made with its chart of
        accounts); an empty recordset when the company has no chart."""
        self.ensure_one()
        return self.sudo().consignment_liability_account_id

    def _create_consignment_liability_account(self):
        """Create the liability account of a company that has a chart of accounts and none
        yet: at installation, and when a chart is loaded for a company."""
        self.ensure_one()
        return self._consignment_get_or_create_account(
            "consignment_liability_account_id",
            "Consignment Liability",
            "liability_current",
            self._get_consignment_liability_account_code,
        )

    def _get_consignment_memo_accounts(self):
        """(memo inventory, memo supplier) off-balance accounts of the company, created on
        first use; empty recordsets when memo accounting is off or the company has no chart
        of accounts."""
        self.ensure_one()
        company = self.sudo()
        Account = self.env["account.account"].sudo()
        if not company.consignment_memo_accounting:
            return Account, Account
        if not (
            company.consignment_memo_inventory_account_id
            and company.consignment_memo_supplier_account_id
        ):
            company._create_consignment_memo_accounts()
        return (
            company.consignment_memo_inventory_account_id,
            company.consignment_memo_supplier_account_id,
        )

    def _create_consignment_memo_accounts(self):
        """Create the missing off-balance memo accounts of a company that has a chart of
        accounts: at installation, when a chart is loaded, and on first use."""
        self.ensure_one()
        # Named as the consignment-purchasing guide names them.
        for field_name, name in (
            ("consignment_memo_inventory_account_id", "Consignment Inventory (Memo)"),
            ("consignment_memo_supplier_account_id", "Consignment Stock - Supplier"),
        ):
            self._consignment_get_or_create_account(
                field_name, name, "off_balance", self._get_consignment_memo_account_code
            )

    def _get_consignment_memo_account_code(self):
        """A free code after the company's off-balance accounts, else in the 9 class, as long
        as the company's other codes."""
        self.ensure_one()
        Account = self.env["account.account"].sudo().with_company(self)
        domain = [("company_ids", "in", self.root_id.id)]
        reference = Account.search(
            domain + [("account_type", "=", "off_balance")], order="code desc", limit=1
        )
        if reference.code:
            return Account._search_new_account_code(reference.code)
        sample = Account.search(domain, limit=1).code or "000000"
        return Account._search_new_account_code("9".ljust(len(sample), "0"))

    @api.model
    def _create_missing_consignment_memo_accounts(self):
        for company in self.sudo().search([("consignment_memo_accounting", "=", True)]):
            company._create_consignment_memo_accounts()

    @api.model
    def _create_missing_consignment_liability_accounts(self):
        for company in self.sudo().search([]):
            company._create_consignment_liability_account()
        self.sudo().search([])._consignment_sync_take_over_account()

    def _prepare_consignment_take_over_location(self):
        values = super()._prepare_consignment_take_over_location()
        # Goods taken into own stock enter our valuation at the agreement price (Odoo's own
        # valuation of the incoming move: debit stock valuation); the credit goes to the
        # consignment liability, which the vendor's consumption bill clears.
        if self.sudo().consignment_liability_account_id:
            values["valuation_account_id"] = self.sudo().consignment_liability_account_id.id
        return values

    def _consignment_sync_take_over_account(self):
        locations = (
            self.env["stock.location"]
            .sudo()
            .with_context(active_test=False)
            .search([("consignment_ownership_transfer", "=", True), ("company_id", "in", self.ids)])
        )
        for location in locations:
            account = location.company_id.sudo().consignment_liability_account_id
            if account and location.valuation_account_id != account:
                location.valuation_account_id = account

    def _get_consignment_liability_account_code(self):
        """A free code next to the company's current liabilities (or payables)."""
        self.ensure_one()
        Account = self.env["account.account"].sudo().with_company(self)
        reference = Account.search(
            [
                ("company_ids", "in", self.root_id.id),
                ("account_type", "in", ("liability_current", "liability_payable")),
            ],
            order="code desc",
            limit=1,
        )
        start = reference.code or "2190"
        return Account._search_new_account_code(start)
