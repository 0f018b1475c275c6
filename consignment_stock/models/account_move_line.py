from odoo import fields, models


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    consignment_consumption_ids = fields.One2many(
        "consignment.consumption",
        "invoice_line_id",
        readonly=True,
        help="The consumption records this line charges.",
    )

    def unlink(self):
        consumption = self.consignment_consumption_ids
        if consumption:
            consumption.sudo().write({"state": "to_invoice", "invoice_line_id": False})
        return super().unlink()
