from odoo.tests import TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestConsignmentSettings(TransactionCase):
    def test_enabling_consignment_enables_owner_tracking(self):
        group_user = self.env.ref("base.group_user")
        tracking_owner = self.env.ref("stock.group_tracking_owner")

        settings = self.env["res.config.settings"].create({"group_consignment_enabled": True})
        settings.execute()

        self.assertIn(tracking_owner, group_user.all_implied_ids)
        self.assertIn(
            self.env.ref("consignment_stock.group_consignment_enabled"), group_user.implied_ids
        )
        user = new_test_user(self.env, login="consignment_settings_user", groups="base.group_user")
        self.assertTrue(user.has_group("stock.group_tracking_owner"))
