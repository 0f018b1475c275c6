from odoo import api, fields, models
from odoo.exceptions import ValidationError


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    consignment_qty_difference_pct = fields.Float(
        string="Qty Difference (%)",
        digits=(16, 2),
        compute="_compute_consignment_match",
        help="How much the billed quantity of this product differs from the ledger quantity, "
        "as a percentage of the ledger quantity.",
    )
    consignment_price_difference_pct = fields.Float(
        string="Price Difference (%)",
        digits=(16, 2),
        compute="_compute_consignment_match",
        help="How much the billed unit price of this product differs from the ledger price, "
        "as a percentage of the ledger price.",
    )
    consignment_has_difference = fields.Boolean(
        string="Beyond Tolerance",
        compute="_compute_consignment_match",
        help="The quantity or price difference is larger than the agreement's tolerance: the "
        "bill cannot be posted until a consignment manager accepts it.",
    )

    @api.constrains("account_id")
    def _check_consignment_memo_account(self):
        # The memo accounts carry the vendors' consigned stock: only the memo engine's entries
        # (from the stock moves) may use them, or the balance per vendor would not be the stock.
        for line in self:
            company = line.company_id.sudo()
            memo_accounts = (
                company.consignment_memo_inventory_account_id
                | company.consignment_memo_supplier_account_id
            )
            if (
                line.account_id in memo_accounts
                and line.account_id
                and not line.move_id.consignment_memo_agreement_id
            ):
                raise ValidationError(line.move_id._consignment_memo_by_hand_message())

    def _is_consignment_vendor_bill_line(self):
        """Product line of a vendor consignment bill for a product of its agreement."""
        self.ensure_one()
        # Accountants work on consignment bills without rights on the agreements.
        agreement = self.move_id.consignment_agreement_id.sudo()
        return bool(
            agreement
            and agreement.consignment_type == "vendor"
            and self.display_type == "product"
            and self.product_id
            and self.product_id in agreement.line_ids.product_id
        )

    @api.depends("move_id.consignment_agreement_id")
    def _compute_account_id(self):
        result = super()._compute_account_id()
        for line in self:
            if line.move_id.is_purchase_document() and line._is_consignment_vendor_bill_line():
                # The bill clears the consignment liability booked at consumption instead of
                # buying stock (stock valuation account) or an expense.
                liability = line.company_id._get_consignment_liability_account()
                if liability:
                    line.account_id = liability
        return result

    def _eligible_for_stock_account(self):
        if self._is_consignment_vendor_bill_line():
            return False  # no stock valuation, no price difference: the goods were never ours
        return super()._eligible_for_stock_account()

    @api.depends(
        "quantity",
        "price_unit",
        "discount",
        "product_id",
        "product_uom_id",
        "move_id.consignment_agreement_id",
        "consignment_consumption_ids",
    )
    def _compute_consignment_match(self):
        for line in self:
            line.consignment_qty_difference_pct = 0.0
            line.consignment_price_difference_pct = 0.0
            line.consignment_has_difference = False
        for move in self.move_id:
            if not move._is_consignment_vendor_bill():
                continue
            rows = {row["product"]: row for row in move._consignment_get_match_rows()}
            for line in self.filtered(lambda line, move=move: line.move_id == move):
                row = rows.get(line.product_id)
                if not row or line.display_type != "product":
                    continue
                line.consignment_qty_difference_pct = row["qty_pct"]
                line.consignment_price_difference_pct = row["price_pct"]
                line.consignment_has_difference = row["beyond"]
