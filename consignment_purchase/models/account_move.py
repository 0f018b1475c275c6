import hashlib
import json
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import float_compare, format_amount, formatLang
from odoo.tools.misc import get_lang


class AccountMove(models.Model):
    _inherit = "account.move"

    consignment_difference_state = fields.Selection(
        [
            ("none", "Matches the ledger"),
            ("to_accept", "Differences to accept"),
            ("accepted", "Differences accepted"),
        ],
        string="Ledger Match",
        compute="_compute_consignment_difference",
        help="Vendor consignment bills: how the bill compares with our consumption ledger. "
        "Differences beyond the agreement's tolerances block posting until a consignment "
        "manager accepts them.",
    )
    consignment_difference_summary = fields.Text(
        string="Differences with the Ledger",
        compute="_compute_consignment_difference",
        help="Products whose billed quantity or unit price differs from our consumption ledger "
        "by more than the agreement's tolerances.",
    )
    consignment_difference_signature = fields.Char(
        compute="_compute_consignment_difference",
        help="Fingerprint of the current differences, to tell whether the accepted ones are "
        "still the ones on the bill.",
    )
    consignment_accepted_signature = fields.Char(
        copy=False,
        readonly=True,
        help="Fingerprint of the differences that were accepted. When the bill changes, the "
        "differences have to be accepted again.",
    )
    consignment_accepted_reason = fields.Text(
        string="Reason for Accepting",
        copy=False,
        readonly=True,
        help="Why the consignment manager accepted the vendor's figures although they differ "
        "from our ledger.",
    )
    consignment_accepted_by_id = fields.Many2one(
        "res.users",
        string="Accepted By",
        copy=False,
        readonly=True,
        help="Consignment manager who accepted the differences with the ledger.",
    )
    consignment_accepted_date = fields.Datetime(
        string="Accepted On",
        copy=False,
        readonly=True,
        help="When the differences with the ledger were accepted.",
    )

    consignment_memo_agreement_id = fields.Many2one(
        "consignment.agreement",
        string="Memo of Agreement",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="Vendor consignment agreement whose consigned stock this off-balance memo entry "
        "follows. Memo entries are posted by the stock moves, never by hand.",
    )

    @api.model
    def _consignment_protected_fields(self):
        # The acceptance is a consignment manager's signature: written by the acceptance only.
        # A memo entry is the stock moves' record: only the memo engine marks one.
        return super()._consignment_protected_fields() | {
            "consignment_accepted_signature",
            "consignment_accepted_reason",
            "consignment_accepted_by_id",
            "consignment_accepted_date",
            "consignment_memo_agreement_id",
        }

    # ------------------------------------------------------------------
    # Memo entries of the vendors' consigned stock: read-only to users
    # ------------------------------------------------------------------
    def _consignment_check_memo_by_hand(self):
        if not self.env.su and self.filtered("consignment_memo_agreement_id"):
            raise UserError(self._consignment_memo_by_hand_message())

    def _consignment_memo_by_hand_message(self):
        return self.env._(
            "Consignment memo entries follow the vendors' consigned stock: the stock moves "
            "post them, nobody changes them by hand."
        )

    def write(self, vals):
        self._consignment_check_memo_by_hand()
        return super().write(vals)

    def button_draft(self):
        self._consignment_check_memo_by_hand()
        return super().button_draft()

    def button_cancel(self):
        self._consignment_check_memo_by_hand()
        return super().button_cancel()

    @api.ondelete(at_uninstall=False)
    def _unlink_consignment_memo_by_hand(self):
        self._consignment_check_memo_by_hand()

    def _is_consignment_vendor_bill(self):
        self.ensure_one()
        # Accountants work on consignment bills without rights on the agreements.
        return bool(
            self.consignment_agreement_id
            and self.consignment_agreement_id.sudo().consignment_type == "vendor"
            and self.move_type in ("in_invoice", "in_refund")
        )

    # ------------------------------------------------------------------
    # Two-way match with the consumption ledger
    # ------------------------------------------------------------------
    def _consignment_get_match_rows(self):
        """Compare the bill with the consumption ledger records it charges, product by
        product: quantities in the product's unit, unit prices in the bill's currency.

        :returns: list of dicts (product, bill_qty, ledger_qty, qty_pct, bill_price,
            ledger_price, price_pct, bill_amount, ledger_amount, beyond)"""
        self.ensure_one()
        agreement = self.consignment_agreement_id.sudo()
        lines = self.invoice_line_ids.filtered(
            lambda line: line.display_type == "product" and line.product_id
        )
        bill = self._consignment_sum_bill_lines(lines)
        ledger = self._consignment_sum_ledger(lines.sudo().consignment_consumption_ids)
        return [
            self._consignment_compare_product(product, bill[product], ledger[product], agreement)
            for product in sorted(bill.keys() | ledger.keys(), key=lambda p: p.id)
        ]

    def _consignment_sum_bill_lines(self, lines):
        """{product: [quantity in the product's unit, amount]} of the bill's product
        ``lines``; a credit note gives the ledger back, so it counts negative."""
        sign = -1.0 if self.move_type == "in_refund" else 1.0
        totals = defaultdict(lambda: [0.0, 0.0])
        for line in lines:
            quantity = line.quantity
            if line.product_uom_id:
                quantity = line.product_uom_id._compute_quantity(
                    quantity, line.product_id.uom_id, round=False
                )
            totals[line.product_id][0] += sign * quantity
            totals[line.product_id][1] += sign * line.price_subtotal
        return totals

    def _consignment_sum_ledger(self, records):
        """{product: [quantity, amount in the bill's currency]} of the ledger ``records``,
        converted at the bill's date."""
        date = self.invoice_date or self.date or fields.Date.context_today(self)
        totals = defaultdict(lambda: [0.0, 0.0])
        for record in records:
            amount = record.amount
            if record.currency_id != self.currency_id:
                amount = record.currency_id._convert(
                    amount, self.currency_id, self.company_id, date, round=False
                )
            totals[record.product_id][0] += record.quantity
            totals[record.product_id][1] += amount
        return totals

    def _consignment_compare_product(self, product, bill_totals, ledger_totals, agreement):
        """The match row of ``product`` (see ``_consignment_get_match_rows``) from its bill
        and ledger [quantity, amount], judged by the tolerances of ``agreement``."""
        bill_qty, bill_amount = bill_totals
        ledger_qty, ledger_amount = ledger_totals
        qty_pct = 0.0
        if product.uom_id.compare(bill_qty, ledger_qty) != 0:
            qty_pct = self._consignment_difference_pct(bill_qty, ledger_qty)
        bill_price = bill_amount / bill_qty if bill_qty else 0.0
        ledger_price = ledger_amount / ledger_qty if ledger_qty else 0.0
        price_digits = self.env["decimal.precision"].precision_get("Product Price")
        price_pct = 0.0
        # Without a quantity on either side there is no price to compare: the quantity
        # difference says it all.
        if (
            bill_qty
            and ledger_qty
            and float_compare(bill_price, ledger_price, precision_digits=price_digits)
        ):
            price_pct = self._consignment_difference_pct(bill_price, ledger_price)
        return {
            "product": product,
            "bill_qty": bill_qty,
            "ledger_qty": ledger_qty,
            "qty_pct": qty_pct,
            "bill_price": bill_price,
            "ledger_price": ledger_price,
            "price_pct": price_pct,
            "bill_amount": bill_amount,
            "ledger_amount": ledger_amount,
            "beyond": (
                float_compare(qty_pct, agreement.qty_tolerance_pct, precision_digits=4) > 0
                or float_compare(price_pct, agreement.price_tolerance_pct, precision_digits=4) > 0
            ),
        }

    @staticmethod
    def _consignment_difference_pct(value, reference):
        """How far ``value`` lies from ``reference``, in percent of it: all of it (100%)
        when there is nothing to compare with."""
        if not reference:
            return 100.0
        return abs(value - reference) / abs(reference) * 100.0

    @api.depends(
        "consignment_agreement_id",
        "currency_id",
        "move_type",
        "consignment_accepted_signature",
        "invoice_line_ids.quantity",
        "invoice_line_ids.price_unit",
        "invoice_line_ids.discount",
        "invoice_line_ids.product_id",
        "invoice_line_ids.product_uom_id",
        "invoice_line_ids.consignment_consumption_ids",
    )
    def _compute_consignment_difference(self):
        for move in self:
            move.consignment_difference_state = "none"
            move.consignment_difference_summary = False
            move.consignment_difference_signature = False
            if not move._is_consignment_vendor_bill():
                continue
            differences = [row for row in move._consignment_get_match_rows() if row["beyond"]]
            if not differences:
                continue
            move.consignment_difference_summary = "\n".join(
                move._consignment_describe_difference(row) for row in differences
            )
            signature = hashlib.sha1(
                json.dumps(
                    [
                        [
                            row["product"].id,
                            round(row["bill_qty"], 6),
                            round(row["ledger_qty"], 6),
                            round(row["bill_price"], 6),
                            round(row["ledger_price"], 6),
                        ]
                        for row in differences
                    ]
                ).encode()
            ).hexdigest()
            move.consignment_difference_signature = signature
            move.consignment_difference_state = (
                "accepted" if move.consignment_accepted_signature == signature else "to_accept"
            )

    def _consignment_describe_difference(self, row):
        """One line of the banner, in units and in the bill's money: "Bolt: billed 12
        Units, ledger 10 Units (+2 Units); amount +20.00 €", and the unit prices when they
        differ."""
        product = row["product"]
        unit = product.uom_id.name
        text = self.env._(
            "%(product)s: billed %(bill_qty)s %(unit)s, ledger %(ledger_qty)s %(unit)s "
            "(%(qty_difference)s %(unit)s); amount %(amount_difference)s",
            product=product.display_name,
            unit=unit,
            bill_qty=self._consignment_format_quantity(row["bill_qty"], product),
            ledger_qty=self._consignment_format_quantity(row["ledger_qty"], product),
            qty_difference=self._consignment_format_quantity(
                row["bill_qty"] - row["ledger_qty"], product, signed=True
            ),
            amount_difference=self._consignment_format_money(
                row["bill_amount"] - row["ledger_amount"], signed=True
            ),
        )
        if row["price_pct"]:
            text += self.env._(
                "; unit price %(bill_price)s, ledger %(ledger_price)s",
                bill_price=self._consignment_format_money(row["bill_price"]),
                ledger_price=self._consignment_format_money(row["ledger_price"]),
            )
        return text

    def _consignment_format_quantity(self, quantity, product, signed=False):
        """``quantity`` in the user's language, with the decimals its unit needs."""
        digits = max(0, -int(f"{product.uom_id.rounding:e}".split("e")[1]))
        text = formatLang(self.env, quantity, digits=digits)
        decimal_point = get_lang(self.env).decimal_point
        if decimal_point and decimal_point in text:
            text = text.rstrip("0").rstrip(decimal_point)
        return f"+{text}" if signed and quantity > 0 else text

    def _consignment_format_money(self, amount, signed=False):
        text = format_amount(self.env, amount, self.currency_id)
        return f"+{text}" if signed and self.currency_id.compare_amounts(amount, 0) > 0 else text

    def _post(self, soft=True):
        blocked = self.filtered(
            lambda move: (
                move._is_consignment_vendor_bill()
                and move.consignment_difference_state == "to_accept"
            )
        )
        if blocked:
            raise UserError(
                self.env._(
                    "The bill %(bill)s differs from the consumption ledger beyond the tolerances "
                    "of agreement %(agreement)s:\n%(differences)s\nCorrect the bill, or have a "
                    "consignment manager accept the differences (button Accept Differences).",
                    bill=blocked[0].display_name,
                    agreement=blocked[0].consignment_agreement_id.name,
                    differences=blocked[0].consignment_difference_summary,
                )
            )
        return super()._post(soft=soft)

    def action_consignment_accept_differences(self):
        self.ensure_one()
        self._consignment_check_can_accept()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Accept Differences"),
            "res_model": "consignment.difference.accept",
            "view_mode": "form",
            "target": "new",
            "context": {"default_move_id": self.id},
        }

    def _consignment_check_can_accept(self):
        """Refuse unless the current user may accept the differences of these bills: vendor
        consignment bills of a company the user works in, and the role to accept them.
        Consignment managers accept without accounting rights, so the bills are read as
        superuser once this passed."""
        for move in self.sudo():
            if not move._is_consignment_vendor_bill():
                raise UserError(
                    self.env._(
                        "%(document)s is not a vendor consignment bill: only the differences "
                        "between a consignment bill and the consumption ledger are accepted.",
                        document=move.display_name,
                    )
                )
            if not self.env.su and move.company_id not in self.env.user.company_ids:
                raise AccessError(
                    self.env._(
                        "%(bill)s belongs to %(company)s, a company you do not work in: only "
                        "a consignment manager of that company can accept its differences.",
                        bill=move.display_name,
                        company=move.company_id.display_name,
                    )
                )
            self.env["consignment.role"]._check(
                "accept_differences", move.consignment_agreement_id.sudo(False)
            )

    def _consignment_accept_differences(self, reason):
        """Record that a consignment manager accepted the current differences (the caller
        checked the user with ``_consignment_check_can_accept``)."""
        for move in self.sudo():
            move.write(
                {
                    "consignment_accepted_signature": move.consignment_difference_signature,
                    "consignment_accepted_reason": reason,
                    "consignment_accepted_by_id": self.env.uid,
                    "consignment_accepted_date": fields.Datetime.now(),
                }
            )
            body = self.env._(
                "Differences with the consumption ledger accepted by %(user)s. Reason: "
                "%(reason)s\n%(differences)s",
                user=self.env.user.name,
                reason=reason,
                differences=move.consignment_difference_summary or "",
            )
            move.message_post(body=body)
            move.consignment_agreement_id.message_post(
                body=self.env._("Bill %(bill)s: %(message)s", bill=move.display_name, message=body)
            )
        return True
