from odoo import api, fields, models
from odoo.exceptions import UserError


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

    @api.model_create_multi
    def create(self, vals_list):
        wizards = super().create(vals_list)
        # The summary of the differences is read as superuser: only for bills the user may
        # accept.
        wizards.move_id._consignment_check_can_accept()
        return wizards

    def action_accept(self):
        self.ensure_one()
        self.move_id._consignment_check_can_accept()
        # Consignment managers need no accounting rights to accept: checked above.
        move = self.move_id.sudo()
        if move.consignment_difference_state != "to_accept":
            raise UserError(
                self.env._(
                    "%(bill)s has no differences with the ledger left to accept.",
                    bill=move.display_name,
                )
            )
        reason = (self.reason or "").strip()
        if not reason:
            raise UserError(self.env._("Give the reason for accepting the differences."))
        self.move_id._consignment_accept_differences(reason)
        return {"type": "ir.actions.act_window_close"}
