from odoo import api, fields, models
from odoo.exceptions import UserError


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    consignment_consumption_ids = fields.One2many(
        "consignment.consumption",
        "invoice_line_id",
        readonly=True,
        help="The consumption records this line charges.",
    )

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
