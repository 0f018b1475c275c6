"""Scanning on a consumption report over XML-RPC and JSON-RPC: salespeople scan what the
customer sold and read the log; users who may not edit reports are refused."""

import uuid

import pytest

from .test_rpc_integrity import PROTOCOLS, As, _agreement_product, _new_agreement, _read

REPORT, SCAN = "consignment.report", "consignment.scan"
SALESPERSON = "sales_team.group_sale_salesman"


def _report_with_barcode(rpc):
    agreement_id = _new_agreement(rpc, "customer")
    barcode = f"SCAN-{uuid.uuid4().hex[:10]}"
    rpc.execute(
        "product.product", "write", [_agreement_product(rpc, agreement_id)], {"barcode": barcode}
    )
    return rpc.execute(REPORT, "create", {"agreement_id": agreement_id}), barcode


def _scans(rpc, report_id):
    domain = [("res_model", "=", REPORT), ("res_id", "=", report_id)]
    return rpc.execute(SCAN, "search_read", domain, fields=["barcode", "result"], order="id")


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_salesperson_scans_and_reads_the_log(rpc, rpc_user, protocol):
    user = As(rpc_user(SALESPERSON), protocol)
    report_id, barcode = _report_with_barcode(rpc)
    first = user(REPORT, "action_scan", [report_id], barcode)
    second = user(REPORT, "action_scan", [report_id], barcode, quantity=2)
    assert (first["result"], second["result"]) == ("ok", "ok"), (first, second)
    assert second["counted_qty"] == 3.0, second
    refused = user(REPORT, "action_scan", [report_id], "NO-SUCH-CODE")
    assert (refused["result"], refused["sound"]) == ("error", "error"), refused
    line = _read(rpc, "consignment.report.line", second["line_id"], "quantity")
    assert line["quantity"] == 3.0
    domain = [("res_model", "=", REPORT), ("res_id", "=", report_id)]
    scans = user(SCAN, "search_read", domain, fields=["result", "report_line_id"])
    assert sorted(scan["result"] for scan in scans) == ["error", "ok", "ok"]
    assert _read(rpc, REPORT, report_id, "scan_count")["scan_count"] == 3


@pytest.mark.parametrize("protocol", PROTOCOLS)
@pytest.mark.parametrize("groups", [("base.group_user",), ("account.group_account_invoice",)])
def test_users_who_may_not_edit_reports_refused(rpc, rpc_user, protocol, groups):
    user = As(rpc_user(*groups), protocol)
    report_id, barcode = _report_with_barcode(rpc)
    user.refused("AccessError", REPORT, "action_scan", [report_id], barcode)
    assert not _scans(rpc, report_id)
    assert not _read(rpc, REPORT, report_id, "line_ids")["line_ids"]
