from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    consignment_vendor_agreement_count = fields.Integer(
        string="Vendor Consignment Agreements",
        compute="_compute_consignment_vendor_agreement_count",
    )

    def _compute_consignment_vendor_agreement_count(self):
        Agreement = self.env["consignment.agreement"]
        if not Agreement.has_access("read"):
            self.consignment_vendor_agreement_count = 0
            return
        counts = dict(
            Agreement._read_group(
                [
                    ("consignment_type", "=", "vendor"),
                    ("partner_id.commercial_partner_id", "in", self.commercial_partner_id.ids),
                ],
                ["partner_id"],
                ["__count"],
            )
        )
        totals = {}
        for partner, count in counts.items():
            key = partner.commercial_partner_id.id
            totals[key] = totals.get(key, 0) + count
        for partner in self:
            partner.consignment_vendor_agreement_count = totals.get(
                partner.commercial_partner_id.id, 0
            )

    def action_view_consignment_vendor_agreements(self):
        """The vendor's consignment agreements; a new one is a vendor agreement with it."""
        self.ensure_one()
        vendor = self.commercial_partner_id
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "consignment_stock.consignment_agreement_action"
        )
        action.update(
            {
                "name": self.env._("Consignment: %(vendor)s", vendor=vendor.display_name),
                "domain": [
                    ("consignment_type", "=", "vendor"),
                    ("partner_id", "child_of", vendor.id),
                ],
                "context": {
                    "default_partner_id": vendor.id,
                    "default_consignment_type": "vendor",
                },
            }
        )
        return action

    def action_view_consignment_vendor_stock(self):
        """The vendor's goods held in our consignment locations."""
        self.ensure_one()
        vendor = self.commercial_partner_id
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "consignment_stock.consignment_stock_action"
        )
        action.update(
            {
                "name": self.env._("Consignment Stock: %(vendor)s", vendor=vendor.display_name),
                "domain": [
                    ("owner_id", "child_of", vendor.id),
                    ("location_id.usage", "=", "internal"),
                ],
            }
        )
        return action
