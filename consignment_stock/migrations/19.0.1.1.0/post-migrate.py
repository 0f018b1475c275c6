from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    """The warehouses hold their fill-up operation type and route: those made on first use
    by earlier versions are taken over, the missing ones made."""
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["stock.warehouse"]._create_missing_consignment_fill_up_records()
    # Earlier versions showed the consignment menus whatever the setting: keep them shown.
    env["res.config.settings"]._enable_consignment_on_install()
