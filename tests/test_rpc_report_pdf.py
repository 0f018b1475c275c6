"""The consignment documents as a user downloads them from the running server: the PDF keeps
its words as text (selectable, searchable, readable by a screen reader or an archive's index),
with the wkhtmltopdf the machine has."""

import io
import json
import re
import urllib.request
import uuid
from http.cookiejar import CookieJar

from PyPDF2 import PdfReader

from .test_rpc_billing import _create_customer_consignment

STOCK_USER = "stock.group_stock_user"
CONSIGNMENT_USER = "consignment_stock.group_consignment_user"


def _serve_report_assets(rpc, odoo_server):
    """wkhtmltopdf loads the report's styles and fonts from the server, as a configured
    installation does; a server it cannot reach would hide the fonts' effect."""
    rpc.execute("ir.config_parameter", "set_param", "report.url", odoo_server["url"])


def _download(odoo_server, client, path):
    """GET ``path`` in a web session of ``client``'s user, as the browser's Print does."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    login = {
        "jsonrpc": "2.0",
        "method": "call",
        "params": {"db": client.db, "login": client.login, "password": client.password},
        "id": uuid.uuid4().hex,
    }
    request = urllib.request.Request(
        f"{odoo_server['url']}/web/session/authenticate",
        data=json.dumps(login).encode(),
        headers={"Content-Type": "application/json"},
    )
    with opener.open(request, timeout=60) as response:
        assert json.load(response)["result"]["uid"] == client.uid
    with opener.open(f"{odoo_server['url']}{path}", timeout=300) as response:
        assert response.headers["Content-Type"] == "application/pdf"
        return response.read()


def _pdf_words(data):
    """The text of every page, white space folded."""
    reader = PdfReader(io.BytesIO(data))
    text = " ".join(page.extract_text() for page in reader.pages)
    return re.sub(r"\s+", " ", text)


def test_statement_pdf_keeps_its_text(rpc, rpc_user, odoo_server):
    agreement_id = _create_customer_consignment(rpc, uuid.uuid4().hex[:6])
    agreement = rpc.execute(
        "consignment.agreement", "read", [agreement_id], fields=["name", "partner_id"]
    )[0]
    _serve_report_assets(rpc, odoo_server)
    user = rpc_user(CONSIGNMENT_USER, STOCK_USER)
    report = "consignment_stock.report_consignment_statement"
    text = _pdf_words(_download(odoo_server, user, f"/report/pdf/{report}/{agreement_id}"))
    for words in ("Consignment Statement", agreement["name"], agreement["partner_id"][1]):
        assert words in text, f"{words!r} cannot be found in the statement PDF: {text[:400]!r}"


def test_proforma_pdf_keeps_its_text(rpc, rpc_user, odoo_server):
    agreement_id = _create_customer_consignment(rpc, uuid.uuid4().hex[:6])
    agreement = rpc.execute(
        "consignment.agreement", "read", [agreement_id], fields=["location_id", "line_ids"]
    )[0]
    product = rpc.execute(
        "consignment.agreement.line", "read", agreement["line_ids"], fields=["product_id"]
    )[0]["product_id"]
    fillup = rpc.execute(
        "stock.picking",
        "search_read",
        [("location_dest_id", "child_of", agreement["location_id"][0]), ("state", "=", "done")],
        fields=["name"],
        limit=1,
    )[0]
    _serve_report_assets(rpc, odoo_server)
    warehouse_staff = rpc_user(STOCK_USER)
    report = "consignment_sale.report_proforma_delivery"
    text = _pdf_words(
        _download(odoo_server, warehouse_staff, f"/report/pdf/{report}/{fillup['id']}")
    )
    for words in ("Pro-forma", "not an invoice", fillup["name"], product[1]):
        assert words in text, f"{words!r} cannot be found in the pro-forma PDF: {text[:400]!r}"
