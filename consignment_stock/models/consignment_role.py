from odoo import api, models
from odoo.exceptions import AccessError

CONSIGNMENT_MANAGER = "consignment_stock.group_consignment_manager"
CONSIGNMENT_USER = "consignment_stock.group_consignment_user"
ACCOUNTANT = "account.group_account_invoice"


class ConsignmentRole(models.AbstractModel):
    """Who may run each consignment action: the one table the actions check.

    Every action that changes an agreement, posts stock or charges money calls
    ``_check(action, agreements)`` before it acts, whatever view or RPC call reached it.
    The purchase and sale add-ons add their roles (buyers, salespeople, warehouse staff)
    by extending ``_get_action_groups``.
    """

    _name = "consignment.role"
    _description = "Consignment Roles"

    @api.model
    def _get_action_labels(self):
        return {
            "activate": self.env._("Activating an agreement"),
            "terminate": self.env._("Terminating an agreement"),
            "close": self.env._("Closing an agreement"),
            "reset": self.env._("Resetting an agreement to draft"),
            "bill": self.env._("Billing or invoicing consumption by hand"),
            "replenish": self.env._("Replenishing a consignment location"),
            "validate_count": self.env._("Validating a count"),
            "mark_reviewed": self.env._("Marking a count surplus as reviewed"),
            "take_over": self.env._("Taking vendor goods into own stock"),
            "dispute": self.env._("Opening a dispute"),
            "resolve_dispute": self.env._("Resolving, cancelling or reopening a dispute"),
            "refresh_kpis": self.env._("Refreshing the key figures"),
        }

    @api.model
    def _get_action_groups(self):
        """{action: {consignment type: tuple of group xml ids}}: a user in any of the groups
        may run the action on agreements of that type."""
        manager = (CONSIGNMENT_MANAGER,)
        both = {"vendor": manager, "customer": manager}
        return {
            "activate": dict(both),
            "terminate": dict(both),
            "close": dict(both),
            "reset": dict(both),
            # Accounts payable and receivable settle consumption, as they do in Invoicing.
            "bill": {"vendor": (*manager, ACCOUNTANT), "customer": (*manager, ACCOUNTANT)},
            "replenish": dict(both),
            "validate_count": dict(both),
            # Only a customer count can find a surplus to review.
            "mark_reviewed": {"customer": manager},
            "take_over": {"vendor": manager},
            # Whoever meets the difference (a count, a bill, a partner's call) raises it;
            # settling it commits the company, as accepting bill differences does.
            "dispute": {
                "vendor": (CONSIGNMENT_USER, ACCOUNTANT),
                "customer": (CONSIGNMENT_USER, ACCOUNTANT),
            },
            "resolve_dispute": dict(both),
            # The managers answer for the figures the agreement list shows; the daily
            # refresh runs as superuser.
            "refresh_kpis": dict(both),
        }

    @api.model
    def _is_allowed(self, action, consignment_type, user=None):
        user = user or self.env.user
        groups = self._get_action_groups().get(action, {}).get(consignment_type, ())
        return any(user.has_group(group) for group in groups)

    @api.model
    def _check(self, action, agreements):
        """Raise an AccessError naming the rights needed unless the current user may run
        ``action`` on every one of ``agreements``. Code running as superuser passes."""
        if self.env.su:
            return
        # Record rules first: an id of another company's agreement is refused, not acted on.
        agreements.check_access("read")
        for consignment_type in set(agreements.sudo().mapped("consignment_type")):
            if self._is_allowed(action, consignment_type):
                continue
            groups = self._get_action_groups().get(action, {}).get(consignment_type, ())
            names = [
                group.full_name
                for group in (self.env.ref(xmlid, raise_if_not_found=False) for xmlid in groups)
                if group
            ]
            type_label = dict(
                self.env["consignment.agreement"]
                ._fields["consignment_type"]
                ._description_selection(self.env)
            )[consignment_type]
            raise AccessError(
                self.env._(
                    "%(action)s (%(type)s) needs one of these rights: %(groups)s. "
                    "Ask an administrator to give you one of them.",
                    action=self._get_action_labels().get(action, action),
                    type=type_label,
                    groups=", ".join(names) or self.env._("none"),
                )
            )
