"""Installs and uninstalls add-ons in one database, the way a user does from Apps.

Run as a separate process (module operations are not allowed inside Odoo tests):

    python3 tests/odoo_scenario.py STEPS_JSON -- <odoo options, e.g. -c rc -d db>

STEPS_JSON is a list of [action, module] pairs, action being "install" or "uninstall".
After each step it prints one line ``STATE <json>`` with the state of the consignment
modules, the number of their ir.model.data records and of their models.
"""

import json
import sys

import odoo
import odoo.api
import odoo.modules.registry
from odoo.tools import config

OUR_MODULES = ("consignment_stock", "consignment_purchase", "consignment_sale")


def snapshot(env):
    modules = env["ir.module.module"].search([("name", "in", OUR_MODULES)])
    xmlids = env["ir.model.data"].search_count([("module", "in", OUR_MODULES)])
    models = env["ir.model"].search([("model", "=like", "consignment.%")]).mapped("model")
    return {
        "states": {module.name: module.state for module in modules},
        "xmlids": xmlids,
        "models": sorted(models),
    }


def run_step(db, action, name):
    registry = odoo.modules.registry.Registry(db)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.api.SUPERUSER_ID, {})
        module = env["ir.module.module"].search([("name", "=", name)])
        if not module:
            raise SystemExit(f"Module {name} is not in the add-ons path.")
        if action == "install":
            module.button_immediate_install()
        elif action == "uninstall":
            module.button_immediate_uninstall()
        else:
            raise SystemExit(f"Unknown action {action}.")
    registry = odoo.modules.registry.Registry(db)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.api.SUPERUSER_ID, {})
        state = snapshot(env)
    state["step"] = [action, name]
    print("STATE " + json.dumps(state), flush=True)


def main(argv):
    separator = argv.index("--")
    steps = json.loads(argv[0])
    config.parse_config(argv[separator + 1 :], setup_logging=True)
    db = config["db_name"]
    db = db[0] if isinstance(db, list) else db
    for action, name in steps:
        run_step(db, action, name)


if __name__ == "__main__":
    main(sys.argv[1:])
