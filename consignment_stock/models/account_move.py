from odoo import api, fields, models
from odoo.exceptions import UserError

DOCUMENT_CHECK_TYPE = "consignment_stock.mail_activity_type_consignment_document_check"


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

    # ------------------------------------------------------------------
    # Fields only the consignment engine sets
    # ------------------------------------------------------------------
    @api.model
    def _consignment_protected_fields(self):
        """Fields that the consignment engine writes (as superuser, after its own checks).
        Written by anyone else they would turn an ordinary document into a consignment one
        or the reverse, and so skip the ledger's release or the cancel check."""
        return {"consignment_agreement_id", "consignment_period_start", "consignment_period_end"}

    def _consignment_check_protected(self, written):
        if self.env.su:
            return
        forbidden = self._consignment_protected_fields() & set(written)
        if forbidden:
            raise UserError(
                self.env._(
                    "%(fields)s of a bill or invoice are set by consignment billing and its "
                    "buttons only, not by writing them.",
                    fields=", ".join(
                        sorted(
                            self._fields[name]._description_string(self.env) for name in forbidden
                        )
                    ),
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            protected = self._consignment_protected_fields()
            context = self.env.context
            for vals in vals_list:
                self._consignment_check_protected(
                    name
                    for name in protected
                    if vals.get(name) or (name not in vals and context.get(f"default_{name}"))
                )
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            self._consignment_check_protected(
                name
                for name in self._consignment_protected_fields() & set(vals)
                if self._consignment_changes(name, vals[name])
            )
        return super().write(vals)

    def _consignment_changes(self, name, value):
        """Whether writing ``value`` to field ``name`` changes any of these documents (a form
        or an import may send a field unchanged)."""
        field = self._fields[name]
        new = field.convert_to_record(field.convert_to_cache(value, self), self)
        return any(record[name] != new for record in self)

    # ------------------------------------------------------------------
    # The ledger follows the document
    # ------------------------------------------------------------------
    def _consignment_get_ledger(self):
        """The ledger records that these documents charge, whoever calls: accountants post,
        cancel and delete documents without rights on the ledger."""
        return self.sudo().line_ids.consignment_consumption_ids

    def _consignment_release_ledger(self):
        """Put the consumption charged by these documents back to invoice."""
        self._consignment_get_ledger()._release_to_invoice()

    def _consignment_documents(self):
        """Documents of the consignment engine, and documents whose lines charge ledger
        records (customer invoices made from a consignment sale order)."""
        charging = self._consignment_get_ledger().invoice_line_id.move_id
        return self.filtered(lambda move: move.consignment_agreement_id or move in charging)

    def button_cancel(self):
        documents = self._consignment_documents()
        if any(move.state == "posted" for move in documents):
            raise UserError(
                self.env._(
                    "A posted consignment bill or invoice cannot be cancelled: its consumption is "
                    "paid for. Reset it to draft first, or issue a credit note."
                )
            )
        documents._consignment_release_ledger()
        result = super().button_cancel()
        # Nothing is left to check on a cancelled document.
        documents.filtered(lambda move: move.state == "cancel").sudo().activity_unlink(
            [DOCUMENT_CHECK_TYPE]
        )
        return result

    def _post(self, soft=True):
        posted = super()._post(soft=soft)
        # Posting is the check done: whoever posts (the checker or a colleague), the activity
        # planned by the billing run is closed. Sudo: the activity may be a colleague's.
        posted.filtered("consignment_agreement_id").sudo().activity_feedback(
            [DOCUMENT_CHECK_TYPE],
            feedback=self.env._("Posted by %(user)s.", user=self.env.user.name),
        )
        return posted

    def button_draft(self):
        cancelled = self.filtered(
            lambda move: move.consignment_agreement_id and move.state == "cancel"
        )
        if cancelled:
            # Cancelling gave the consumption back to the ledger: the next billing run charges
            # it. Posting the cancelled document again would charge it twice.
            raise UserError(
                self.env._(
                    "%(documents)s was cancelled and its consumption went back to the ledger, "
                    "to be charged by the next consignment bill or invoice: it cannot be reset "
                    "to draft. Bill the consumption again from the agreement instead.",
                    documents=", ".join(cancelled.mapped("display_name")),
                )
            )
        return super().button_draft()

    def unlink(self):
        self._consignment_release_ledger()
        return super().unlink()
