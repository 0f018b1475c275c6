from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError

# Who may open, print and send statements: consignment users (warehouse staff and buyers
# get it through their groups) and invoicing users, who settle what the statement shows.
STATEMENT_GROUPS = ("consignment_stock.group_consignment_user", "account.group_account_invoice")


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
        compute="_compute_period",
        store=True,
        readonly=False,
        precompute=True,
        help="First day of the statement period. Choosing the agreement sets it to the start "
        "of its current billing period (never before the agreement starts).",
    )
    date_to = fields.Date(
        string="To",
        required=True,
        compute="_compute_period",
        store=True,
        readonly=False,
        precompute=True,
        help="Last day of the statement period. Choosing the agreement sets it to yesterday, "
        "or to the end of the last billing period on the first day of a new one.",
    )
    line_ids = fields.One2many("consignment.statement.line", "statement_id", string="Lines")

    @api.depends("agreement_id")
    def _compute_period(self):
        engine = self.env["consignment.statement.engine"]
        for statement in self:
            if statement.agreement_id:
                statement.date_from, statement.date_to = engine._get_default_statement_period(
                    statement.agreement_id
                )

    @api.constrains("date_from", "date_to")
    def _check_period(self):
        for statement in self:
            if statement.date_from > statement.date_to:
                raise ValidationError(
                    self.env._("The statement period cannot end before it starts.")
                )

    def _check_statement_rights(self):
        """Refuse, naming the rights needed, a user who may not see these statements."""
        if self.env.su:
            return
        self.agreement_id.check_access("read")
        if any(self.env.user.has_group(group) for group in STATEMENT_GROUPS):
            return
        names = [
            group.full_name
            for group in (
                self.env.ref(xmlid, raise_if_not_found=False) for xmlid in STATEMENT_GROUPS
            )
            if group
        ]
        raise AccessError(
            self.env._(
                "Consignment statements need one of these rights: %(groups)s. "
                "Ask an administrator to give you one of them.",
                groups=", ".join(names),
            )
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
        self._check_statement_rights()
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
        # The client fetches /report/pdf/... with only these data when there are any (no
        # record ids in the address), after this dialog may be gone: they must say it all.
        return {
            "agreement_ids": self.agreement_id.ids,
            "date_from": fields.Date.to_string(self.date_from),
            "date_to": fields.Date.to_string(self.date_to),
        }

    def action_print(self):
        """The PDF statement of the dialog's agreement and period."""
        self.ensure_one()
        self._check_statement_rights()
        return self.env.ref("consignment_stock.action_report_consignment_statement").report_action(
            self.agreement_id, data=self._report_data()
        )

    def action_send(self):
        """Open the email to the partner with the statement PDF of this period attached."""
        self.ensure_one()
        self._check_statement_rights()
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
