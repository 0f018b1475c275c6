"""Terminating an agreement over XML-RPC and JSON-RPC: only the roles that may terminate
record a termination, through its wizard; the termination fields are not writable."""

import datetime

import pytest

from .test_rpc_integrity import AGREEMENT, PROTOCOLS, As, _new_agreement, _read

WIZARD = "consignment.termination.wizard"
CONSIGNMENT_USER = "consignment_stock.group_consignment_user"
MANAGER = "consignment_stock.group_consignment_manager"


def _wizard(client, agreement_id, kind="forced", date=None):
    values = {
        "agreement_ids": [(6, 0, [agreement_id])],
        "termination_kind": kind,
        "termination_reason": "Partner leaves",
    }
    if date:
        values["termination_date"] = date
    return client(WIZARD, "create", values)


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_consignment_user_cannot_terminate(rpc, rpc_user, protocol):
    user = As(rpc_user(CONSIGNMENT_USER, "stock.group_stock_user"), protocol)
    agreement_id = _new_agreement(rpc, "vendor")
    message = user.refused("AccessError", AGREEMENT, "action_terminate", [agreement_id])
    assert "Manager" in message, message
    wizard_id = _wizard(user, agreement_id)
    user.refused("AccessError", WIZARD, "action_confirm", [wizard_id])
    user.refused(
        "UserError", AGREEMENT, "write", [agreement_id], {"termination_date": "2030-01-01"}
    )
    agreement = _read(rpc, AGREEMENT, agreement_id, "state", "termination_date")
    assert (agreement["state"], agreement["termination_date"]) == ("active", False)


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_manager_terminates_with_notice_or_forced(rpc, rpc_user, protocol):
    manager = As(rpc_user(MANAGER, "stock.group_stock_user"), protocol)
    agreement_id = _new_agreement(rpc, "vendor")
    action = manager(AGREEMENT, "action_terminate", [agreement_id])
    assert action["res_model"] == WIZARD
    tomorrow = (datetime.date.today() + datetime.timedelta(days=1)).isoformat()
    wizard_id = _wizard(manager, agreement_id, kind="planned", date=tomorrow)
    message = manager.refused("UserError", WIZARD, "action_confirm", [wizard_id])
    assert "at the earliest" in message, message
    assert _read(rpc, AGREEMENT, agreement_id, "termination_date")["termination_date"] is False
    manager(WIZARD, "action_confirm", [_wizard(manager, agreement_id)])
    agreement = _read(rpc, AGREEMENT, agreement_id, "state", "termination_kind")
    assert (agreement["state"], agreement["termination_kind"]) == ("terminating", "forced")
