"""Scanning into a consignment fill-up over XML-RPC and JSON-RPC: warehouse staff scan,
users without stock rights are refused and ordinary transfers take no scans."""

import uuid

import pytest

from .test_rpc_integrity import PROTOCOLS, As, _agreement_product, _new_agreement, _read

PICKING, SCAN = "stock.picking", "consignment.scan"
STOCK_USER = "stock.group_stock_user"


def _fillup_with_barcode(rpc):
    agreement_id = _new_agreement(rpc, "customer")
    agreement = _read(rpc, "consignment.agreement", agreement_id, "partner_id")
    product_id = _agreement_product(rpc, agreement_id)
    barcode = f"SCAN-{uuid.uuid4().hex[:10]}"
    rpc.execute("product.product", "write", [product_id], {"barcode": barcode})
    order_id = rpc.execute(
        "sale.order",
        "create",
        {
            "partner_id": agreement["partner_id"][0],
            "order_line": [(0, 0, {"product_id": product_id, "product_uom_qty": 2})],
        },
    )
    rpc.execute("sale.order", "action_confirm", [order_id])
    picking_ids = _read(rpc, "sale.order", order_id, "picking_ids")["picking_ids"]
    assert _read(rpc, PICKING, picking_ids[0], "is_consignment_fillup")["is_consignment_fillup"]
    return picking_ids[0], barcode


def _scans(rpc, picking_id):
    return rpc.execute(SCAN, "search_read", [("picking_id", "=", picking_id)], fields=["result"])


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_user_without_stock_rights_refused(rpc, rpc_user, protocol):
    employee = As(rpc_user("base.group_user"), protocol)
    picking_id, barcode = _fillup_with_barcode(rpc)
    employee.refused("AccessError", PICKING, "action_scan", [picking_id], barcode)
    assert not _scans(rpc, picking_id)


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_stock_user_scans_into_a_fill_up(rpc, rpc_user, protocol):
    user = As(rpc_user(STOCK_USER), protocol)
    picking_id, barcode = _fillup_with_barcode(rpc)
    first = user(PICKING, "action_scan", [picking_id], barcode)
    second = user(PICKING, "action_scan", [picking_id], barcode)
    assert (first["result"], second["result"]) == ("ok", "ok"), (first, second)
    line = _read(rpc, "stock.move.line", second["line_id"], "quantity", "picked")
    assert (line["quantity"], line["picked"]) == (2.0, True), line
    assert sorted(scan["result"] for scan in _scans(rpc, picking_id)) == ["ok", "ok"]


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_ordinary_transfer_takes_no_scan(rpc, rpc_user, protocol):
    user = As(rpc_user(STOCK_USER), protocol)
    _picking_id, barcode = _fillup_with_barcode(rpc)
    receipt_type = rpc.execute(
        "stock.picking.type", "search", [("code", "=", "incoming")], limit=1
    )[0]
    receipt_id = rpc.execute(PICKING, "create", {"picking_type_id": receipt_type})
    message = user.refused("UserError", PICKING, "action_scan", [receipt_id], barcode)
    assert "neither a consignment fill-up nor a pick-up" in message
    assert not _scans(rpc, receipt_id)
