from odoo import fields, models
from odoo.exceptions import UserError


class ConsignmentBillingWizard(models.TransientModel):
    _name = "consignment.billing.wizard"
    _description = "Bill or Invoice Consignment Consumption"

    agreement_ids = fields.Many2many(
        "consignment.agreement",
        string="Agreements",
        required=True,
        default=lambda self: self.env["consignment.agreement"].browse(
            self.env.context.get("active_ids", [])
        ),
        # Opened from Vendors or Customers in Invoicing, the wizard offers that kind only.
        domain="[('state', 'in', ('active', 'terminating')),"
        " ('consignment_type', 'in', context.get('consignment_types', ['vendor', 'customer']))]",
        help="Running agreements whose consumption is billed (vendor) or invoiced (customer).",
    )
    period_end = fields.Date(
        string="Consumption Until",
        required=True,
        default=fields.Date.context_today,
        help="Everything consumed up to and including this day, and not invoiced yet, is "
        "charged. The scheduled billing charges whole periods; billed by hand, the default "
        "is everything consumed so far.",
    )

    def action_create_invoices(self):
        self.ensure_one()
        not_running = self.agreement_ids.filtered(
            lambda a: a.state not in ("active", "terminating")
        )
        if not_running:
            raise UserError(
                self.env._(
                    "Only running agreements can be billed: %(agreements)s.",
                    agreements=", ".join(not_running.mapped("name")),
                )
            )
        move_ids = self.agreement_ids.action_create_invoices(period_end=self.period_end)
        if not move_ids:
            raise UserError(
                self.env._(
                    "Nothing to invoice up to %(date)s for the selected agreements.",
                    date=fields.Date.to_string(self.period_end),
                )
            )
        moves = self.env["account.move"].browse(move_ids)
        xmlid = (
            "account.action_move_in_invoice_type"
            if moves[0].move_type in ("in_invoice", "in_refund")
            else "account.action_move_out_invoice_type"
        )
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        action["domain"] = [("id", "in", move_ids)]
        if len(move_ids) == 1:
            action.update({"res_id": move_ids[0], "view_mode": "form", "views": [(False, "form")]})
        return action
