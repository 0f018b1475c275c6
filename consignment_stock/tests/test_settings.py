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

    def _visible_menus(self, user):
        """The menus the web client shows the user (those under a visible parent)."""
        self.env.registry.clear_cache()
        return set(self.env["ir.ui.menu"].with_user(user).load_menus(debug=False))

    def test_menus_only_while_consignment_is_on(self):
        """Installing switches the feature on; switched off in Settings, its menus go."""
        user = new_test_user(
            self.env,
            login="consignment_menu_stock_user",
            groups="stock.group_stock_user,sales_team.group_sale_salesman",
        )
        menus = [
            self.env.ref("consignment_stock.menu_consignment_root"),
            self.env.ref("consignment_stock.menu_consignment_agreement"),
        ]
        self.assertTrue(user.has_group("consignment_stock.group_consignment_enabled"))
        for menu in menus:
            self.assertIn(menu.id, self._visible_menus(user))

        self.env["res.config.settings"].create({"group_consignment_enabled": False}).execute()
        self.assertFalse(user.has_group("consignment_stock.group_consignment_enabled"))
        for menu in menus:
            self.assertNotIn(menu.id, self._visible_menus(user))
        # Stock users keep their other rights and menus.
        self.assertIn(self.env.ref("stock.menu_stock_root").id, self._visible_menus(user))
        self.assertTrue(user.has_group("consignment_stock.group_consignment_user"))
