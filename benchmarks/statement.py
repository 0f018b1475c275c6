"""Cost of a consignment statement on a large history.

Builds one vendor agreement with 2,000 products and 1,000,000 done stock move lines over two
years at its consignment location (receipts, consumption with its ledger, returns to the
vendor, inventory adjustments), written with set-based SQL, then times the statement of one
month (`consignment.agreement.get_statement`) against the bare SQL aggregation of the same
move lines and ledger it rests on. The statement must take at most 3 times as long.
Everything is rolled back at the end.

    python3 benchmarks/statement.py --database NAME [--products 2000] [--lines 1000000] [--repeat 3]

The last line of output is one JSON object with the figures and `time_ratio`.
"""

import json
import pathlib
import sys
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))

import _common

TARGET_RATIO = 3.0
LINES_PER_MOVE = 5
PERIOD = ("2025-06-01", "2025-06-30")


def _setup(env, product_count):
    _warehouse, _vendor, products, agreement = _common.create_vendor_agreement(
        env, product_count, 3.0, "Statement Benchmark", date_start="2024-01-01"
    )
    env.flush_all()
    return agreement, products


def _generate(env, agreement, products, line_count):
    """Moves and move lines by set-based SQL: move n belongs to product n mod P and is, by
    (n div P) mod 10, a receipt (4), a consumption with its ledger record (4), a return to the
    vendor (1) or an inventory adjustment in or out (1), dated over 2024-2025."""
    from odoo.tools import SQL  # noqa: PLC0415

    cr = env.cr
    company = agreement.company_id
    location = agreement.location_id
    supplier = env.ref("stock.stock_location_suppliers")
    customer = env.ref("stock.stock_location_customers")
    inventory = products[0].with_company(company).property_stock_inventory
    vendor = agreement.partner_id
    move_count = line_count // LINES_PER_MOVE
    product_ids = products.ids
    uom_id = products[0].uom_id.id
    params = {
        "moves": move_count,
        "products": product_ids,
        "product_count": len(product_ids),
        "uom": uom_id,
        "company": company.id,
        "loc": location.id,
        "supplier": supplier.id,
        "customer": customer.id,
        "inventory": inventory.id,
        "vendor": vendor.id,
    }
    started = time.perf_counter()
    # Foreign key checks cost more than the rows themselves: drop them for the throw-away
    # transaction (the rollback restores them). Every index stays, so the plans are real.
    cr.execute(
        """
        SELECT conrelid::regclass::text, conname
          FROM pg_constraint
         WHERE contype = 'f'
           AND conrelid IN ('stock_move'::regclass, 'stock_move_line'::regclass,
                            'consignment_consumption'::regclass)
        """
    )
    for table, constraint in cr.fetchall():
        cr.execute(
            SQL(
                "ALTER TABLE %s DROP CONSTRAINT %s",
                SQL.identifier(table),
                SQL.identifier(constraint),
            )
        )
    cr.execute(
        """
        CREATE TEMP TABLE bench_move ON COMMIT DROP AS
        SELECT n,
               (%(products)s::int[])[1 + n %% %(product_count)s] AS product_id,
               CASE WHEN k %% 10 < 4 THEN %(supplier)s
                    WHEN k %% 20 = 9 THEN %(inventory)s
                    ELSE %(loc)s END AS source,
               CASE WHEN k %% 10 < 4 THEN %(loc)s
                    WHEN k %% 10 < 8 THEN %(customer)s
                    WHEN k %% 10 = 8 THEN %(supplier)s
                    WHEN k %% 20 = 9 THEN %(loc)s
                    ELSE %(inventory)s END AS dest,
               timestamp '2024-01-01' + (n::float / %(moves)s) * interval '730 days' AS date
          FROM (SELECT n, n / %(product_count)s AS k FROM generate_series(1, %(moves)s) AS n) AS numbers
        """,
        params,
    )
    cr.execute(
        """
        WITH inserted AS (
            INSERT INTO stock_move (product_id, product_uom, product_uom_qty, quantity, location_id,
                                    location_dest_id, company_id, state, date, procure_method,
                                    restrict_partner_id, reference, picked)
            SELECT product_id, %(uom)s, CASE WHEN source = %(supplier)s THEN 20 ELSE 5 END,
                   CASE WHEN source = %(supplier)s THEN 20 ELSE 5 END, source, dest, %(company)s,
                   'done', date, 'make_to_stock', %(vendor)s, 'BENCH/' || n, true
              FROM bench_move
            RETURNING id, product_id, location_id, location_dest_id, date, product_uom_qty
        )
        INSERT INTO stock_move_line (move_id, product_id, product_uom_id, quantity,
                                     quantity_product_uom, location_id, location_dest_id,
                                     company_id, state, date, owner_id, picked)
        SELECT inserted.id, product_id, %(uom)s, product_uom_qty / 5, product_uom_qty / 5,
               location_id, location_dest_id, %(company)s, 'done', date, %(vendor)s, true
          FROM inserted, generate_series(1, 5)
        """,
        params,
    )
    cr.execute(
        """
        INSERT INTO consignment_consumption (agreement_id, partner_id, consignment_type, company_id,
                                             product_id, quantity, date, price_unit, amount,
                                             currency_id, move_line_id, state)
        SELECT %(agreement)s, %(vendor)s, 'vendor', %(company)s, sml.product_id,
               sml.quantity_product_uom, sml.date, 3.0, 3.0 * sml.quantity_product_uom,
               %(currency)s, sml.id, 'to_invoice'
          FROM stock_move_line sml
         WHERE sml.location_id = %(loc)s AND sml.location_dest_id = %(customer)s
        """,
        {**params, "agreement": agreement.id, "currency": agreement.currency_id.id},
    )
    cr.execute("ANALYZE stock_move_line")
    cr.execute("ANALYZE stock_move")
    cr.execute("ANALYZE consignment_consumption")
    env.invalidate_all()
    return time.perf_counter() - started


def _bare_sql(env, agreement):
    """The aggregation the statement rests on, without any classification: per product, the
    flow in and out of the location before and during the period, and the ledger's sum."""
    cr = env.cr
    location_ids = env["consignment.statement.engine"]._get_statement_location_ids(agreement)
    cr.execute(
        """
        SELECT product_id,
               SUM(CASE WHEN location_dest_id = ANY(%(locs)s) THEN quantity_product_uom
                        ELSE -quantity_product_uom END) FILTER (WHERE date < %(start)s),
               SUM(quantity_product_uom) FILTER (WHERE date >= %(start)s AND location_dest_id = ANY(%(locs)s)),
               SUM(quantity_product_uom) FILTER (WHERE date >= %(start)s AND location_id = ANY(%(locs)s))
          FROM stock_move_line
         WHERE state = 'done' AND date < %(end)s
           AND (location_id = ANY(%(locs)s) OR location_dest_id = ANY(%(locs)s))
         GROUP BY product_id
        """,
        {"locs": location_ids, "start": PERIOD[0], "end": "2025-07-01"},
    )
    rows = cr.fetchall()
    cr.execute(
        """
        SELECT product_id, SUM(quantity) FROM consignment_consumption
         WHERE agreement_id = %s AND state != 'cancelled' AND date >= %s AND date < %s
         GROUP BY product_id
        """,
        [agreement.id, PERIOD[0], "2025-07-01"],
    )
    return len(rows) + len(cr.fetchall())


def _best(function, repeat):
    best = None
    result = None
    for _run in range(repeat):
        started = time.perf_counter()
        result = function()
        elapsed = time.perf_counter() - started
        best = elapsed if best is None else min(best, elapsed)
    return best, result


def main(argv):
    parser = _common.argument_parser(__doc__.strip().splitlines()[0])
    parser.add_argument("--products", type=int, default=2000)
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = _common.parse_args(parser, argv)
    with _common.odoo_env(args) as env:
        started = time.perf_counter()
        agreement, products = _setup(env, args.products)
        setup_seconds = time.perf_counter() - started
        generate_seconds = _generate(env, agreement, products, args.lines)
        print(
            f"Set-up: {args.products} products in {setup_seconds:.1f} s; "
            f"{args.lines} move lines and their ledger in {generate_seconds:.1f} s"
        )
        # Warm the caches of both sides once before timing.
        _bare_sql(env, agreement)
        agreement.get_statement(*PERIOD)
        bare_seconds, _rows = _best(lambda: _bare_sql(env, agreement), args.repeat)
        queries_before = env.cr.sql_log_count
        statement_seconds, rows = _best(lambda: agreement.get_statement(*PERIOD), args.repeat)
        queries = (env.cr.sql_log_count - queries_before) // max(args.repeat, 1)
        check = rows[0] if rows else {}
        balanced = all(
            abs(
                row["opening_qty"]
                + row["received_qty"]
                - row["consumed_qty"]
                - row["returned_qty"]
                + row["adjusted_qty"]
                - row["expected_qty"]
            )
            < 1e-6
            for row in rows
        )
        ratio = statement_seconds / bare_seconds if bare_seconds else None
        print(
            f"Statement of {PERIOD[0]}..{PERIOD[1]}: {len(rows)} rows in {statement_seconds * 1000:.0f} ms "
            f"({queries} queries); bare SQL aggregation {bare_seconds * 1000:.0f} ms; ratio {ratio:.2f} "
            f"(target <= {TARGET_RATIO})"
        )
        print(f"First row: {check}")
        result = {
            "benchmark": "statement",
            "products": args.products,
            "move_lines": args.lines,
            "rows": len(rows),
            "setup_seconds": round(setup_seconds, 2),
            "generate_seconds": round(generate_seconds, 2),
            "statement_seconds": round(statement_seconds, 4),
            "bare_sql_seconds": round(bare_seconds, 4),
            "statement_queries": queries,
            "balanced": balanced,
            "time_ratio": round(ratio, 3) if ratio else None,
            "target_ratio": TARGET_RATIO,
            "ok": bool(ratio is not None and ratio <= TARGET_RATIO and balanced),
        }
        print(json.dumps(result))
        return 0 if result["ok"] else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
