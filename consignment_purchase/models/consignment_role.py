from odoo import api, models

PURCHASE_USER = "purchase.group_purchase_user"


class ConsignmentRole(models.AbstractModel):
    _inherit = "consignment.role"

    @api.model
    def _get_action_labels(self):
        labels = super()._get_action_labels()
        labels["accept_differences"] = self.env._(
            "Accepting the differences between a bill and the consumption ledger"
        )
        return labels

    @api.model
    def _get_action_groups(self):
        groups = super()._get_action_groups()
        # Buyers run their vendors' agreements from start to end and raise their disputes;
        # billing by hand, resetting, settling disputes and accepting bill differences stay
        # with consignment managers.
        for action in ("activate", "terminate", "close", "replenish", "dispute"):
            vendor = groups.setdefault(action, {}).get("vendor", ())
            if PURCHASE_USER not in vendor:
                groups[action]["vendor"] = (*vendor, PURCHASE_USER)
        groups["accept_differences"] = {
            "vendor": ("consignment_stock.group_consignment_manager",),
        }
        return groups
