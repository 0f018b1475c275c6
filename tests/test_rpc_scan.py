"""Scanning on a count over XML-RPC and JSON-RPC: warehouse staff scan and read the log,
users without consignment rights are refused, and nobody rewrites the log."""

import uuid

import pytest

from .test_rpc_integrity import PROTOCOLS, As, _agreement_product, _new_agreement, _read

COUNT, SCAN = "consignment.count", "consignment.scan"
STOCK_USER = "stock.group_stock_user"


def _count_with_barcode(rpc):
    agreement_id = _new_agreement(rpc, "vendor")
    barcode = f"SCAN-{uuid.uuid4().hex[:10]}"
    rpc.execute(
        "product.product", "write", [_agreement_product(rpc, agreement_id)], {"barcode": barcode}
    )
    return rpc.execute(COUNT, "create", {"agreement_id": agreement_id}), barcode


def _scans(rpc, count_id):
    domain = [("res_model", "=", COUNT), ("res_id", "=", count_id)]
    return rpc.execute(SCAN, "search_read", domain, fields=["barcode", "result"], order="id")


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_user_without_consignment_rights_refused(rpc, rpc_user, protocol):
    employee = As(rpc_user("base.group_user"), protocol)
    count_id, barcode = _count_with_barcode(rpc)
    employee.refused("AccessError", COUNT, "action_scan", [count_id], barcode)
    employee.refused("AccessError", SCAN, "search_read", [], fields=["barcode"])
    assert not _scans(rpc, count_id)


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_stock_user_scans_and_reads_the_log(rpc, rpc_user, protocol):
    user = As(rpc_user(STOCK_USER), protocol)
    count_id, barcode = _count_with_barcode(rpc)
    first = user(COUNT, "action_scan", [count_id], barcode)
    second = user(COUNT, "action_scan", [count_id], barcode, quantity=2)
    assert (first["result"], second["result"]) == ("ok", "ok"), (first, second)
    assert second["counted_qty"] == 3.0, second
    refused = user(COUNT, "action_scan", [count_id], "NO-SUCH-CODE")
    assert (refused["result"], refused["sound"]) == ("error", "error"), refused
    assert "Unknown code NO-SUCH-CODE" in refused["message"], refused
    line = _read(rpc, "consignment.count.line", second["line_id"], "counted_qty")
    assert line["counted_qty"] == 3.0
    scans = user(SCAN, "search_read", [("res_id", "=", count_id)], fields=["barcode", "result"])
    assert sorted(scan["result"] for scan in scans) == ["error", "ok", "ok"]
    scan_ids = [scan["id"] for scan in scans]
    user.refused("AccessError", SCAN, "write", scan_ids, {"result": "ok"})
    user.refused("AccessError", SCAN, "unlink", scan_ids)
    user.refused("AccessError", SCAN, "create", {"barcode": barcode})
