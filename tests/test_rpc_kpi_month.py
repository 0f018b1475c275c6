"""The stored key figures over XML-RPC and JSON-RPC: only the refresh writes them. Consignment
managers run it with Refresh Key Figures, consignment users are refused; nobody writes,
creates or deletes the monthly figures or the agreement's 12-month columns directly."""

import pytest

from .test_rpc_integrity import AGREEMENT, MANAGER, PROTOCOLS, As, _new_agreement, _read

MONTH = "consignment.kpi.month"
CONSIGNMENT_USER = "consignment_stock.group_consignment_user"


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_only_the_refresh_writes_the_key_figures(rpc, rpc_user, protocol):
    user = As(rpc_user(CONSIGNMENT_USER), protocol)
    manager = As(rpc_user(MANAGER), protocol)
    agreement_id = _new_agreement(rpc)
    message = user.refused("AccessError", AGREEMENT, "action_refresh_kpis", [agreement_id])
    assert "Manager" in message, message
    assert not rpc.execute(MONTH, "search", [("agreement_id", "=", agreement_id)])
    assert manager(AGREEMENT, "action_refresh_kpis", [agreement_id]) is True
    # Active since 2020: the last 12 whole months and the current one.
    months = user(MONTH, "search_read", [("agreement_id", "=", agreement_id)], ["window_days"])
    assert len(months) == 13 and all(month["window_days"] for month in months), months
    assert _read(rpc, AGREEMENT, agreement_id, "kpi_refreshed_on")["kpi_refreshed_on"]
    month_id = months[0]["id"]
    for caller in (user, manager):
        caller.refused("AccessError", MONTH, "write", [month_id], {"consumed_value": 1.0})
        caller.refused("AccessError", MONTH, "create", {"agreement_id": agreement_id})
        caller.refused("AccessError", MONTH, "unlink", [month_id])
        caller.refused("AccessError", MONTH, "_refresh_kpi_months", [], [agreement_id], [])
    for caller in (manager, As(rpc, protocol)):
        caller.refused(
            "UserError", AGREEMENT, "write", [agreement_id], {"kpi_year_target_missed": True}
        )
    assert _read(rpc, MONTH, month_id, "consumed_value")["consumed_value"] == 0.0
    assert _read(rpc, AGREEMENT, agreement_id, "kpi_year_target_missed") == {
        "id": agreement_id,
        "kpi_year_target_missed": False,
    }


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_dashboard_recompute_needs_a_manager(rpc, rpc_user, protocol):
    """The dashboard reads the stored figures for every consignment user; recomputing them
    is the managers'."""
    user = As(rpc_user(CONSIGNMENT_USER), protocol)
    manager = As(rpc_user(MANAGER), protocol)
    agreement_id = _new_agreement(rpc)
    values = {"agreement_ids": [(6, 0, [agreement_id])]}
    dashboard_id = user("consignment.dashboard", "create", values)
    assert user("consignment.dashboard", "action_refresh", [dashboard_id]) is True
    lines = user(
        "consignment.dashboard.line",
        "search_read",
        [("dashboard_id", "=", dashboard_id)],
        ["agreement_id", "window_days"],
    )
    assert [line["agreement_id"][0] for line in lines] == [agreement_id], lines
    user.refused("AccessError", "consignment.dashboard", "action_recompute", [dashboard_id])
    manager_dashboard = manager("consignment.dashboard", "create", values)
    assert manager("consignment.dashboard", "action_recompute", [manager_dashboard]) is True
    for caller in (user, manager):
        caller.refused(
            "AccessError",
            "consignment.kpi.product.month",
            "create",
            {"agreement_id": agreement_id, "month": "2026-01-01"},
        )
