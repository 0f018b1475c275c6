from odoo.tests import TransactionCase, tagged

from odoo.addons.consignment_stock.tests.test_field_help import FieldHelpChecks


@tagged("post_install", "-at_install")
class TestFieldHelp(FieldHelpChecks, TransactionCase):
    """Tooltips of the fields and empty-list help of the actions of this add-on."""

    module = "consignment_purchase"

    def test_fields_have_help(self):
        self._check_fields_have_help()

    def test_list_actions_have_empty_help(self):
        self._check_list_actions_have_empty_help()
