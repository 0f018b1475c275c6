from odoo import fields, models
from odoo.exceptions import UserError

# The dispute origin of each kind of source document.
DISPUTE_ORIGIN_BY_MODEL = {
    "account.move": "bill",
    "consignment.count": "count",
    "consignment.report": "report",
}


class ConsignmentDisputeSourceMixin(models.AbstractModel):
    """A document a dispute can be opened from (a bill, a count, a consumption report):
    its disputes counter, the button opening a dispute prefilled from the document, and the
    list of its disputes. A document adapts the prefilled values through the hooks
    ``_get_dispute_agreement`` and ``_get_dispute_values``."""

    _name = "consignment.dispute.source.mixin"
    _description = "Consignment Dispute Source"

    dispute_count = fields.Integer(
        string="Disputes",
        compute="_compute_dispute_count",
        help="Disputes opened from this document.",
    )

    def _dispute_references(self):
        return [f"{self._name},{record_id}" for record_id in self.ids]

    def _compute_dispute_count(self):
        Dispute = self.env["consignment.dispute"]
        if not Dispute.has_access("read") or not self.ids:
            self.dispute_count = 0
            return
        counts = dict(
            Dispute._read_group(
                [("source", "in", self._dispute_references())], ["source"], ["__count"]
            )
        )
        for record in self:
            record.dispute_count = counts.get(f"{record._name},{record.id}", 0)

    # ------------------------------------------------------------------
    # Hooks
    # ------------------------------------------------------------------
    def _get_dispute_agreement(self):
        """The agreement a dispute about this document is on."""
        self.ensure_one()
        return self.agreement_id

    def _get_dispute_values(self):
        """{subject, amount, description} a dispute opened from this document starts with."""
        self.ensure_one()
        return {
            "subject": self.env._("About %(document)s", document=self.display_name),
            "amount": 0.0,
            "description": False,
        }

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_open_dispute(self):
        """The form of a new dispute about this document, prefilled; saving it opens it."""
        self.ensure_one()
        agreement = self._get_dispute_agreement()
        if not agreement:
            raise UserError(
                self.env._(
                    "%(document)s belongs to no consignment agreement: a dispute is always "
                    "about an agreement.",
                    document=self.display_name,
                )
            )
        self.env["consignment.role"]._check("dispute", agreement)
        values = self._get_dispute_values()
        context = {
            "default_agreement_id": agreement.id,
            "default_origin": DISPUTE_ORIGIN_BY_MODEL.get(self._name, "manual"),
            "default_source": f"{self._name},{self.id}",
            "default_subject": values.get("subject"),
            "default_amount": values.get("amount") or 0.0,
            "default_description": values.get("description") or False,
        }
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Open a Dispute"),
            "res_model": "consignment.dispute",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
            "context": context,
        }

    def action_view_disputes(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "consignment_stock.consignment_dispute_action"
        )
        action["domain"] = [("source", "in", self._dispute_references())]
        action["context"] = {"create": False}
        return action
