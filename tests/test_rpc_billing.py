"""Consumption billing against a running server: two billing runs at the same moment on the
same agreements bill (vendor) or invoice (customer) each ledger record exactly once (the
database guarantees it)."""

import datetime
import threading
import uuid


def _create_vendor_consignment(rpc, tag):
    """A vendor, a product, an active vendor agreement, a consignment purchase order whose
    receipt is validated, and a delivery of part of the goods to a customer."""
    vendor_id = rpc.execute(
        "res.partner", "create", {"name": f"RPC Consignor {tag}", "is_company": True}
    )
    product_id = rpc.execute(
        "product.product",
        "create",
        {
            "name": f"RPC Consigned Widget {tag}",
            "type": "consu",
            "is_storable": True,
            "standard_price": 7.0,
        },
    )
    agreement_id = rpc.execute(
        "consignment.agreement",
        "create",
        {
            "partner_id": vendor_id,
            "consignment_type": "vendor",
            "date_start": "2020-01-01",
            "line_ids": [(0, 0, {"product_id": product_id, "price_unit": 12.5})],
        },
    )
    rpc.execute("consignment.agreement", "action_activate", [agreement_id])
    location_id = rpc.execute(
        "consignment.agreement", "read", [agreement_id], fields=["location_id"]
    )[0]["location_id"][0]

    order_id = rpc.execute(
        "purchase.order",
        "create",
        {
            "partner_id": vendor_id,
            "order_line": [(0, 0, {"product_id": product_id, "product_qty": 20})],
        },
    )
    order = rpc.execute(
        "purchase.order", "read", [order_id], fields=["is_consignment", "consignment_agreement_id"]
    )[0]
    assert order["is_consignment"] and order["consignment_agreement_id"][0] == agreement_id
    rpc.execute("purchase.order", "button_confirm", [order_id])
    receipt_ids = rpc.execute("purchase.order", "read", [order_id], fields=["picking_ids"])[0][
        "picking_ids"
    ]
    _validate_all(rpc, receipt_ids)
    receipt = rpc.execute(
        "stock.picking",
        "read",
        receipt_ids,
        fields=["location_dest_id", "owner_id", "is_consignment_receipt"],
    )[0]
    assert receipt["location_dest_id"][0] == location_id
    assert receipt["owner_id"][0] == vendor_id
    assert receipt["is_consignment_receipt"]

    customer_location = rpc.ref("stock.stock_location_customers")
    out_type = rpc.execute("stock.picking.type", "search", [("code", "=", "outgoing")], limit=1)[0]
    delivery_id = rpc.execute(
        "stock.picking",
        "create",
        {
            "picking_type_id": out_type,
            "location_id": location_id,
            "location_dest_id": customer_location,
            "owner_id": vendor_id,
            "move_ids": [
                (
                    0,
                    0,
                    {
                        "product_id": product_id,
                        "product_uom_qty": 8,
                        "location_id": location_id,
                        "location_dest_id": customer_location,
                    },
                )
            ],
        },
    )
    rpc.execute("stock.picking", "action_confirm", [delivery_id])
    rpc.execute("stock.picking", "action_assign", [delivery_id])
    _validate_all(rpc, [delivery_id])
    ledger = rpc.execute(
        "consignment.consumption",
        "search_read",
        [("agreement_id", "=", agreement_id)],
        fields=["quantity", "state"],
    )
    assert [(row["quantity"], row["state"]) for row in ledger] == [(8.0, "to_invoice")]
    return agreement_id, order_id


def _validate_all(rpc, picking_ids):
    moves = rpc.execute(
        "stock.move", "search_read", [("picking_id", "in", picking_ids)], fields=["product_uom_qty"]
    )
    for move in moves:
        rpc.execute(
            "stock.move",
            "write",
            [move["id"]],
            {"quantity": move["product_uom_qty"], "picked": True},
        )
    rpc.execute("stock.picking", "button_validate", picking_ids)
    states = rpc.execute("stock.picking", "read", picking_ids, fields=["state"])
    assert {row["state"] for row in states} == {"done"}


def _bill_twice_at_once(rpc, odoo_server, agreement_ids, period_end):
    """Two billing runs of ``agreement_ids`` started at the same moment, each on its own
    connection; returns the two lists of created document ids."""
    barrier = threading.Barrier(2)
    results, errors = [None, None], []

    def run(index):
        # One connection per thread: an XML-RPC proxy is not thread-safe.
        client = type(rpc)(odoo_server["url"], odoo_server["db"], "admin", "admin")
        try:
            barrier.wait(timeout=60)
            results[index] = client.execute(
                "consignment.agreement", "action_create_invoices", agreement_ids, period_end
            )
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)

    threads = [threading.Thread(target=run, args=(index,)) for index in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not errors, errors
    return results


def test_two_simultaneous_billing_runs_make_one_bill(rpc, odoo_server):
    tag = uuid.uuid4().hex[:6]
    agreements = [_create_vendor_consignment(rpc, f"{tag}-{index}") for index in range(2)]
    agreement_ids = [agreement_id for agreement_id, _order_id in agreements]
    # Tomorrow: whatever the time zones, everything delivered today is in the period.
    period_end = datetime.date.today().isoformat()

    results = _bill_twice_at_once(rpc, odoo_server, agreement_ids, period_end)
    created = sorted(results[0] + results[1])
    bills = rpc.execute(
        "account.move",
        "search_read",
        [("consignment_agreement_id", "in", agreement_ids)],
        fields=["consignment_agreement_id", "move_type", "state", "amount_untaxed"],
    )
    assert sorted(bill["id"] for bill in bills) == created, (results, bills)
    assert len(bills) == 2, "Exactly one bill per agreement"
    assert {bill["consignment_agreement_id"][0] for bill in bills} == set(agreement_ids)
    assert {(bill["move_type"], bill["state"], bill["amount_untaxed"]) for bill in bills} == {
        ("in_invoice", "draft", 100.0)
    }
    # Each run returned whole results: one run made both bills, or each made one.
    assert sorted(len(result) for result in results) in ([0, 2], [1, 1])
    ledger = rpc.execute(
        "consignment.consumption",
        "search_read",
        [("agreement_id", "in", agreement_ids)],
        fields=["state", "invoice_line_id"],
    )
    assert {row["state"] for row in ledger} == {"invoiced"}
    assert len({row["invoice_line_id"][0] for row in ledger}) == 2
    # The purchase orders show what is billed.
    for _agreement_id, order_id in agreements:
        lines = rpc.execute(
            "purchase.order.line",
            "search_read",
            [("order_id", "=", order_id)],
            fields=["qty_received", "qty_invoiced", "qty_to_invoice"],
        )
        assert [
            (line["qty_received"], line["qty_invoiced"], line["qty_to_invoice"]) for line in lines
        ] == [(20.0, 8.0, 0.0)]
    # A third run finds nothing left.
    assert (
        rpc.execute("consignment.agreement", "action_create_invoices", agreement_ids, period_end)
        == []
    )


def _create_customer_consignment(rpc, tag):
    """A customer, a product in our stock, an active customer agreement, a consignment
    sale order whose fill-up is validated, and a validated report of 5 sold."""
    customer_id = rpc.execute(
        "res.partner", "create", {"name": f"RPC Consignee {tag}", "is_company": True}
    )
    product_id = rpc.execute(
        "product.product",
        "create",
        {"name": f"RPC Shelf Item {tag}", "type": "consu", "is_storable": True},
    )
    stock_location = rpc.ref("stock.stock_location_stock")
    quant_id = rpc.execute(
        "stock.quant",
        "create",
        {"product_id": product_id, "location_id": stock_location, "inventory_quantity": 30},
    )
    # Returns nothing, which XML-RPC cannot carry: JSON-RPC, as integrators call it.
    rpc.execute_json("stock.quant", "action_apply_inventory", [quant_id])
    agreement_id = rpc.execute(
        "consignment.agreement",
        "create",
        {
            "partner_id": customer_id,
            "consignment_type": "customer",
            "date_start": "2020-01-01",
            "line_ids": [(0, 0, {"product_id": product_id, "price_unit": 9.0})],
        },
    )
    rpc.execute("consignment.agreement", "action_activate", [agreement_id])
    order_id = rpc.execute(
        "sale.order",
        "create",
        {
            "partner_id": customer_id,
            "order_line": [(0, 0, {"product_id": product_id, "product_uom_qty": 12})],
        },
    )
    order = rpc.execute("sale.order", "read", [order_id], fields=["consignment_agreement_id"])[0]
    assert order["consignment_agreement_id"][0] == agreement_id
    rpc.execute("sale.order", "action_confirm", [order_id])
    fillup_ids = rpc.execute("sale.order", "read", [order_id], fields=["picking_ids"])[0][
        "picking_ids"
    ]
    _validate_all(rpc, fillup_ids)
    report_id = rpc.execute(
        "consignment.report",
        "create",
        {
            "agreement_id": agreement_id,
            "report_type": "sold",
            "line_ids": [(0, 0, {"product_id": product_id, "quantity": 5})],
        },
    )
    rpc.execute("consignment.report", "action_validate", [report_id])
    ledger = rpc.execute(
        "consignment.consumption",
        "search_read",
        [("agreement_id", "=", agreement_id)],
        fields=["quantity", "state"],
    )
    assert [(row["quantity"], row["state"]) for row in ledger] == [(5.0, "to_invoice")]
    return agreement_id


def test_two_simultaneous_invoicing_runs_make_one_invoice(rpc, odoo_server):
    tag = uuid.uuid4().hex[:6]
    agreement_ids = [_create_customer_consignment(rpc, f"{tag}-{index}") for index in range(2)]
    period_end = datetime.date.today().isoformat()
    results = _bill_twice_at_once(rpc, odoo_server, agreement_ids, period_end)
    invoices = rpc.execute(
        "account.move",
        "search_read",
        [("consignment_agreement_id", "in", agreement_ids)],
        fields=["consignment_agreement_id", "move_type", "state", "amount_untaxed"],
    )
    assert sorted(invoice["id"] for invoice in invoices) == sorted(results[0] + results[1])
    assert len(invoices) == 2, "Exactly one invoice per agreement"
    assert {
        (invoice["move_type"], invoice["state"], invoice["amount_untaxed"]) for invoice in invoices
    } == {("out_invoice", "draft", 45.0)}
    ledger = rpc.execute(
        "consignment.consumption",
        "search_read",
        [("agreement_id", "in", agreement_ids)],
        fields=["state"],
    )
    assert {row["state"] for row in ledger} == {"invoiced"}
