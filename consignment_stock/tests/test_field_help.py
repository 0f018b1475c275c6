"""Every field the consignment add-ons define explains itself in a tooltip, and every list
they open tells the user what to do first when it is empty."""

from odoo.tests import TransactionCase, tagged

# Fields that need no tooltip of their own.
MAGIC_FIELDS = {"id", "display_name", "create_uid", "create_date", "write_uid", "write_date"}
COMMON_FIELDS = {"company_id", "currency_id"}
MAIL_MODELS = ("mail.thread", "mail.activity.mixin")
# Links between a document and its own lines: the one2many to a model named after the
# document ("consignment.count" -> "consignment.count.line"), and the line's many2one back.
LINE_LINKS = {
    "line_ids",
    "count_id",
    "report_id",
    "statement_id",
    "wizard_id",
    "dashboard_id",
    "agreement_id",
}
EMPTY_LIST_HELP_CLASS = "o_view_nocontent_smiling_face"


class FieldHelpChecks:
    """The checks, for the add-on named by ``module``; each add-on's test class runs them."""

    module = None

    def _is_exempt(self, model, field):
        if field.name in MAGIC_FIELDS or field.name in COMMON_FIELDS:
            return True
        if any(field.name in self.env[mixin]._fields for mixin in MAIL_MODELS):
            return True
        if field.type == "integer" and field.compute and field.name.endswith("_count"):
            return True  # counter of a smart button
        if field.name in LINE_LINKS:
            if field.type == "one2many":
                return field.comodel_name.startswith(f"{model._name}.")
            if field.type == "many2one":
                return model._name.startswith(f"{field.comodel_name}.")
        return False

    def _own_fields(self):
        """(model, field) of the fields this add-on defines, on its own models and on
        others'. ``field._modules`` lists the modules defining the field in override order:
        the first one created it; fields of Odoo merely redefined by the add-on are not its
        own."""
        for model_name in sorted(self.env.registry):
            model = self.env[model_name]
            for field in model._fields.values():
                if not field.inherited and field._modules and field._modules[0] == self.module:
                    yield model, field

    def _check_fields_have_help(self):
        own_fields = list(self._own_fields())
        self.assertTrue(own_fields, f"No field found for {self.module}")
        missing = sorted(
            f"{model._name}.{field.name}"
            for model, field in own_fields
            if not field.help and not self._is_exempt(model, field)
        )
        self.assertFalse(
            missing,
            f"Fields of {self.module} without a help text: {', '.join(missing)}",
        )

    def _check_list_actions_have_empty_help(self):
        xmlids = self.env["ir.model.data"].search(
            [("module", "=", self.module), ("model", "=", "ir.actions.act_window")]
        )
        missing = []
        for xmlid in xmlids:
            action = self.env["ir.actions.act_window"].browse(xmlid.res_id)
            if action.target == "new":
                continue  # a dialog, not a list
            if EMPTY_LIST_HELP_CLASS not in (action.help or ""):
                missing.append(xmlid.complete_name)
        self.assertFalse(
            missing,
            f"Actions of {self.module} without a '{EMPTY_LIST_HELP_CLASS}' help for an empty "
            f"list: {', '.join(sorted(missing))}",
        )


@tagged("post_install", "-at_install")
class TestFieldHelp(FieldHelpChecks, TransactionCase):
    module = "consignment_stock"

    def test_fields_have_help(self):
        self._check_fields_have_help()

    def test_list_actions_have_empty_help(self):
        self._check_list_actions_have_empty_help()
