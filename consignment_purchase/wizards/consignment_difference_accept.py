from odoo import fields, models
from odoo.exceptions import AccessError, UserError


class ConsignmentDifferenceAccept(models.TransientModel):
    _name = "consignment.difference.accept"
    _description = "Accept Differences between a Consignment Bill and the Ledger"

    move_id = fields.Many2one(
        "account.move",
        string="Bill",
        required=True,
        readonly=True,
        help="Vendor consignment bill whose differences with the ledger are accepted.",
    )
    difference_summary = fields.Text(related="move_id.consignment_difference_summary")
    reason = fields.Text(
        required=True,
        help="Why the vendor's figures are accepted although they differ from our ledger.",
    )

    def action_accept(self):
        self.ensure_one()
        if not self.env.user.has_group("consignment_stock.group_consignment_manager"):
            raise AccessError(
                self.env._("Only a consignment manager can accept differences with the ledger.")
            )
        # Consignment managers need no accounting rights to accept: checked above.
        move = self.sudo().move_id
        if move.consignment_difference_state != "to_accept":
            raise UserError(
                self.env._(
                    "%(bill)s has no differences with the ledger left to accept.",
                    bill=move.display_name,
                )
            )
        if not (self.reason or "").strip():
            raise UserError(self.env._("Give the reason for accepting the differences."))
        move._consignment_accept_differences(self.reason.strip())
        return {"type": "ir.actions.act_window_close"}
