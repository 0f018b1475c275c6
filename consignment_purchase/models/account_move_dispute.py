from odoo import models


class AccountMove(models.Model):
    """A vendor consignment bill that differs from our ledger is a dispute's source: the
    dispute starts with the differences and the money they are worth."""

    _name = "account.move"
    _inherit = ["account.move", "consignment.dispute.source.mixin"]

    def _get_dispute_agreement(self):
        self.ensure_one()
        return self.consignment_agreement_id

    def _get_dispute_values(self):
        values = super()._get_dispute_values()
        if not self._is_consignment_vendor_bill():
            return values
        rows = [row for row in self._consignment_get_match_rows() if row["beyond"]]
        difference = sum(
            row.get("bill_amount", row["bill_qty"] * row["bill_price"])
            - row.get("ledger_amount", row["ledger_qty"] * row["ledger_price"])
            for row in rows
        )
        agreement = self.consignment_agreement_id.sudo()
        if self.currency_id != agreement.currency_id:
            difference = self.currency_id._convert(
                difference,
                agreement.currency_id,
                self.company_id,
                self.invoice_date or self.date,
            )
        values.update(
            {
                "subject": self.env._(
                    "Bill %(bill)s differs from our ledger", bill=self.ref or self.display_name
                ),
                "amount": agreement.currency_id.round(difference),
                "description": self.consignment_difference_summary or False,
            }
        )
        return values
