"""Cost of the periodic consumption billing against creating the same bills directly.

Generates (set-based SQL) N vendor agreements (default 1,000) with P products each (default
100) and R ledger records to bill in one period (default 100,000, spread evenly over the
agreements and their products), then, each time rolled back to the same starting point:

* bills every agreement with the billing engine (`consignment.agreement.action_create_invoices`);
* creates the same bills (same documents, same lines, same accounts) directly with one
  batch `account.move.create`;
* counts the engine's SQL queries for 10% of the agreements and for all of them, and for 10%
  of the agreements with three times as many ledger records, to show that queries grow with
  the number of agreements, not with the number of ledger records.

The target: the engine takes at most 1.3 times the direct creation.

    python3 benchmarks/billing.py --database NAME [--agreements 1000] [--products 100]
                                  [--records 100000] [--repeat 1] [--type vendor|customer]

The last line of output is one JSON object with the figures and ratios.
"""

import json
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))

import _common

TARGET_RATIO = 1.3
PERIOD_START = "2026-03-01"
PERIOD_END = "2026-03-31"


class _RolledBack(Exception):
    """Raised to roll a measured run back to its savepoint."""


def _seed_statistics(env, agreements):
    """Planner statistics of a database that has bills: creates bills for ``agreements``,
    analyzes the accounting tables, then deletes the bills (the statistics stay).

    Without it the accounting tables are empty when analyzed, and queries of
    `account.move.create` run on thousands of rows with plans made for none (nested loops
    over whole tables): minutes instead of milliseconds, for both ways alike."""
    moves = env["account.move"].create(_direct_values(env, agreements))
    env.flush_all()
    env.cr.execute(
        "ANALYZE account_move, account_move_line, account_partial_reconcile, account_payment, "
        "consignment_consumption, consignment_agreement, consignment_agreement_line"
    )
    env.cr.execute("DELETE FROM account_move WHERE id = ANY(%s)", [moves.ids])
    env.invalidate_all()


def _rolled_back(env, function):
    """Runs ``function()`` inside a savepoint that is rolled back afterwards; returns what it
    returned."""
    result = []
    try:
        with env.cr.savepoint():
            result.append(function())
            env.flush_all()
            raise _RolledBack
    except _RolledBack:
        pass
    env.invalidate_all()
    return result[0]


def _generate(env, agreement_count, product_count, record_count, consignment_type):
    """Vendors (or customers), products, active agreements with their prices, and ledger
    records to bill in March 2026. Set-based: a few statements whatever the sizes."""
    cr = env.cr
    company = env.company
    partners = env["res.partner"].create(
        [
            {"name": f"Billing Benchmark Partner {index:05d}", "is_company": True}
            for index in range(agreement_count)
        ]
    )
    products = env["product.product"].create(
        [
            {"name": f"Billing Benchmark Product {index:04d}", "type": "consu", "is_storable": True}
            for index in range(product_count)
        ]
    )
    agreements = env["consignment.agreement"].create(
        [
            {
                "partner_id": partner.id,
                "consignment_type": consignment_type,
                "company_id": company.id,
                "date_start": "2026-01-01",
                "billing_period": "monthly",
            }
            for partner in partners
        ]
    )
    env.flush_all()
    uom_id = env.ref("uom.product_uom_unit").id
    # Prices: agreement i, product j costs 10 + j / 100.
    cr.execute(
        """
        INSERT INTO consignment_agreement_line
               (agreement_id, company_id, product_id, product_uom_id, price_unit, min_qty, max_qty,
                create_uid, create_date, write_uid, write_date)
        SELECT a.id, a.company_id, p.id, %(uom)s, 10 + p.rank / 100.0, 0, 0,
               %(uid)s, NOW() AT TIME ZONE 'UTC', %(uid)s, NOW() AT TIME ZONE 'UTC'
          FROM consignment_agreement a
          CROSS JOIN (SELECT id, ROW_NUMBER() OVER (ORDER BY id) - 1 AS rank
                        FROM product_product WHERE id = ANY(%(products)s)) p
         WHERE a.id = ANY(%(agreements)s)
        """,
        {"uom": uom_id, "uid": env.uid, "products": products.ids, "agreements": agreements.ids},
    )
    cr.execute(
        "UPDATE consignment_agreement SET state = 'active', next_billing_date = '2026-04-01' "
        "WHERE id = ANY(%s)",
        [agreements.ids],
    )
    _insert_records(env, agreements, products, record_count, offset=0)
    env.invalidate_all()
    return agreements, products


def _insert_records(env, agreements, products, record_count, offset):
    """``record_count`` ledger records to bill, spread evenly over ``agreements`` and their
    products (record k: agreement k mod N, product (k div N) mod P), dated in March 2026;
    no stock move behind them (move_line_id is empty)."""
    env.cr.execute(
        """
        WITH a AS (SELECT id, partner_id, company_id, currency_id, consignment_type,
                          ROW_NUMBER() OVER (ORDER BY id) - 1 AS rank
                     FROM consignment_agreement WHERE id = ANY(%(agreements)s)),
             p AS (SELECT id, ROW_NUMBER() OVER (ORDER BY id) - 1 AS rank
                     FROM product_product WHERE id = ANY(%(products)s)),
             k AS (SELECT g AS k FROM generate_series(%(offset)s, %(offset)s + %(count)s - 1) g)
        INSERT INTO consignment_consumption
               (agreement_id, partner_id, consignment_type, company_id, product_id, quantity,
                date, price_unit, amount, currency_id, state, origin,
                create_uid, create_date, write_uid, write_date)
        SELECT a.id, a.partner_id, a.consignment_type, a.company_id, p.id, 1 + k.k %% 3,
               TIMESTAMP '2026-03-01 08:00:00' + (k.k %% 30) * INTERVAL '1 day',
               10 + p.rank / 100.0, (1 + k.k %% 3) * (10 + p.rank / 100.0),
               a.currency_id, 'to_invoice', 'BENCH/' || k.k,
               %(uid)s, NOW() AT TIME ZONE 'UTC', %(uid)s, NOW() AT TIME ZONE 'UTC'
          FROM k
          JOIN a ON a.rank = k.k %% %(agreement_count)s
          JOIN p ON p.rank = (k.k / %(agreement_count)s) %% %(product_count)s
        """,
        {
            "agreements": agreements.ids,
            "products": products.ids,
            "offset": offset,
            "count": record_count,
            "agreement_count": len(agreements),
            "product_count": len(products),
            "uid": env.uid,
        },
    )


def _direct_values(env, agreements):
    """The values of the same bills as the engine makes, read from the ledger beforehand."""
    from odoo import Command, fields  # noqa: PLC0415

    env.cr.execute(
        """
        SELECT agreement_id, product_id, price_unit, SUM(quantity)
          FROM consignment_consumption
         WHERE agreement_id = ANY(%s) AND state = 'to_invoice'
         GROUP BY agreement_id, product_id, price_unit
         ORDER BY agreement_id, product_id, price_unit
        """,
        [agreements.ids],
    )
    groups = {}
    for agreement_id, product_id, price, quantity in env.cr.fetchall():
        groups.setdefault(agreement_id, []).append((product_id, price, quantity))
    products = env["product.product"].browse({row[0] for rows in groups.values() for row in rows})
    products.fetch(["display_name", "uom_id"])
    period_start = fields.Date.to_date(PERIOD_START)
    period_end = fields.Date.to_date(PERIOD_END)
    values_list = []
    engine = env["consignment.billing.engine"]
    for agreement in agreements:
        lines = []
        for sequence, (product_id, price, quantity) in enumerate(groups.get(agreement.id, []), 1):
            product = env["product.product"].browse(product_id)
            line = engine._prepare_consignment_invoice_line_values(
                agreement,
                product,
                price,
                quantity,
                env["consignment.consumption"],
                period_start,
                period_end,
            )
            line["sequence"] = sequence
            lines.append(line)
        if lines:
            values = engine._prepare_consignment_invoice_values(
                agreement, lines, period_start, period_end
            )
            values["invoice_line_ids"] = [Command.create(line) for line in lines]
            values_list.append(values)
    return values_list


def _measure_engine(env, agreements):
    from odoo import fields  # noqa: PLC0415

    def run():
        with _common.Measure(env) as measure:
            move_ids = agreements.action_create_invoices(period_end=fields.Date.to_date(PERIOD_END))
        measure.documents = len(move_ids)
        measure.lines = env["account.move.line"].search_count(
            [("move_id", "in", move_ids), ("display_type", "=", "product")]
        )
        return measure

    return _rolled_back(env, run)


def _measure_direct(env, agreements):
    values_list = _direct_values(env, agreements)

    def run():
        with _common.Measure(env) as measure:
            moves = env["account.move"].create(values_list)
        measure.documents = len(moves)
        measure.lines = len(moves.invoice_line_ids)
        return measure

    return _rolled_back(env, run)


def _measure_with_more_records(env, agreements, products, extra_records, offset):
    def run():
        _insert_records(env, agreements, products, extra_records, offset)
        env.invalidate_all()
        return _measure_engine(env, agreements)

    return _rolled_back(env, run)


def main(argv):
    parser = _common.argument_parser(__doc__.strip().splitlines()[0])
    parser.add_argument("--agreements", type=int, default=1000, help="agreements to bill")
    parser.add_argument("--products", type=int, default=100, help="products per agreement")
    parser.add_argument("--records", type=int, default=100000, help="ledger records to bill")
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="runs of each way, alternating; the fastest of each counts",
    )
    parser.add_argument(
        "--type",
        choices=("vendor", "customer"),
        default="vendor",
        help="vendor bills (default) or customer invoices: the same engine",
    )
    args = _common.parse_args(parser, argv)
    if args.agreements < 10 or args.products < 1 or args.records < args.agreements:
        parser.error("use at least 10 agreements, 1 product, and one record per agreement")
    with _common.odoo_env(args) as env:
        agreements, products = _generate(
            env, args.agreements, args.products, args.records, args.type
        )
        tenth = agreements[: max(args.agreements // 10, 1)]
        records_per_agreement = args.records // args.agreements
        _seed_statistics(env, tenth)
        # Warm-up: loads the code paths and caches of both ways.
        _measure_engine(env, agreements[:5])
        _measure_direct(env, agreements[:5])

        direct_runs, engine_runs = [], []
        for _run in range(max(args.repeat, 1)):
            direct_runs.append(_measure_direct(env, agreements))
            engine_runs.append(_measure_engine(env, agreements))
        direct = min(direct_runs, key=lambda measure: measure.seconds)
        engine = min(engine_runs, key=lambda measure: measure.seconds)
        engine_tenth = _measure_engine(env, tenth)
        engine_tenth_more = _measure_with_more_records(
            env, tenth, products, 2 * records_per_agreement * len(tenth), args.records
        )
    if engine.documents != direct.documents or engine.lines != direct.lines:
        raise RuntimeError(
            f"The engine made {engine.documents} documents / {engine.lines} lines, the direct "
            f"creation {direct.documents} / {direct.lines}: not the same bills."
        )
    extra_agreements = len(agreements) - len(tenth)
    result = {
        "benchmark": "billing",
        "type": args.type,
        "agreements": args.agreements,
        "products_per_agreement": args.products,
        "ledger_records": args.records,
        "documents": engine.documents,
        "document_lines": engine.lines,
        "engine_seconds": round(engine.seconds, 3),
        "direct_seconds": round(direct.seconds, 3),
        "time_ratio": round(engine.seconds / direct.seconds, 3),
        "engine_queries": engine.queries,
        "direct_queries": direct.queries,
        "query_ratio": round(engine.queries / direct.queries, 3),
        "engine_queries_tenth_agreements": engine_tenth.queries,
        "engine_queries_tenth_agreements_triple_records": engine_tenth_more.queries,
        "queries_per_agreement": round(
            (engine.queries - engine_tenth.queries) / extra_agreements, 2
        )
        if extra_agreements
        else None,
        "records_query_growth": round(engine_tenth_more.queries / engine_tenth.queries, 3),
        "target_ratio": TARGET_RATIO,
    }
    result["within_target"] = result["time_ratio"] <= TARGET_RATIO
    print(
        f"Billing {args.agreements} agreements, {args.records} ledger records "
        f"({engine.documents} documents, {engine.lines} lines): engine {engine.seconds:.2f} s, "
        f"{engine.queries} queries; direct account.move.create {direct.seconds:.2f} s, "
        f"{direct.queries} queries. {len(tenth)} agreements: {engine_tenth.queries} queries, "
        f"{engine_tenth_more.queries} with three times the ledger records."
    )
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
