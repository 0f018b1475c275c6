"""The installed add-ons seen from outside: a real Odoo server, XML-RPC and JSON-RPC."""

OUR_MODULES = ["consignment_stock", "consignment_purchase", "consignment_sale"]


def test_server_is_odoo_19(rpc):
    info = rpc.common.version()
    assert info["server_serie"] == "19.0"
    assert info["server_version_info"][:2] == [19, 0]
    assert rpc.jsonrpc("common", "version")["server_serie"] == "19.0"


def test_addons_installed(rpc):
    modules = rpc.execute(
        "ir.module.module",
        "search_read",
        [("name", "in", OUR_MODULES)],
        fields=["name", "state", "latest_version"],
    )
    assert {module["name"]: module["state"] for module in modules} == dict.fromkeys(
        OUR_MODULES, "installed"
    )
    for module in modules:
        assert module["latest_version"].startswith("19.0."), module


def test_settings_switch_enables_owner_tracking(rpc):
    group_user = rpc.ref("base.group_user")
    tracking_owner = rpc.ref("stock.group_tracking_owner")
    settings_id = rpc.execute("res.config.settings", "create", {"group_consignment_enabled": True})
    rpc.execute("res.config.settings", "execute", [settings_id])

    implied = rpc.execute("res.groups", "read", [group_user], fields=["all_implied_ids"])
    assert tracking_owner in implied[0]["all_implied_ids"]
    # The same through JSON-RPC: the settings now show the switch as on.
    defaults = rpc.execute_json("res.config.settings", "default_get", ["group_consignment_enabled"])
    assert defaults["group_consignment_enabled"] is True
    admin = rpc.execute("res.users", "read", [rpc.uid], fields=["all_group_ids"])
    assert tracking_owner in admin[0]["all_group_ids"]
