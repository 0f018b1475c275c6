from odoo import fields, models


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

    def _get_consignment_liability_account(self):
        """The consignment liability account of the company, created on first use when the
        company has a chart of accounts; an empty recordset otherwise."""
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
