"""The integrity rules seen from outside: what an integrator or an attacker can send over
XML-RPC and JSON-RPC to a running server. Workflow states change only through the actions,
the actions check the caller's role, the consumption ledger is read-only, and bad input is
refused with a clear Odoo error that leaves the database as it was."""

import datetime
import math
import uuid
import xmlrpc.client

import pytest

from .conftest import expect_server_warning
from .test_rpc_billing import _create_customer_consignment, _create_vendor_consignment

PROTOCOLS = ("xmlrpc", "jsonrpc")
MANAGER = "consignment_stock.group_consignment_manager"
BUYER = "purchase.group_purchase_user"
SALESPERSON = "sales_team.group_sale_salesman"
STOCK_USER = "stock.group_stock_user"
ACCOUNTANT = "account.group_account_invoice"
AGREEMENT, LINE = "consignment.agreement", "consignment.agreement.line"
COUNT, COUNT_LINE = "consignment.count", "consignment.count.line"
REPORT, REPORT_LINE = "consignment.report", "consignment.report.line"
LEDGER, MOVE = "consignment.consumption", "account.move"

# What an Odoo error looks like over each protocol: XML-RPC fault codes (2: UserError and its
# subclasses, 4: AccessError), JSON-RPC exception names.
ODOO_ERRORS = {
    "AccessError": ({4}, {"odoo.exceptions.AccessError"}),
    "UserError": ({2}, {"odoo.exceptions.UserError", "odoo.exceptions.ValidationError"}),
    "ValidationError": ({2}, {"odoo.exceptions.ValidationError"}),
}
# A message showing one of these is a crash put into words, not an explanation. The last one
# is how Odoo words a row the database refused: the model let the bad value through, and
# the server logged the failed query as an error.
TECHNICAL = (
    "Traceback",
    'File "',
    "psycopg2",
    "KeyError",
    "TypeError",
    "ValueError",
    "AttributeError",
    "IndexError",
    "OverflowError",
    "odoo.exceptions",
    "The operation cannot be completed",
)
# Numbers no quantity or price may take. Both protocols carry inf and nan as Python writes
# them; JSON also carries integers of any size (XML-RPC's are 32-bit: the client refuses more).
BAD_NUMBERS = {
    "1e308": 1e308,
    "1e15": 1e15,
    "inf": math.inf,
    "-inf": -math.inf,
    "nan": math.nan,
    "text": "abc",
    "10**400": 10**400,
}


def number_cases(*extra):
    """(protocol, number) parameters: the bad numbers, and ``extra`` ones, each protocol can
    send."""
    numbers = {**BAD_NUMBERS, **{str(number): number for number in extra}}
    return [
        pytest.param(protocol, number, id=f"{protocol}-{label}")
        for protocol in PROTOCOLS
        for label, number in numbers.items()
        if protocol == "jsonrpc" or not isinstance(number, int) or abs(number) < 2**31
    ]


class As:
    """One user calling over one protocol."""

    def __init__(self, client, protocol):
        self.client, self.protocol = client, protocol

    def __call__(self, model, method, *args, **kwargs):
        run = self.client.execute if self.protocol == "xmlrpc" else self.client.execute_json
        return run(model, method, *args, **kwargs)

    def refused(self, kind, model, method, *args, **kwargs):
        """Calls ``model.method`` and returns the message of the Odoo error refusing it.
        Fails unless the call is refused with an error of ``kind`` and a readable message."""
        where = f"{model}.{method}{args!r:.200} over {self.protocol} as {self.client.login}"
        try:
            result = self(model, method, *args, **kwargs)
        except xmlrpc.client.Fault as fault:
            got, message = fault.faultCode, fault.faultString
            expected = ODOO_ERRORS[kind][0]
        except RuntimeError as error:
            data = error.args[0].get("data", {}) if isinstance(error.args[0], dict) else {}
            got, message = data.get("name"), data.get("message") or ""
            expected = ODOO_ERRORS[kind][1]
        else:
            pytest.fail(f"{where} was accepted (returned {result!r}); expected a {kind}.")
        brief = message if len(message) < 600 else f"{message[:200]} [...] {message[-300:]}"
        assert got in expected, f"{where}: expected a {kind}, got {got!r}:\n{brief}"
        assert message.strip(), f"{where}: the {kind} has no message."
        shown = [word for word in TECHNICAL if word in message]
        assert not shown, f"{where}: the message shows {shown}:\n{message}"
        expect_server_warning(message)
        return message


def _tag():
    return uuid.uuid4().hex[:8]


def _partner(rpc, name):
    return rpc.execute("res.partner", "create", {"name": name, "is_company": True})


def _product(rpc, name):
    values = {"name": name, "type": "consu", "is_storable": True}
    return rpc.execute("product.product", "create", values)


def _agreement(rpc, partner_id, product_id, consignment_type="vendor", activate=True):
    line = {"product_id": product_id, "price_unit": 10.0}
    agreement_id = rpc.execute(
        AGREEMENT,
        "create",
        {
            "partner_id": partner_id,
            "consignment_type": consignment_type,
            "date_start": "2020-01-01",
            "line_ids": [(0, 0, line)],
        },
    )
    if activate:
        rpc.execute(AGREEMENT, "action_activate", [agreement_id])
    return agreement_id


def _new_agreement(rpc, consignment_type="vendor", activate=True):
    tag = _tag()
    partner_id = _partner(rpc, f"Integrity Partner {tag}")
    product_id = _product(rpc, f"Integrity Product {tag}")
    return _agreement(rpc, partner_id, product_id, consignment_type, activate)


def _read(rpc, model, record_id, *field_names):
    return rpc.execute(model, "read", [record_id], fields=list(field_names))[0]


def _agreement_product(rpc, agreement_id):
    domain = [("agreement_id", "=", agreement_id)]
    lines = rpc.execute(LINE, "search_read", domain, fields=["product_id"], limit=1)
    return lines[0]["product_id"][0]


def _on_hand(rpc, product_id, location_id):
    domain = [("product_id", "=", product_id), ("location_id", "child_of", location_id)]
    quants = rpc.execute("stock.quant", "search_read", domain, fields=["quantity"])
    return sum(quant["quantity"] for quant in quants)


def _ledger(rpc, agreement_ids):
    return rpc.execute(
        LEDGER,
        "search_read",
        [("agreement_id", "in", agreement_ids)],
        fields=["state", "quantity", "date", "partner_id", "invoice_line_id", "amount"],
        order="id",
    )


def _documents(rpc, agreement_ids):
    return rpc.execute(MOVE, "search", [("consignment_agreement_id", "in", agreement_ids)])


def _today():
    return datetime.date.today().isoformat()


# --- 1. Workflow states are written by the actions only ---------------------------------------


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_agreement_state_is_not_writable(rpc, rpc_user, protocol):
    manager = As(rpc_user(MANAGER), protocol)
    draft_id = _new_agreement(rpc, activate=False)
    active_id = _new_agreement(rpc)
    for user in (As(rpc, protocol), manager):
        for state in ("active", "closed"):
            message = user.refused("UserError", AGREEMENT, "write", [draft_id], {"state": state})
            assert "buttons" in message
        vals = {"state": "draft", "note": "reset by hand"}
        user.refused("UserError", AGREEMENT, "write", [active_id], vals)
        # The actions' helpers write as superuser once the action checked the caller.
        user.refused("AccessError", AGREEMENT, "_activate", [draft_id])
        user.refused("AccessError", AGREEMENT, "_write_workflow", [draft_id], {"state": "active"})
    assert _read(rpc, AGREEMENT, draft_id, "state")["state"] == "draft"
    active = _read(rpc, AGREEMENT, active_id, "state", "note")
    assert (active["state"], active["note"]) == ("active", False)

    # Born active: the activation's checks (products, location, one active agreement) skipped.
    partner_id = _partner(rpc, f"Integrity Born Active {_tag()}")
    line = {"product_id": _product(rpc, f"Integrity Born Active {_tag()}"), "price_unit": 5.0}
    vals = {"partner_id": partner_id, "state": "active", "line_ids": [(0, 0, line)]}
    manager.refused("UserError", AGREEMENT, "create", vals)
    assert not rpc.execute(AGREEMENT, "search", [("partner_id", "=", partner_id)])


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_count_state_is_not_writable(rpc, rpc_user, protocol):
    manager = As(rpc_user(MANAGER), protocol)
    agreement_id = _new_agreement(rpc)
    count_id = rpc.execute(COUNT, "create", {"agreement_id": agreement_id})
    for user in (As(rpc, protocol), manager):
        for vals in (
            {"state": "validated"},
            {"state": "cancel"},
            {"validated_by_id": user.client.uid},
            {"submitted_by_partner": True},
        ):
            user.refused("UserError", COUNT, "write", [count_id], vals)
        # Submitted in the customer's name: what only the portal, once it checked, records.
        partner_id = _read(rpc, AGREEMENT, agreement_id, "partner_id")["partner_id"][0]
        user.refused("AccessError", COUNT, "action_submit", [count_id], partner_id)
    fields = ("state", "validated_by_id", "submitted_by_partner")
    count = _read(rpc, COUNT, count_id, *fields)
    assert tuple(count[name] for name in fields) == ("draft", False, False)
    vals = {"agreement_id": agreement_id, "date": "2021-01-01", "state": "validated"}
    manager.refused("UserError", COUNT, "create", vals)
    assert rpc.execute(COUNT, "search", [("agreement_id", "=", agreement_id)]) == [count_id]
    assert not rpc.execute("stock.move", "search", [("consignment_count_id", "=", count_id)])


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_report_state_is_not_writable(rpc, rpc_user, protocol):
    agreement_id = _new_agreement(rpc, "customer")
    line = {"product_id": _agreement_product(rpc, agreement_id), "quantity": 1}
    vals = {"agreement_id": agreement_id, "report_type": "sold", "line_ids": [(0, 0, line)]}
    report_id = rpc.execute(REPORT, "create", vals)
    for user in (As(rpc, protocol), As(rpc_user(SALESPERSON), protocol)):
        for vals in ({"state": "validated"}, {"state": "submitted"}, {"validated_by_id": 1}):
            user.refused("UserError", REPORT, "write", [report_id], vals)
    report = _read(rpc, REPORT, report_id, "state", "picking_id")
    assert (report["state"], report["picking_id"]) == ("draft", False)
    assert not _ledger(rpc, [agreement_id])


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_portal_user_runs_no_back_office_action(rpc, rpc_user, protocol):
    agreement_id = _new_agreement(rpc, "customer")
    customer_id = _read(rpc, AGREEMENT, agreement_id, "partner_id")["partner_id"][0]
    line = {"product_id": _agreement_product(rpc, agreement_id), "quantity": 1}
    vals = {"agreement_id": agreement_id, "line_ids": [(0, 0, line)]}
    report_id = rpc.execute(REPORT, "create", vals)
    portal = As(rpc_user("base.group_portal"), protocol)
    contact_id = _read(rpc, "res.users", portal.client.uid, "partner_id")["partner_id"][0]
    rpc.execute("res.partner", "write", [contact_id], {"parent_id": customer_id})
    for model, method, args in (
        (REPORT, "write", ([report_id], {"note": "Sold 1000"})),
        (REPORT, "action_validate", ([report_id],)),
        (REPORT, "action_submit", ([report_id], contact_id)),
        (AGREEMENT, "action_terminate", ([agreement_id],)),
        (AGREEMENT, "action_create_invoices", ([agreement_id], _today())),
        (AGREEMENT, "action_pickup", ([agreement_id],)),
        (LEDGER, "create", ({"agreement_id": agreement_id, "quantity": 1},)),
    ):
        portal.refused("AccessError", model, method, *args)
    report = _read(rpc, REPORT, report_id, "state", "submitted_by_partner", "note")
    assert (report["state"], report["submitted_by_partner"], report["note"]) == (
        "draft",
        False,
        False,
    )
    assert _read(rpc, AGREEMENT, agreement_id, "state")["state"] == "active"
    assert not _ledger(rpc, [agreement_id]) and not _documents(rpc, [agreement_id])


# --- 2. The consumption ledger is read-only for every user -----------------------------------


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_ledger_is_read_only(rpc, rpc_user, protocol):
    agreement_id, _order_id = _create_vendor_consignment(rpc, _tag())
    before = _ledger(rpc, [agreement_id])
    record_id = before[0]["id"]
    any_line = rpc.execute("account.move.line", "search", [], limit=1) or [1]
    writes = (
        {"state": "invoiced"},
        {"state": "cancelled"},
        {"invoice_line_id": any_line[0]},
        {"quantity": 0.5},
        {"date": "2020-01-01 00:00:00"},
        {"partner_id": _partner(rpc, f"Integrity Other {_tag()}")},
    )
    relations = ("agreement_id", "partner_id", "company_id", "product_id", "currency_id")
    record = _read(rpc, LEDGER, record_id, "consignment_type", *relations)
    forged = {name: record[name][0] for name in relations}
    forged.update(
        consignment_type=record["consignment_type"],
        quantity=100.0,
        date="2020-01-01 00:00:00",
        price_unit=1.0,
    )
    for user in (As(rpc, protocol), As(rpc_user(MANAGER), protocol)):
        for vals in writes:
            user.refused("AccessError", LEDGER, "write", [record_id], vals)
        user.refused("AccessError", LEDGER, "create", forged)
        user.refused("AccessError", LEDGER, "unlink", [record_id])
    assert _ledger(rpc, [agreement_id]) == before


# --- 3. A validated count posts once ---------------------------------------------------------


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_validated_count_is_final(rpc, rpc_user, protocol):
    agreement_id, _order_id = _create_vendor_consignment(rpc, _tag())
    location_id = _read(rpc, AGREEMENT, agreement_id, "location_id")["location_id"][0]
    product_id = _agreement_product(rpc, agreement_id)
    assert _on_hand(rpc, product_id, location_id) == 12.0
    count_id = rpc.execute(COUNT, "create", {"agreement_id": agreement_id})
    line_ids = _read(rpc, COUNT, count_id, "line_ids")["line_ids"]
    assert len(line_ids) == 1
    vals = {"counted_qty": 10.0, "is_counted": True, "reason": "damage"}
    rpc.execute(COUNT_LINE, "write", line_ids, vals)
    rpc.execute(COUNT, "action_validate", [count_id])
    moves = rpc.execute("stock.move", "search", [("consignment_count_id", "=", count_id)])
    assert len(moves) == 1
    assert _on_hand(rpc, product_id, location_id) == 10.0
    ledger = _ledger(rpc, [agreement_id])

    for user in (As(rpc, protocol), As(rpc_user(MANAGER), protocol)):
        for state in ("draft", "submitted"):
            user.refused("UserError", COUNT, "write", [count_id], {"state": state})
        for method in ("action_validate", "action_cancel", "action_recount"):
            user.refused("UserError", COUNT, method, [count_id])
        user.refused("UserError", COUNT_LINE, "write", line_ids, {"counted_qty": 2.0})
        user.refused("UserError", COUNT, "unlink", [count_id])
    assert _read(rpc, COUNT, count_id, "state")["state"] == "validated"
    assert rpc.execute("stock.move", "search", [("consignment_count_id", "=", count_id)]) == moves
    assert _on_hand(rpc, product_id, location_id) == 10.0
    assert _read(rpc, COUNT_LINE, line_ids[0], "counted_qty")["counted_qty"] == 10.0
    assert _ledger(rpc, [agreement_id]) == ledger


# --- 4. Every action checks the caller's role ------------------------------------------------


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_salesperson_cannot_end_or_reset_customer_agreement(rpc, rpc_user, protocol):
    salesperson = As(rpc_user(SALESPERSON), protocol)
    agreement_id = _new_agreement(rpc, "customer")
    for method in ("action_terminate", "action_close", "action_draft"):
        message = salesperson.refused("AccessError", AGREEMENT, method, [agreement_id])
        assert "Consignment" in message and "Manager" in message, message
    agreement = _read(rpc, AGREEMENT, agreement_id, "state", "date_end")
    assert (agreement["state"], agreement["date_end"]) == ("active", False)


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_only_accountants_and_consignment_managers_bill_by_hand(rpc, rpc_user, protocol):
    tag = _tag()
    vendor_id, _order_id = _create_vendor_consignment(rpc, f"{tag}-v")
    customer_id = _create_customer_consignment(rpc, f"{tag}-c")
    agreement_ids = [vendor_id, customer_id]
    ledger = _ledger(rpc, agreement_ids)
    assert {record["state"] for record in ledger} == {"to_invoice"}
    moves_before = rpc.execute(MOVE, "search_count", [])
    for group in (BUYER, SALESPERSON, STOCK_USER):
        user = As(rpc_user(group), protocol)
        # No ids: every running agreement the user can see.
        for ids in ([vendor_id], [customer_id], agreement_ids, []):
            user.refused("AccessError", AGREEMENT, "action_create_invoices", ids, _today())
    assert not _documents(rpc, agreement_ids)
    assert rpc.execute(MOVE, "search_count", []) == moves_before
    assert _ledger(rpc, agreement_ids) == ledger
    # Accounts payable and receivable settle consumption from Invoicing.
    accountant = As(rpc_user(ACCOUNTANT), protocol)
    move_ids = accountant(AGREEMENT, "action_create_invoices", agreement_ids, _today())
    assert len(move_ids) == 2
    assert {record["state"] for record in _ledger(rpc, agreement_ids)} == {"invoiced"}


# --- 5. Bad dates are refused in words -------------------------------------------------------

NOT_DAYS = (
    "not a date",
    12345,
    12.5,
    True,
    "None",
    "null",
    "2026-02-30",
    "31/12/2026",
    [2026, 1, 1],
    {"day": "2026-01-01"},
)


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_billing_period_end_must_be_a_past_day(rpc, rpc_user, protocol):
    manager = As(rpc_user(MANAGER), protocol)
    agreement_id, _order_id = _create_vendor_consignment(rpc, _tag())
    ledger = _ledger(rpc, [agreement_id])
    bill = (AGREEMENT, "action_create_invoices", [agreement_id])
    assert "after today" in manager.refused("UserError", *bill, "2099-12-31")
    for value in NOT_DAYS:
        message = manager.refused("UserError", *bill, value)
        assert "YYYY-MM-DD" in message, (value, message)
    assert not _documents(rpc, [agreement_id])
    assert _ledger(rpc, [agreement_id]) == ledger


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_statement_needs_days(rpc, rpc_user, protocol):
    manager = As(rpc_user(MANAGER), protocol)
    statement = (AGREEMENT, "get_statement", [_new_agreement(rpc)])
    for value in NOT_DAYS:
        for period in ((value, "2026-01-31"), ("2026-01-01", value)):
            message = manager.refused("UserError", *statement, *period)
            assert "YYYY-MM-DD" in message, (period, message)
    manager.refused("UserError", *statement, "2026-02-01", "2026-01-01")
    # With days the same call answers: the refusals above are about the values only.
    assert isinstance(manager(*statement, "2020-01-01", _today()), list)


# --- 6. Numbers an integrator can send --------------------------------------------------------


@pytest.mark.parametrize(("protocol", "price"), number_cases(-1.0, 0.0))
def test_agreement_price_must_be_a_sensible_number(rpc, rpc_user, protocol, price):
    agreement_id = _new_agreement(rpc, activate=False)
    line_id = _read(rpc, AGREEMENT, agreement_id, "line_ids")["line_ids"][0]
    new_line = [(0, 0, {"product_id": _product(rpc, f"Price {_tag()}"), "price_unit": price})]
    partner_id = _partner(rpc, f"Integrity Price {_tag()}")
    for user in (As(rpc, protocol), As(rpc_user(BUYER), protocol)):
        user.refused("ValidationError", LINE, "write", [line_id], {"price_unit": price})
        vals = {"line_ids": new_line}
        user.refused("ValidationError", AGREEMENT, "write", [agreement_id], vals)
        vals = {"partner_id": partner_id, "line_ids": new_line}
        user.refused("ValidationError", AGREEMENT, "create", vals)
    domain = [("agreement_id", "=", agreement_id)]
    lines = rpc.execute(LINE, "search_read", domain, fields=["price_unit"])
    assert [(line["id"], line["price_unit"]) for line in lines] == [(line_id, 10.0)]
    assert not rpc.execute(AGREEMENT, "search", [("partner_id", "=", partner_id)])


@pytest.mark.parametrize(("protocol", "quantity"), number_cases(-1.0))
def test_counted_quantity_must_be_a_sensible_number(rpc, rpc_user, protocol, quantity):
    agreement_id = _new_agreement(rpc)
    count_id = rpc.execute(COUNT, "create", {"agreement_id": agreement_id})
    product_id = _agreement_product(rpc, agreement_id)
    new_line = {"count_id": count_id, "product_id": product_id, "is_counted": True}
    line_id = rpc.execute(COUNT_LINE, "create", {**new_line, "counted_qty": 1.0})
    manager = As(rpc_user(MANAGER), protocol)
    vals = {"counted_qty": quantity}
    manager.refused("ValidationError", COUNT_LINE, "write", [line_id], vals)
    manager.refused("ValidationError", COUNT_LINE, "create", {**new_line, **vals})
    assert _read(rpc, COUNT, count_id, "line_ids")["line_ids"] == [line_id]
    assert _read(rpc, COUNT_LINE, line_id, "counted_qty")["counted_qty"] == 1.0


@pytest.mark.parametrize(("protocol", "quantity"), number_cases())
def test_reported_quantity_must_be_a_sensible_number(rpc, rpc_user, protocol, quantity):
    agreement_id = _new_agreement(rpc, "customer")
    line = {"product_id": _agreement_product(rpc, agreement_id), "quantity": 1.0}
    vals = {"agreement_id": agreement_id, "line_ids": [(0, 0, line)]}
    line_ids = _read(rpc, REPORT, rpc.execute(REPORT, "create", vals), "line_ids")["line_ids"]
    salesperson = As(rpc_user(SALESPERSON), protocol)
    for field in ("quantity", "remaining_qty"):
        salesperson.refused("ValidationError", REPORT_LINE, "write", line_ids, {field: quantity})
    line = _read(rpc, REPORT_LINE, line_ids[0], "quantity", "remaining_qty")
    assert (line["quantity"], line["remaining_qty"]) == (1.0, 0.0)


# --- 7. The purchase side --------------------------------------------------------------------


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_purchase_order_uses_its_own_vendors_agreement(rpc, rpc_user, protocol):
    buyer = As(rpc_user(BUYER), protocol)
    tag = _tag()
    product_id = _product(rpc, f"Integrity Shared {tag}")
    vendor_a = _partner(rpc, f"Integrity Vendor A {tag}")
    vendor_b = _partner(rpc, f"Integrity Vendor B {tag}")
    agreement_a = _agreement(rpc, vendor_a, product_id)
    wrong_ones = (
        _agreement(rpc, vendor_b, product_id),
        _agreement(rpc, vendor_b, product_id, "customer"),
    )
    line = (0, 0, {"product_id": product_id, "product_qty": 5})
    for wrong in wrong_ones:
        vals = {"partner_id": vendor_a, "consignment_agreement_id": wrong, "order_line": [line]}
        buyer.refused("ValidationError", "purchase.order", "create", vals)
    assert not rpc.execute("purchase.order", "search", [("partner_id", "=", vendor_a)])
    order_id = buyer("purchase.order", "create", {"partner_id": vendor_a, "order_line": [line]})
    for wrong in wrong_ones:
        vals = {"consignment_agreement_id": wrong}
        buyer.refused("ValidationError", "purchase.order", "write", [order_id], vals)
    order = _read(rpc, "purchase.order", order_id, "consignment_agreement_id", "is_consignment")
    assert order["consignment_agreement_id"][0] == agreement_a and order["is_consignment"]


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_bill_acceptance_is_not_writable(rpc, rpc_user, protocol):
    agreement_id, _order_id = _create_vendor_consignment(rpc, _tag())
    bill_ids = rpc.execute(AGREEMENT, "action_create_invoices", [agreement_id], _today())
    assert len(bill_ids) == 1
    vendor_id = _partner(rpc, f"Integrity Plain Vendor {_tag()}")
    line = {"name": "Repair", "quantity": 1, "price_unit": 20.0}
    vals = {"move_type": "in_invoice", "partner_id": vendor_id, "invoice_line_ids": [(0, 0, line)]}
    plain_bill = rpc.execute(MOVE, "create", vals)
    attacks = (
        {"consignment_accepted_signature": "0" * 40},
        {"consignment_accepted_reason": "fine", "consignment_accepted_by_id": rpc.uid},
        {"consignment_agreement_id": False},
    )
    users = (rpc, rpc_user(ACCOUNTANT), rpc_user(MANAGER, ACCOUNTANT))
    for user in (As(client, protocol) for client in users):
        for vals in attacks:
            user.refused("UserError", MOVE, "write", bill_ids, vals)
        vals = {"consignment_agreement_id": agreement_id}
        user.refused("UserError", MOVE, "write", [plain_bill], vals)
    fields = ("consignment_accepted_signature", "consignment_accepted_by_id")
    bill = _read(rpc, MOVE, bill_ids[0], "consignment_agreement_id", *fields)
    assert bill["consignment_agreement_id"][0] == agreement_id
    assert not any(bill[name] for name in fields)
    assert not _read(rpc, MOVE, plain_bill, "consignment_agreement_id")["consignment_agreement_id"]


# --- 8. Ordinary accounting is untouched -----------------------------------------------------


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_accountant_invoices_bills_and_registers_payments(rpc, rpc_user, protocol):
    accountant = As(rpc_user(ACCOUNTANT), protocol)
    tag = _tag()
    service = {"name": f"Integrity Service {tag}", "type": "service"}
    line = {"product_id": rpc.execute("product.product", "create", service), "quantity": 2}
    partner_id = _partner(rpc, f"Integrity Client {tag}")
    documents = []
    for move_type in ("out_invoice", "in_invoice"):
        vals = {
            "move_type": move_type,
            "partner_id": partner_id,
            "invoice_date": _today(),
            "invoice_line_ids": [(0, 0, {**line, "price_unit": 50.0})],
        }
        documents.append(accountant(MOVE, "create", vals))
        accountant(MOVE, "action_post", documents[-1:])
    context = {"active_model": MOVE, "active_ids": documents[:1]}
    wizard_id = accountant("account.payment.register", "create", {}, context=context)
    accountant("account.payment.register", "action_create_payments", [wizard_id])
    fields = ["state", "amount_untaxed", "payment_state", "consignment_agreement_id"]
    moves = rpc.execute(MOVE, "read", documents, fields=fields)
    assert [(move["state"], move["amount_untaxed"]) for move in moves] == [("posted", 100.0)] * 2
    assert moves[0]["payment_state"] in ("paid", "in_payment")
    assert not any(move["consignment_agreement_id"] for move in moves)
