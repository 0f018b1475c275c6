from . import models
from . import wizards
from . import report


def post_init_hook(env):
    """Warehouses that exist when the add-on is installed get their fill-up operation type
    and route; warehouses created later get theirs with their other operation types."""
    env["stock.warehouse"]._create_missing_consignment_fill_up_records()
