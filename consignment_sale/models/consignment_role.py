from odoo import api, models

SALESMAN = "sales_team.group_sale_salesman"
STOCK_USER = "stock.group_stock_user"
CONSIGNMENT_USER = "consignment_stock.group_consignment_user"
CONSIGNMENT_MANAGER = "consignment_stock.group_consignment_manager"


class ConsignmentRole(models.AbstractModel):
    """The sale side's roles: salespeople run customer agreements day to day, warehouse
    staff bring unsold goods back. Terminating, closing, replenishing and billing by hand
    stay with consignment managers."""

    _inherit = "consignment.role"

    @api.model
    def _get_action_labels(self):
        labels = super()._get_action_labels()
        labels.update(
            {
                "validate_report": self.env._("Validating a consumption report"),
                "pickup": self.env._("Picking up goods from a customer's site"),
                "print_proforma": self.env._("Printing or sending a pro-forma delivery note"),
            }
        )
        return labels

    @api.model
    def _get_action_groups(self):
        groups = super()._get_action_groups()
        activate = groups.setdefault("activate", {})
        activate["customer"] = (*activate.get("customer", ()), SALESMAN)
        groups["validate_report"] = {"customer": (SALESMAN, CONSIGNMENT_MANAGER)}
        # Salespeople hear first when a customer disagrees; settling stays with managers.
        dispute = groups.setdefault("dispute", {})
        dispute["customer"] = (*dispute.get("customer", ()), SALESMAN)
        groups["pickup"] = {"customer": (STOCK_USER, CONSIGNMENT_MANAGER)}
        # The note lists lots and agreed prices, which salespeople may not read in stock.
        groups["print_proforma"] = {"customer": (SALESMAN, CONSIGNMENT_USER)}
        return groups
