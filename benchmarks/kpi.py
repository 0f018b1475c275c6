"""Cost of the key figures on a large history.

Builds the history of the statement benchmark (one vendor agreement, 2,000 products,
1,000,000 done move lines over two years with their ledger), then times the key figures of
the agreement over 2025 (`consignment.kpi.engine._get_kpis`: daily stock of every product,
run-outs, ledger, counts) against the bare SQL aggregation of the same move lines. The key
figures must take at most 10 times as long: they build a day-by-day grid the bare sums do
not. Everything is rolled back at the end.

    python3 benchmarks/kpi.py --database NAME [--products 2000] [--lines 1000000] [--repeat 3]

The last line of output is one JSON object with the figures and `time_ratio`.
"""

import json
import pathlib
import sys
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))

import _common
import statement

TARGET_RATIO = 10.0
PERIOD = ("2025-01-01", "2025-12-31")


def _bare_sql(env, agreement):
    """Stock in and out of the agreement's location per product over the period: what any
    key figure of the stock has to read at least."""
    cr = env.cr
    location_ids = env["stock.location"].search([("id", "child_of", agreement.location_id.id)]).ids
    cr.execute(
        """
        SELECT product_id, date_trunc('day', date),
               SUM(CASE WHEN location_dest_id = ANY(%(locs)s) THEN quantity_product_uom
                        ELSE -quantity_product_uom END)
          FROM stock_move_line
         WHERE state = 'done' AND date < %(end)s
           AND (location_id = ANY(%(locs)s) OR location_dest_id = ANY(%(locs)s))
         GROUP BY product_id, date_trunc('day', date)
        """,
        {"locs": location_ids, "end": "2026-01-01"},
    )
    return len(cr.fetchall())


def main(argv):
    parser = _common.argument_parser(__doc__.strip().splitlines()[0])
    parser.add_argument("--products", type=int, default=2000)
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = _common.parse_args(parser, argv)
    with _common.odoo_env(args) as env:
        started = time.perf_counter()
        agreement, products = statement._setup(env, args.products)
        setup_seconds = time.perf_counter() - started
        generate_seconds = statement._generate(env, agreement, products, args.lines)
        print(
            f"Set-up: {args.products} products in {setup_seconds:.1f} s; "
            f"{args.lines} move lines and their ledger in {generate_seconds:.1f} s"
        )

        def kpis():
            env.invalidate_all()
            return agreement._get_kpis(*PERIOD)[agreement.id]

        # Warm the caches of both sides once before timing.
        _bare_sql(env, agreement)
        kpis()
        bare_seconds, _rows = statement._best(lambda: _bare_sql(env, agreement), args.repeat)
        queries_before = env.cr.sql_log_count
        kpi_seconds, values = statement._best(kpis, args.repeat)
        queries = (env.cr.sql_log_count - queries_before) // max(args.repeat, 1)
        ratio = kpi_seconds / bare_seconds if bare_seconds else None
        print(
            f"Key figures of {PERIOD[0]}..{PERIOD[1]}: {kpi_seconds * 1000:.0f} ms "
            f"({queries} queries); bare SQL aggregation {bare_seconds * 1000:.0f} ms; "
            f"ratio {ratio:.2f} (target <= {TARGET_RATIO})"
        )
        print(
            f"Turnover {values['turnover']:.2f} times a year, "
            f"{values['stockout_incidents']} stock-out incidents over {values['window_days']} days"
        )
        result = {
            "benchmark": "kpi",
            "products": args.products,
            "move_lines": args.lines,
            "setup_seconds": round(setup_seconds, 2),
            "generate_seconds": round(generate_seconds, 2),
            "kpi_seconds": round(kpi_seconds, 4),
            "bare_sql_seconds": round(bare_seconds, 4),
            "kpi_queries": queries,
            "window_days": values["window_days"],
            "time_ratio": round(ratio, 3) if ratio else None,
            "target_ratio": TARGET_RATIO,
            "ok": bool(ratio is not None and ratio <= TARGET_RATIO),
        }
        print(json.dumps(result))
        return 0 if result["ok"] else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
