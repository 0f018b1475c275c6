from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError

# Who works on bills and invoices: accountants, auditors and consignment users.
LEDGER_COLUMN_GROUPS = (
    "account.group_account_invoice,account.group_account_readonly,"
    "consignment_stock.group_consignment_user"
)


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    consignment_consumption_ids = fields.One2many(
        "consignment.consumption",
        "invoice_line_id",
        readonly=True,
        help="The consumption records this line charges.",
    )
    consignment_ledger_quantity = fields.Float(
        string="Ledger Qty",
        digits="Product Unit",
        compute="_compute_consignment_ledger",
        groups=LEDGER_COLUMN_GROUPS,
        help="Quantity of the consumption that this line charges, as recorded in the "
        "consignment ledger, in the line's unit.",
    )
    consignment_ledger_price_unit = fields.Float(
        string="Ledger Price",
        digits="Product Price",
        compute="_compute_consignment_ledger",
        groups=LEDGER_COLUMN_GROUPS,
        help="Average unit price of the consumption that this line charges, as recorded in "
        "the consignment ledger, per unit of the line and in the document's currency.",
    )

    @api.depends(
        "consignment_consumption_ids",
        "product_id",
        "product_uom_id",
        "move_id.currency_id",
        "move_id.move_type",
        "move_id.invoice_date",
    )
    def _compute_consignment_ledger(self):
        # One query for all lines, read from the database: lines being edited in a form
        # charge what their saved line charges. Sudo: accountants have no ledger rights.
        line_ids = [line_id for line_id in self._origin.ids if line_id]
        rows = (
            self.env["consignment.consumption"]
            .sudo()
            ._read_group(
                [("invoice_line_id", "in", line_ids)],
                ["invoice_line_id", "currency_id"],
                ["quantity:sum", "amount:sum"],
            )
        )
        by_line = defaultdict(list)
        for line, currency, quantity, amount in rows:
            by_line[line.id].append((currency, quantity, amount))
        for line in self:
            quantity = amount = 0.0
            move = line.move_id
            date = move.invoice_date or move.date or fields.Date.context_today(line)
            for currency, part_quantity, part_amount in by_line.get(line._origin.id, ()):
                quantity += part_quantity
                if move.currency_id and currency != move.currency_id:
                    part_amount = currency._convert(
                        part_amount, move.currency_id, move.company_id, date, round=False
                    )
                amount += part_amount
            product_uom = line.product_id.uom_id
            if product_uom and line.product_uom_id and product_uom != line.product_uom_id:
                quantity = product_uom._compute_quantity(quantity, line.product_uom_id, round=False)
            if move.move_type in ("out_refund", "in_refund"):
                # A credit note gives consumption back: its lines count it positive.
                quantity, amount = -quantity, -amount
            line.consignment_ledger_quantity = quantity
            line.consignment_ledger_price_unit = amount / quantity if quantity else 0.0

    def _consignment_check_ledger_link(self, written):
        # The billing run links the ledger (as superuser, after locking it): a line written
        # by hand could charge consumption twice, or take it off its document.
        if "consignment_consumption_ids" in written and not self.env.su:
            raise UserError(
                self.env._(
                    "The consumption that a bill or invoice line charges is linked by "
                    "consignment billing only, not by writing it."
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("consignment_consumption_ids"):
                self._consignment_check_ledger_link(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._consignment_check_ledger_link(vals)
        return super().write(vals)

    def unlink(self):
        # Accountants delete lines without rights on the ledger. When Odoo refuses to delete
        # the line, the error rolls the release back with it.
        self.sudo().consignment_consumption_ids._release_to_invoice()
        return super().unlink()
