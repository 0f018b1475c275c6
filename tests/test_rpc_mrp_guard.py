"""The consigned value of a stock move (consignment_mrp) seen from outside: it is left out of
Odoo's stock entry and carried into the finished product's cost, so no caller sets it."""

import pytest

from .test_rpc_integrity import PROTOCOLS, STOCK_USER, As, _product, _tag

MOVE = "stock.move"


def _move_values(rpc, product_id):
    warehouse = rpc.execute("stock.warehouse", "search_read", [], fields=["lot_stock_id"], limit=1)[
        0
    ]
    return {
        "product_id": product_id,
        "product_uom_qty": 2.0,
        "location_id": warehouse["lot_stock_id"][0],
        "location_dest_id": rpc.ref("stock.stock_location_customers"),
    }


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_consigned_value_is_not_writable(rpc, rpc_user, protocol):
    product_id = _product(rpc, f"Guarded Value {_tag()}")
    values = _move_values(rpc, product_id)
    move_id = rpc.execute(MOVE, "create", values)
    stock_user = As(rpc_user(STOCK_USER), protocol)
    for user in (stock_user, As(rpc, protocol)):
        message = user.refused(
            "AccessError", MOVE, "write", [move_id], {"consignment_value": 500.0}
        )
        assert "cannot be written by hand" in message
        user.refused("AccessError", MOVE, "create", {**values, "consignment_value": 500.0})
    moves = rpc.execute(
        MOVE, "search_read", [("product_id", "=", product_id)], fields=["consignment_value"]
    )
    assert moves == [{"id": move_id, "consignment_value": 0.0}]
    # Everything else on the move stays writable as before.
    stock_user(MOVE, "write", [move_id], {"product_uom_qty": 3.0})
    assert (
        rpc.execute(MOVE, "read", [move_id], fields=["product_uom_qty"])[0]["product_uom_qty"]
        == 3.0
    )
