from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ConsignmentStatement(models.TransientModel):
    """A statement request: an agreement and a period. Its lines are computed from the stock
    moves and the ledger when it is opened, and never kept."""

    _name = "consignment.statement"
    _description = "Consignment Statement"
    _rec_name = "agreement_id"

    agreement_id = fields.Many2one(
        "consignment.agreement",
        required=True,
        help="Agreement whose consignment stock the statement shows.",
    )
    company_id = fields.Many2one(related="agreement_id.company_id")
    date_from = fields.Date(
        string="From",
        required=True,
        default=lambda self: self.env["consignment.agreement"]._default_statement_period()[0],
        help="First day of the statement period.",
    )
    date_to = fields.Date(
        string="To",
        required=True,
        default=lambda self: self.env["consignment.agreement"]._default_statement_period()[1],
        help="Last day of the statement period.",
    )
    line_ids = fields.One2many("consignment.statement.line", "statement_id", string="Lines")

    @api.constrains("date_from", "date_to")
    def _check_period(self):
        for statement in self:
            if statement.date_from > statement.date_to:
                raise ValidationError(
                    self.env._("The statement period cannot end before it starts.")
                )

    def _compute_lines(self):
        for statement in self:
            rows = statement.agreement_id.get_statement(statement.date_from, statement.date_to)
            statement.line_ids.unlink()
            self.env["consignment.statement.line"].create(
                [
                    {
                        "statement_id": statement.id,
                        "agreement_id": statement.agreement_id.id,
                        "product_id": row["product_id"],
                        "opening_qty": row["opening_qty"],
                        "received_qty": row["received_qty"],
                        "consumed_qty": row["consumed_qty"],
                        "returned_qty": row["returned_qty"],
                        "adjusted_qty": row["adjusted_qty"],
                        "expected_qty": row["expected_qty"],
                        "is_counted": row["counted_qty"] is not None,
                        "counted_qty": row["counted_qty"] or 0.0,
                        "variance_qty": row["variance_qty"],
                    }
                    for row in rows
                ]
            )

    def action_show(self):
        self.ensure_one()
        self._compute_lines()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "consignment_stock.consignment_statement_line_action"
        )
        action["domain"] = [("statement_id", "=", self.id)]
        action["display_name"] = self.env._(
            "Statement %(agreement)s, %(date_from)s to %(date_to)s",
            agreement=self.agreement_id.display_name,
            date_from=self.date_from,
            date_to=self.date_to,
        )
        return action

    def _report_data(self):
        return {
            "date_from": fields.Date.to_string(self.date_from),
            "date_to": fields.Date.to_string(self.date_to),
        }

    def action_print(self):
        self.ensure_one()
        return self.env.ref("consignment_stock.action_report_consignment_statement").report_action(
            self.agreement_id, data=self._report_data()
        )

    def action_send(self):
        """Open the email to the partner with the statement PDF of this period attached."""
        self.ensure_one()
        agreement = self.agreement_id
        # The attachment is rendered from the agreement: it reads the period from there.
        agreement.sudo().write(
            {"statement_date_from": self.date_from, "statement_date_to": self.date_to}
        )
        template = self.env.ref(
            "consignment_stock.mail_template_consignment_statement", raise_if_not_found=False
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "mail.compose.message",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {
                "default_model": "consignment.agreement",
                "default_res_ids": agreement.ids,
                "default_template_id": template.id if template else False,
                "default_composition_mode": "comment",
                "default_email_layout_xmlid": "mail.mail_notification_layout",
                "force_email": True,
            },
        }
