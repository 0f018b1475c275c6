from odoo import api, models
from odoo.exceptions import UserError


class ConsignmentWorkflowMixin(models.AbstractModel):
    """Workflow fields that change only through the document's actions.

    ``create`` and ``write`` refuse the fields of ``_workflow_fields`` unless they come from
    code running as superuser: the actions check the caller's role first, then write them
    through ``_write_workflow``. A state written over RPC, by an import or by a crafted
    form can therefore never post a document twice or skip a check.
    """

    _name = "consignment.workflow.mixin"
    _description = "Consignment Workflow Fields"

    _workflow_fields = ("state",)

    def _check_workflow_fields(self, fields_written):
        if self.env.su:
            return
        forbidden = set(self._workflow_fields) & set(fields_written)
        if forbidden:
            labels = ", ".join(
                sorted(self._fields[name]._description_string(self.env) for name in forbidden)
            )
            raise UserError(
                self.env._(
                    "%(fields)s of a %(model)s changes only through its buttons (for example "
                    "Activate, Submit, Validate or Cancel), not by writing it.",
                    fields=labels,
                    model=self.env["ir.model"].sudo()._get(self._name).name,
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            written = {
                name
                for name, value in vals.items()
                if name in self._workflow_fields and value != self._workflow_default(name)
            }
            self._check_workflow_fields(written)
        return super().create(vals_list)

    def write(self, vals):
        self._check_workflow_fields(vals)
        return super().write(vals)

    def _workflow_default(self, name):
        field = self._fields[name]
        default = field.default(self) if callable(field.default) else field.default
        return default if default is not None else False

    def _write_workflow(self, vals):
        """Write workflow fields from an action, once the action has checked the caller."""
        return self.sudo().write(vals)
