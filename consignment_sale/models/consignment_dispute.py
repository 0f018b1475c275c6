from odoo import api, models
from odoo.exceptions import UserError

# What a customer types in the portal: enough for a subject, not a document.
PORTAL_SUBJECT_SIZE = 200
PORTAL_DESCRIPTION_SIZE = 5000


class ConsignmentDispute(models.Model):
    """Customers see the disputes of their consignment in the portal, and open one on a
    statement or a consumption report."""

    _name = "consignment.dispute"
    _inherit = ["consignment.dispute", "portal.mixin"]

    def _compute_access_url(self):
        for dispute in self:
            dispute.access_url = f"/my/consignment/disputes/{dispute.id}"

    @api.model
    def _portal_open(self, agreement, partner, subject, description=None, amount=0.0, source=None):
        """Open the dispute ``partner`` entered in the portal, on ``agreement`` (and the
        document ``source`` of it). Call it with sudo after checking that ``partner`` may see
        the agreement; messages are meant for the customer."""
        subject = (subject or "").strip()
        description = (description or "").strip()
        if not subject:
            raise UserError(self.env._("Say in a few words what you disagree with (Subject)."))
        if len(subject) > PORTAL_SUBJECT_SIZE or len(description) > PORTAL_DESCRIPTION_SIZE:
            raise UserError(
                self.env._(
                    "Keep the subject under %(subject)s characters and the description under "
                    "%(description)s.",
                    subject=PORTAL_SUBJECT_SIZE,
                    description=PORTAL_DESCRIPTION_SIZE,
                )
            )
        if amount and amount < 0:
            raise UserError(self.env._("Enter the amount at stake as a positive number."))
        if agreement.consignment_type != "customer":
            raise UserError(self.env._("This consignment takes no disputes in the portal."))
        dispute = self._open_dispute(
            agreement,
            subject,
            "portal",
            amount=amount,
            source=source,
            description=description or None,
        )
        # The customer hears of the answers.
        dispute.message_subscribe(partner_ids=partner.ids)
        return dispute
