import logging
from collections import defaultdict

from odoo import api, fields, models
from odoo.fields import Command

_logger = logging.getLogger(__name__)


class ConsignmentConsumption(models.Model):
    _inherit = "consignment.consumption"

    account_move_id = fields.Many2one(
        "account.move",
        string="Consumption Entry",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="Journal entry that booked the cost of this consumption against the consignment "
        "liability (vendor consignment).",
    )

    # ------------------------------------------------------------------
    # Ledger hooks
    # ------------------------------------------------------------------
    def _on_consumption_created(self):
        result = super()._on_consumption_created()
        vendor_records = self.filtered(lambda record: record.consignment_type == "vendor")
        if vendor_records:
            vendor_records._consignment_book_consumption()
            self.env["purchase.order.line"]._consignment_refresh_consumed(
                vendor_records.agreement_id, vendor_records.product_id
            )
        return result

    @api.model
    def _reverse_for_returns(self, return_lines):
        records = super()._reverse_for_returns(return_lines)
        vendor_records = records.filtered(lambda record: record.consignment_type == "vendor")
        if vendor_records:
            # Records cancelled by the return: their cost and liability are taken back.
            vendor_records.filtered(
                lambda record: record.state == "cancelled"
            )._consignment_book_consumption(reverse=True)
            # Records cancelled by a return change what the purchase order lines consumed.
            self.env["purchase.order.line"]._consignment_refresh_consumed(
                vendor_records.agreement_id, vendor_records.product_id
            )
        return records

    # ------------------------------------------------------------------
    # Accounting at consumption
    # ------------------------------------------------------------------
    def _consignment_is_ownership_transfer(self):
        """Whether the record stands for goods taken into own stock: Odoo's valuation of the
        incoming move books them (stock valuation against the consignment liability)."""
        self.ensure_one()
        record = self.reversed_consumption_id or self
        return bool(record.move_line_id.location_dest_id.consignment_ownership_transfer)

    def _consignment_get_debit_account(self, cache=None):
        """Account that bears the cost of the consumed goods: the valuation account of the
        destination location when it has one (scrap loss, production), else the expense
        (cost of goods sold) account of the product."""
        self.ensure_one()
        record = self.reversed_consumption_id or self
        destination = record.move_line_id.location_dest_id
        if destination.usage in ("inventory", "production") and destination.valuation_account_id:
            return destination.valuation_account_id
        cache = {} if cache is None else cache
        if self.product_id not in cache:
            # Same environment for the whole batch: the products' accounts are read at once.
            product = self.product_id.with_company(self.company_id)
            accounts = product.product_tmpl_id._get_product_accounts()
            cache[self.product_id] = accounts["expense"] or self.company_id.expense_account_id
        return cache[self.product_id]

    def _consignment_book_consumption(self, reverse=False):
        """Book the cost of consumed vendor goods against the consignment liability: one
        posted journal entry per agreement for this batch of ledger records.

        Debit: expense (cost of goods sold) of the product, or the loss/production account
        of the destination location. Credit: consignment liability. A negative record
        (goods returned after being billed) books the opposite. Goods taken into own stock
        are skipped: Odoo values their incoming move (stock valuation against the liability,
        the take-over location's valuation account). With ``reverse``, the entry of records
        cancelled before being billed is taken back."""
        records = self.sudo().filtered(
            lambda record: (
                record.consignment_type == "vendor"
                and bool(record.account_move_id) == reverse
                and not record._consignment_is_ownership_transfer()
                and not record.currency_id.is_zero(record.amount)
            )
        )
        move_values = []
        records_by_move = []
        for agreement, agreement_records in records.grouped("agreement_id").items():
            values = agreement_records._consignment_prepare_entry_values(agreement, reverse=reverse)
            if values:
                move_values.append(values)
                records_by_move.append(agreement_records)
        if not move_values:
            return self.env["account.move"]
        moves = self.env["account.move"].sudo().create(move_values)
        moves._post()
        if not reverse:
            for move, move_records in zip(moves, records_by_move):
                move_records.write({"account_move_id": move.id})
        return moves

    def _consignment_prepare_entry_values(self, agreement, reverse=False):
        """Values of the journal entry that books these records of ``agreement`` (or takes
        them back, with ``reverse``); empty when the company cannot book them or they
        amount to nothing."""
        company = agreement.company_id
        liability = company._get_consignment_liability_account()
        if not liability:
            _logger.debug(
                "No chart of accounts in %s: consignment consumption not booked", company.name
            )
            return {}
        journal = self._consignment_get_journal(company)
        if not journal:
            return {}
        sign = -1.0 if reverse else 1.0
        # One pair of lines per debit account, whatever the number of records and products
        # (the ledger keeps the detail: each record points to the entry).
        line_values = []
        for debit_account, totals in self._consignment_sum_by_debit_account(sign).items():
            line_values += self._consignment_prepare_entry_line_pair(
                agreement, debit_account, liability, totals
            )
        if not line_values:
            return {}
        return {
            "move_type": "entry",
            "journal_id": journal.id,
            "company_id": company.id,
            "date": self._consignment_get_entry_date(reverse),
            "ref": self._consignment_get_entry_ref(agreement, reverse),
            "line_ids": line_values,
        }

    def _consignment_get_entry_date(self, reverse):
        forced = self.env.context.get("force_period_date")
        if forced:
            return forced
        if reverse:
            # Taking the cost back is today's event, not the consumption's.
            return fields.Date.context_today(self)
        return max(fields.Date.context_today(self, record.date) for record in self)

    def _consignment_sum_by_debit_account(self, sign):
        """{debit account: {"by_day": {day: amount}, "products": set, "quantity": float}} of
        these records, amounts and quantities multiplied by ``sign``. Amounts are kept by
        consumption day: they are converted at each day's rate, not per record."""
        totals = {}
        account_cache = {}
        for record in self:
            account = record._consignment_get_debit_account(account_cache)
            total = totals.setdefault(
                account, {"by_day": defaultdict(float), "products": set(), "quantity": 0.0}
            )
            total["by_day"][fields.Date.context_today(self, record.date)] += sign * record.amount
            total["products"].add(record.product_id)
            total["quantity"] += sign * record.quantity
        return totals

    def _consignment_prepare_entry_line_pair(self, agreement, debit_account, liability, totals):
        """The debit and liability lines of one debit account's ``totals`` (see
        ``_consignment_sum_by_debit_account``); none when they amount to nothing."""
        company = agreement.company_id
        currency = agreement.currency_id
        amount = sum(totals["by_day"].values())
        amount_company = sum(
            currency._convert(day_amount, company.currency_id, company, day)
            for day, day_amount in totals["by_day"].items()
        )
        if company.currency_id.is_zero(amount_company) and currency.is_zero(amount):
            return []
        products = totals["products"]
        common = {
            "name": self._consignment_get_entry_line_name(agreement, products),
            "partner_id": agreement.partner_id.commercial_partner_id.id,
            "currency_id": currency.id,
        }
        if len(products) == 1:
            product = next(iter(products))
            common.update(
                {
                    "product_id": product.id,
                    "quantity": totals["quantity"],
                    "product_uom_id": product.uom_id.id,
                }
            )
        return [
            Command.create(
                {
                    **common,
                    "account_id": account.id,
                    "balance": side * amount_company,
                    "amount_currency": side * amount,
                }
            )
            for account, side in ((debit_account, 1.0), (liability, -1.0))
        ]

    def _consignment_get_entry_line_name(self, agreement, products):
        if len(products) == 1:
            return self.env._(
                "%(product)s consumed (%(agreement)s)",
                product=next(iter(products)).display_name,
                agreement=agreement.name,
            )
        return self.env._(
            "%(count)s products consumed (%(agreement)s)",
            count=len(products),
            agreement=agreement.name,
        )

    def _consignment_get_entry_ref(self, agreement, reverse):
        origins = sorted({record.origin for record in self if record.origin})
        origins_text = f" ({', '.join(origins[:5])})" if origins else ""
        if reverse:
            return self.env._(
                "Consignment consumption cancelled %(agreement)s%(origins)s",
                agreement=agreement.name,
                origins=origins_text,
            )
        return self.env._(
            "Consignment consumption %(agreement)s%(origins)s",
            agreement=agreement.name,
            origins=origins_text,
        )

    @api.model
    def _consignment_get_journal(self, company):
        journal = company.sudo().account_stock_journal_id
        if not journal:
            journal = (
                self.env["account.journal"]
                .sudo()
                .search([("company_id", "=", company.id), ("type", "=", "general")], limit=1)
            )
        return journal
