from odoo import fields, models
from odoo.fields import Domain


class ResPartner(models.Model):
    _inherit = "res.partner"

    customer_consignment_count = fields.Integer(
        string="Consignment Agreements", compute="_compute_customer_consignment"
    )
    consignment_backorder_count = fields.Integer(
        string="Open Consignment Backorders", compute="_compute_customer_consignment"
    )

    def _get_customer_consignment_domain(self):
        return Domain("consignment_type", "=", "customer") & Domain(
            "partner_id", "child_of", self.commercial_partner_id.ids
        )

    def _get_consignment_backorder_domain(self):
        return (
            Domain("backorder_id", "!=", False)
            & Domain("state", "not in", ("done", "cancel"))
            & Domain("location_dest_id.consignment_type", "=", "customer")
            & Domain(
                "location_dest_id.consignment_partner_id", "in", self.commercial_partner_id.ids
            )
        )

    def _compute_customer_consignment(self):
        Agreement = self.env["consignment.agreement"]
        Picking = self.env["stock.picking"]
        can_read = Agreement.has_access("read")
        can_read_pickings = Picking.has_access("read")
        for partner in self:
            if not partner.id:
                partner.customer_consignment_count = partner.consignment_backorder_count = 0
                continue
            partner.customer_consignment_count = (
                Agreement.search_count(partner._get_customer_consignment_domain())
                if can_read
                else 0
            )
            partner.consignment_backorder_count = (
                Picking.search_count(partner._get_consignment_backorder_domain())
                if can_read_pickings
                else 0
            )

    def action_view_customer_consignment(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "consignment_sale.consignment_agreement_customer_action"
        )
        action["domain"] = list(self._get_customer_consignment_domain())
        action["context"] = {
            "default_partner_id": self.commercial_partner_id.id,
            "default_consignment_type": "customer",
        }
        return action

    def action_view_consignment_backorders(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("stock.action_picking_tree_all")
        action.update(
            {
                "name": self.env._("Open Consignment Backorders"),
                "domain": list(self._get_consignment_backorder_domain()),
                "context": {"create": False},
            }
        )
        return action
