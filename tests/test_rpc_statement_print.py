"""The statement dialog's Print, as the web client runs it against the running server: the
report action carries the agreement and the period in its data, and the client fetches
/report/pdf/<report>?options=...&context=... without record ids, once the dialog is gone."""

import datetime
import json
import uuid
from urllib.parse import quote

from .test_rpc_billing import _create_customer_consignment
from .test_rpc_report_pdf import _download, _pdf_words, _serve_report_assets

ACCOUNTANT = "account.group_account_invoice"


def test_print_button_pdf_has_the_dialog_period(rpc, rpc_user, odoo_server):
    tag = uuid.uuid4().hex[:6]
    agreement_id = _create_customer_consignment(rpc, tag)
    agreement = rpc.execute("consignment.agreement", "read", [agreement_id], fields=["name"])[0]
    _serve_report_assets(rpc, odoo_server)
    accountant = rpc_user(ACCOUNTANT)
    today = datetime.date.today().isoformat()
    statement_id = accountant.execute(
        "consignment.statement",
        "create",
        {"agreement_id": agreement_id, "date_from": "2020-01-02", "date_to": today},
    )
    action = accountant.execute_json("consignment.statement", "action_print", [statement_id])
    assert action["type"] == "ir.actions.report"
    # Transient records may be gone by the time the browser fetches the PDF.
    accountant.execute("consignment.statement", "unlink", [statement_id])
    path = (
        f"/report/pdf/{action['report_name']}?options={quote(json.dumps(action['data']))}"
        f"&context={quote(json.dumps(action['context']))}"
    )
    text = _pdf_words(_download(odoo_server, accountant, path))
    period_end = datetime.date.fromisoformat(today).strftime("%m/%d/%Y")
    for words in (agreement["name"], f"01/02/2020 - {period_end}", f"RPC Shelf Item {tag}"):
        assert words in text, f"{words!r} cannot be found in the statement PDF: {text[:400]!r}"
