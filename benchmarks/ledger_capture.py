"""Cost of writing the consumption ledger when a transfer is validated.

Validates a delivery of N move lines (default 1,000: one line per product) taking a vendor's
consigned goods out of its consignment location, and the same delivery of our own goods out
of an ordinary location, and compares the SQL queries and the wall time of the validation.
The ledger capture is set-based, so the consignment delivery should cost at most 1.25 times
the ordinary one. Everything is rolled back at the end.

    python3 benchmarks/ledger_capture.py --database NAME [--lines 1000] [--repeat 1]

The last line of output is one JSON object with the figures, `time_ratio` and `query_ratio`.
"""

import json
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))

import _common

TARGET_RATIO = 1.25


def _setup(env, lines, runs):
    """Products, a vendor agreement, and enough stock for ``runs`` deliveries of each kind."""
    warehouse, vendor, products, agreement = _common.create_vendor_agreement(
        env, lines, 2.5, "Benchmark Product"
    )
    own_location = env["stock.location"].create(
        {
            "name": "Benchmark own stock",
            "usage": "internal",
            "location_id": warehouse.lot_stock_id.id,
        }
    )
    Quant = env["stock.quant"]
    for product in products:
        Quant._update_available_quantity(product, agreement.location_id, runs, owner_id=vendor)
        Quant._update_available_quantity(product, own_location, runs)
    env.flush_all()
    return warehouse, vendor, products, agreement, own_location


def _delivery(env, warehouse, products, source, owner=None):
    """A confirmed, reserved and picked delivery of one unit of each product.

    The consignment delivery reserves the vendor's goods because it takes them from the
    vendor's location; it does not name the vendor as the transfer's owner, which would make
    the standard validation rewrite the owner of every move line (a cost of its own, not of
    the ledger)."""
    from odoo import Command  # noqa: PLC0415

    customers = env.ref("stock.stock_location_customers")
    picking = env["stock.picking"].create(
        {
            "picking_type_id": warehouse.out_type_id.id,
            "location_id": source.id,
            "location_dest_id": customers.id,
            "move_ids": [
                Command.create(
                    {
                        "product_id": product.id,
                        "product_uom_qty": 1,
                        "product_uom": product.uom_id.id,
                        "location_id": source.id,
                        "location_dest_id": customers.id,
                    }
                )
                for product in products
            ],
        }
    )
    picking.action_confirm()
    picking.action_assign()
    if len(picking.move_line_ids) != len(products) or picking.state != "assigned":
        raise RuntimeError(f"{picking.name} is not fully reserved: the set-up is broken.")
    if owner and picking.move_line_ids.owner_id != owner:
        raise RuntimeError(f"{picking.name} reserved goods not owned by {owner.name}.")
    picking.move_ids.picked = True
    env.flush_all()
    env.invalidate_all()
    return picking


def _validate(env, picking):
    with _common.Measure(env) as measure:
        picking.button_validate()
    if picking.state != "done":
        raise RuntimeError(f"{picking.name} was not validated.")
    return measure


def main(argv):
    parser = _common.argument_parser(__doc__.strip().splitlines()[0])
    parser.add_argument("--lines", type=int, default=1000, help="move lines per delivery")
    parser.add_argument(
        "--repeat", type=int, default=1, help="deliveries of each kind; the fastest counts"
    )
    args = _common.parse_args(parser, argv)
    warmup_lines = min(20, args.lines)
    with _common.odoo_env(args) as env:
        warehouse, vendor, products, agreement, own_location = _setup(
            env, args.lines, args.repeat + 1
        )
        # Warm-up: the first validation of each kind loads code paths and caches.
        _validate(env, _delivery(env, warehouse, products[:warmup_lines], own_location))
        _validate(
            env,
            _delivery(env, warehouse, products[:warmup_lines], agreement.location_id, vendor),
        )
        ordinary_runs, consignment_runs = [], []
        for _run in range(args.repeat):
            ordinary_runs.append(_validate(env, _delivery(env, warehouse, products, own_location)))
            consignment_picking = _delivery(env, warehouse, products, agreement.location_id, vendor)
            consignment_runs.append(_validate(env, consignment_picking))
            ledger = env["consignment.consumption"].search_count(
                [("move_line_id.picking_id", "=", consignment_picking.id)]
            )
            if ledger != args.lines:
                raise RuntimeError(f"Expected {args.lines} ledger records, found {ledger}.")
    ordinary = min(ordinary_runs, key=lambda measure: measure.seconds)
    consignment = min(consignment_runs, key=lambda measure: measure.seconds)
    result = {
        "benchmark": "ledger_capture",
        "move_lines": args.lines,
        "ordinary_seconds": round(ordinary.seconds, 3),
        "consignment_seconds": round(consignment.seconds, 3),
        "ordinary_queries": ordinary.queries,
        "consignment_queries": consignment.queries,
        "time_ratio": round(consignment.seconds / ordinary.seconds, 3),
        "query_ratio": round(consignment.queries / ordinary.queries, 3),
        "target_ratio": TARGET_RATIO,
    }
    result["within_target"] = (
        result["time_ratio"] <= TARGET_RATIO and result["query_ratio"] <= TARGET_RATIO
    )
    print(
        f"Validating {args.lines} move lines: ordinary {ordinary.seconds:.2f} s, "
        f"{ordinary.queries} queries; consignment {consignment.seconds:.2f} s, "
        f"{consignment.queries} queries."
    )
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
