from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    consignment_capital_rate = fields.Float(
        string="Consignment Cost of Capital (%)",
        default=8.0,
        help="Yearly interest rate at which the company values money tied up in stock. The "
        "consignment dashboard uses it for the cash benefit of holding a vendor's goods "
        "instead of buying them.",
    )
    consignment_notice_period_days = fields.Integer(
        string="Consignment Notice Period (days)",
        default=90,
        help="Notice period new consignment agreements get: days between notifying a planned "
        "termination and the day it takes effect.",
    )
    consignment_scan_ask_quantity = fields.Boolean(
        string="Ask for the Quantity on Scan",
        help="Scanning a product on a count asks how many were found instead of adding one. "
        "Labels that carry a quantity (GS1) and serial numbers never ask.",
    )

    consignment_document_checker_id = fields.Many2one(
        "res.users",
        string="Consignment Documents Checked By",
        domain=lambda self: self._consignment_checker_domain(),
        help="User with Invoicing rights who gets the activity to check each new consignment "
        "bill or invoice; posting the document marks it done. An agreement's own Accountant "
        "takes precedence; with neither set, the agreement's responsible gets it.",
    )

    @api.model
    def _consignment_checker_domain(self):
        return [
            ("share", "=", False),
            ("all_group_ids", "in", self.env.ref("account.group_account_invoice").ids),
        ]

    @api.model
    def _consignment_check_checker(self, user, field):
        """Refuse a document checker who could not post the documents."""
        if user and not user.sudo().has_group("account.group_account_invoice"):
            raise ValidationError(
                self.env._(
                    "%(user)s has no Invoicing rights and cannot post bills or invoices: "
                    "choose a user with Invoicing rights as %(field)s.",
                    user=user.display_name,
                    field=field._description_string(self.env),
                )
            )

    @api.constrains("consignment_document_checker_id")
    def _check_consignment_document_checker_id(self):
        for company in self:
            self._consignment_check_checker(
                company.consignment_document_checker_id,
                self._fields["consignment_document_checker_id"],
            )

    def _create_per_company_locations(self):
        result = super()._create_per_company_locations()
        self._create_consignment_take_over_location()
        return result

    def _create_consignment_take_over_location(self):
        """The virtual location through which a vendor's consigned goods become our own
        stock; one per company, made with the company's other locations."""
        self.ensure_one()
        Location = self.env["stock.location"].sudo().with_context(active_test=False)
        location = Location.search(
            [("consignment_ownership_transfer", "=", True), ("company_id", "=", self.id)],
            limit=1,
        )
        if not location:
            location = Location.create(self._prepare_consignment_take_over_location())
        return location

    def _prepare_consignment_take_over_location(self):
        self.ensure_one()
        return {
            "name": self.env._("Consignment Take-over"),
            "usage": "inventory",
            "company_id": self.id,
            "consignment_ownership_transfer": True,
            # Goods taken over are a purchase from the vendor: without the vendor add-on's
            # liability account their value is booked against the stock variation account.
            "valuation_account_id": self.sudo().account_stock_valuation_id.account_stock_variation_id.id,
        }

    @api.model
    def _create_missing_consignment_take_over_locations(self):
        """At installation: the companies that exist already get their location."""
        for company in self.sudo().search([]):
            company._create_consignment_take_over_location()

    # Key-figure targets; the defaults are the consignment guide's.
    consignment_target_turnover = fields.Float(
        string="Consignment Turnover Target",
        default=6.0,
        help="Minimum consignment turnover, in times a year, for the agreements that set no "
        "target of their own. 0: no target.",
    )
    consignment_target_variance_pct = fields.Float(
        string="Consignment Variance Target (%)",
        default=2.0,
        help="Maximum reconciliation variance of the counts, in %, for the agreements that set "
        "no target of their own. 0: no target.",
    )
    consignment_target_stockouts = fields.Float(
        string="Consignment Stock-out Target (per month)",
        default=0.0,
        help="Maximum stock-out incidents per month of an agreement (a product running out at "
        "its location).",
    )
    consignment_target_dispute_days = fields.Float(
        string="Consignment Dispute Resolution Target (days)",
        default=3.0,
        help="Maximum average days to resolve a consignment dispute. 0: no target.",
    )

    _consignment_targets_positive = models.Constraint(
        "CHECK(consignment_target_turnover >= 0 AND consignment_target_variance_pct >= 0 "
        "AND consignment_target_stockouts >= 0 AND consignment_target_dispute_days >= 0)",
        "Consignment key-figure targets cannot be negative.",
    )

    consignment_statement_auto_send = fields.Boolean(
        string="Send Consignment Statements Automatically",
        default=True,
        help="New vendor agreements send the statement of each billing period to the vendor "
        "by themselves, a number of days before the period ends (set per agreement).",
    )

    def _consignment_get_or_create_account(self, field_name, name, account_type, make_code):
        """The company's account in ``field_name``; else its account of that name and type,
        else a new one with the code ``make_code()`` gives, stored in ``field_name``. An empty
        recordset when the company has no chart of accounts (nothing to book on yet)."""
        self.ensure_one()
        company = self.sudo()
        if company[field_name]:
            return company[field_name]
        Account = self.env["account.account"].sudo().with_company(company)
        if not company.chart_template and not Account.search_count(
            [("company_ids", "in", company.root_id.id)], limit=1
        ):
            return Account
        account = Account.search(
            [
                ("company_ids", "in", company.root_id.id),
                ("account_type", "=", account_type),
                ("name", "=", name),
            ],
            limit=1,
        )
        if not account:
            account = Account.create(
                {
                    "name": name,
                    "code": make_code(),
                    "account_type": account_type,
                    "reconcile": False,
                    "company_ids": [fields.Command.link(company.root_id.id)],
                }
            )
        company[field_name] = account
        return account
