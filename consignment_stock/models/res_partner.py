from odoo import models


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _consignment_get_active_agreements(self, consignment_type, companies):
        """{(commercial partner, company): agreement}: the latest active agreement of
        ``consignment_type`` of each of these partners (their commercial entities) in
        ``companies``, the one their new purchase or sales orders fall under. Searched with
        this environment's rights."""
        commercial = self.commercial_partner_id
        if not commercial:
            return {}
        agreements = self.env["consignment.agreement"].search(
            [
                ("consignment_type", "=", consignment_type),
                ("state", "=", "active"),
                ("partner_id.commercial_partner_id", "in", commercial.ids),
                ("company_id", "in", companies.ids),
            ],
            order="date_start desc, id desc",
        )
        found = {}
        for agreement in agreements:
            key = (agreement.partner_id.commercial_partner_id, agreement.company_id)
            found.setdefault(key, agreement)
        return found
