from . import controllers
from . import models
from . import wizards


def uninstall_hook(env):
    """Customers' sites left on Goods at Customers would, without this add-on, book their
    consumption against that account by Odoo's own rule: they go back to the stock's."""
    env["res.company"].search([])._consignment_release_goods_at_customers()
