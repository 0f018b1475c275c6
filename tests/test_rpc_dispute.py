"""Disputes over XML-RPC and JSON-RPC: consignment users (and salespeople, on customer
agreements) open them, consignment managers settle them, users without consignment rights are refused, and the state is never written
directly."""

import pytest

from .test_rpc_integrity import AGREEMENT, PROTOCOLS, As, _new_agreement, _read

DISPUTE = "consignment.dispute"
CONSIGNMENT_USER = "consignment_stock.group_consignment_user"
MANAGER = "consignment_stock.group_consignment_manager"
SALESPERSON = "sales_team.group_sale_salesman"


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_user_without_consignment_rights_refused(rpc, rpc_user, protocol):
    employee = As(rpc_user("base.group_user"), protocol)
    agreement_id = _new_agreement(rpc, "vendor")
    employee.refused(
        "AccessError", DISPUTE, "create", {"agreement_id": agreement_id, "subject": "x"}
    )
    dispute_id = rpc.execute(DISPUTE, "create", {"agreement_id": agreement_id, "subject": "Ours"})
    employee.refused("AccessError", DISPUTE, "read", [dispute_id], fields=["subject"])
    employee.refused("AccessError", DISPUTE, "action_resolve", [dispute_id], "Done")
    assert _read(rpc, DISPUTE, dispute_id, "state")["state"] == "open"


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_user_opens_manager_resolves(rpc, rpc_user, protocol):
    user = As(rpc_user(CONSIGNMENT_USER), protocol)
    manager = As(rpc_user(MANAGER), protocol)
    agreement_id = _new_agreement(rpc, "customer")
    dispute_id = user(DISPUTE, "create", {"agreement_id": agreement_id, "subject": "Count"})
    user.refused("UserError", DISPUTE, "write", [dispute_id], {"state": "resolved"})
    user.refused("UserError", DISPUTE, "create", {"agreement_id": agreement_id, "subject": " "})
    message = user.refused("AccessError", DISPUTE, "action_resolve", [dispute_id], "Agreed")
    assert "Manager" in message, message
    manager.refused("UserError", DISPUTE, "action_resolve", [dispute_id])
    manager(DISPUTE, "action_resolve", [dispute_id], "Customer agreed")
    dispute = _read(rpc, DISPUTE, dispute_id, "state", "resolution", "resolved_date")
    assert dispute["state"] == "resolved" and dispute["resolution"] == "Customer agreed"
    assert dispute["resolved_date"]
    user.refused("UserError", DISPUTE, "write", [dispute_id], {"subject": "Changed"})
    assert _read(rpc, AGREEMENT, agreement_id, "state")["state"] == "active"


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_salesperson_opens_customer_disputes_only(rpc, rpc_user, protocol):
    salesperson = As(rpc_user(SALESPERSON), protocol)
    customer_id = _new_agreement(rpc, "customer")
    vendor_id = _new_agreement(rpc, "vendor")
    dispute_id = salesperson(
        DISPUTE, "create", {"agreement_id": customer_id, "subject": "Customer sold 2, not 3"}
    )
    salesperson(DISPUTE, "write", [dispute_id], {"description": "Called on Monday"})
    dispute = salesperson(
        DISPUTE, "read", [dispute_id], fields=["subject", "description", "state"]
    )[0]
    assert (dispute["subject"], dispute["description"], dispute["state"]) == (
        "Customer sold 2, not 3",
        "Called on Monday",
        "open",
    )
    message = salesperson.refused(
        "AccessError", DISPUTE, "create", {"agreement_id": vendor_id, "subject": "Not mine"}
    )
    assert "Vendor" in message, message
    assert not rpc.execute(DISPUTE, "search", [("agreement_id", "=", vendor_id)])
    vendor_dispute_id = rpc.execute(
        DISPUTE, "create", {"agreement_id": vendor_id, "subject": "Bill differs"}
    )
    salesperson.refused(
        "AccessError", DISPUTE, "write", [vendor_dispute_id], {"description": "Mine now"}
    )
    message = salesperson.refused("AccessError", DISPUTE, "action_resolve", [dispute_id], "Ok")
    assert "Manager" in message, message
    assert _read(rpc, DISPUTE, dispute_id, "state")["state"] == "open"
    assert not _read(rpc, DISPUTE, vendor_dispute_id, "description")["description"]
