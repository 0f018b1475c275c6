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
        company = self.sudo()
        if company.consignment_liability_account_id:
            return company.consignment_liability_account_id
        Account = self.env["account.account"].sudo().with_company(company)
        if not company.chart_template and not Account.search_count(
            [("company_ids", "in", company.root_id.id)], limit=1
        ):
            return Account
        account = Account.search(
            [
                ("company_ids", "in", company.root_id.id),
                ("account_type", "=", "liability_current"),
                ("name", "=", "Consignment Liability"),
            ],
            limit=1,
        )
        if not account:
            account = Account.create(
                {
                    "name": "Consignment Liability",
                    "code": company._get_consignment_liability_account_code(),
                    "account_type": "liability_current",
                    "reconcile": False,
                    "company_ids": [fields.Command.link(company.root_id.id)],
                }
            )
        company.consignment_liability_account_id = account
        return account

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
