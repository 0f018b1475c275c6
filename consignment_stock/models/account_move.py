from odoo import fields, models
from odoo.exceptions import UserError


class AccountMove(models.Model):
    _inherit = "account.move"

    consignment_agreement_id = fields.Many2one(
        "consignment.agreement",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The consignment agreement whose consumption this bill or invoice charges.",
    )
    consignment_period_start = fields.Date(
        string="Consumption From",
        readonly=True,
        copy=False,
        help="First day of the consignment consumption this document charges.",
    )
    consignment_period_end = fields.Date(
        string="Consumption Until",
        readonly=True,
        copy=False,
        help="Last day of the consignment consumption this document charges.",
    )

    def _consignment_release_ledger(self):
        """Put the consumption charged by these documents back to invoice."""
        consumption = self.line_ids.consignment_consumption_ids
        if consumption:
            consumption.sudo().write({"state": "to_invoice", "invoice_line_id": False})

    def button_cancel(self):
        if any(move.consignment_agreement_id and move.state == "posted" for move in self):
            raise UserError(
                self.env._(
                    "A posted consignment bill or invoice cannot be cancelled: its consumption is "
                    "paid for. Reset it to draft first, or issue a credit note."
                )
            )
        self.filtered("consignment_agreement_id")._consignment_release_ledger()
        return super().button_cancel()

    def unlink(self):
        self.filtered("consignment_agreement_id")._consignment_release_ledger()
        return super().unlink()
