"""Cost of the key figures in the agreements list and the dashboard.

Builds 1,000 active agreements (vendor and customer mixed, each with its location and three
products; most started before the year, one in four during it) and a year of history up to
today, written with set-based SQL: receipts / fill-ups every two weeks, consumption every
three days with its ledger, three validated counts with variances and resolved disputes on
one agreement in ten. Then runs the refresh of the stored monthly key figures
(``consignment.kpi.month``: the last 12 whole months and the current one, all agreements),
timed once, and, as a consignment user (not the superuser), times:

(a) the agreements list as the web client loads it: ``web_search_read`` with the fields of
    the list view, its default filter (running) and limit (80 rows), its stored 12-month
    key-figure columns included;
(b) the same call without the key-figure fields;
(c) the dashboard as it opens over the 1,000 agreements (its default period, the same 12
    months and the current one, read from the stored monthly key figures, with a line per
    agreement), against (b) over all of them.

(a) must take at most 1.5 times (b), and (a) must take as many queries for 80 rows as for
40; (c) at most 1.5 times (b) over all the agreements. Best of --repeat runs each, all in
one run. Everything is rolled back at the end.

    python3 benchmarks/kpi_list.py --database NAME [--agreements 1000] [--repeat 5]

The last line of output is one JSON object with the figures and `time_ratio`.
"""

import json
import pathlib
import sys
import time
from datetime import timedelta

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))

import _common

TARGET_RATIO = 1.5
LIST_LIMIT = 80
PRODUCTS = 30
PRODUCTS_PER_AGREEMENT = 3
RUNNING = [("state", "in", ("active", "terminating"))]


def _setup(env, agreement_count, today):
    """Products, partners, the agreements (activated: each gets its location) and the
    consignment user."""
    from odoo import Command  # noqa: PLC0415 - Odoo is importable once the env exists

    company = env.company
    warehouse = env["stock.warehouse"].search([("company_id", "=", company.id)], limit=1)
    products = env["product.product"].create(
        [
            {"name": f"KPI List Benchmark {index:03d}", "is_storable": True, "type": "consu"}
            for index in range(PRODUCTS)
        ]
    )
    partners = env["res.partner"].create(
        [
            {"name": f"KPI List Partner {index:04d}", "is_company": True}
            for index in range(agreement_count)
        ]
    )
    year_start = today - timedelta(days=364)
    values = []
    for index, partner in enumerate(partners):
        if index % 4 == 0:
            date_start = year_start + timedelta(days=60 + index * 37 % 240)
        else:
            date_start = year_start - timedelta(days=index % 90)
        agreement_products = [
            products[(index + offset * 7) % PRODUCTS] for offset in range(PRODUCTS_PER_AGREEMENT)
        ]
        values.append(
            {
                "partner_id": partner.id,
                "consignment_type": "vendor" if index % 2 == 0 else "customer",
                "warehouse_id": warehouse.id,
                "date_start": date_start,
                "line_ids": [
                    Command.create({"product_id": product.id, "price_unit": 2.0 + offset})
                    for offset, product in enumerate(agreement_products)
                ],
            }
        )
    agreements = env["consignment.agreement"].create(values)
    agreements.action_activate()
    user = env["res.users"].create(
        {
            "name": "KPI List Benchmark User",
            "login": "kpi_list_benchmark_user",
            "group_ids": [Command.set(env.ref("consignment_stock.group_consignment_user").ids)],
        }
    )
    env.flush_all()
    return warehouse, agreements, user


def _drop_foreign_keys(env, tables):
    """Foreign key checks cost more than the rows themselves: dropped for the throw-away
    transaction (the rollback restores them). Every index stays, so the plans are real."""
    from odoo.tools import SQL  # noqa: PLC0415

    env.cr.execute(
        SQL(
            """
            SELECT conrelid::regclass::text, conname
              FROM pg_constraint
             WHERE contype = 'f' AND conrelid::regclass::text IN %s
            """,
            tuple(tables),
        )
    )
    for table, constraint in env.cr.fetchall():
        env.cr.execute(
            SQL(
                "ALTER TABLE %s DROP CONSTRAINT %s",
                SQL.identifier(table),
                SQL.identifier(constraint),
            )
        )


def _generate(env, warehouse, agreements, today):
    """A year of history up to yesterday, by set-based SQL, for each agreement and product
    from the later of its start and the year's first day: a receipt (vendor) or fill-up from
    our stock (customer) of 20 every 14 days, starting on the first day; a consumption of 3 to
    5 every 3 days with its ledger record (so that some products run out); a validated count
    every 90 days that finds one unit missing on one product in three; on one agreement in
    ten, two disputes resolved in 1 to 7 days."""
    cr = env.cr
    started = time.perf_counter()
    _drop_foreign_keys(
        env,
        [
            "stock_move",
            "stock_move_line",
            "consignment_consumption",
            "consignment_count",
            "consignment_count_line",
            "consignment_dispute",
        ],
    )
    params = {
        "agreements": agreements.ids,
        "year_start": today - timedelta(days=364),
        "today": today,
        "supplier": env.ref("stock.stock_location_suppliers").id,
        "customer": env.ref("stock.stock_location_customers").id,
        "stock": warehouse.lot_stock_id.id,
        "company": env.company.id,
    }
    cr.execute(
        """
        CREATE TEMP TABLE bench_pair ON COMMIT DROP AS
        SELECT a.id AS agreement_id, a.partner_id, a.consignment_type, a.location_id,
               a.currency_id, l.product_id, l.price_unit, p.uom_id,
               row_number() OVER (ORDER BY a.id, l.product_id) AS pair,
               GREATEST(a.date_start, %(year_start)s::date) AS first_day
          FROM consignment_agreement a
          JOIN consignment_agreement_line l ON l.agreement_id = a.id
          JOIN product_product pp ON pp.id = l.product_id
          JOIN product_template p ON p.id = pp.product_tmpl_id
         WHERE a.id = ANY(%(agreements)s)
        """,
        params,
    )
    cr.execute(
        """
        CREATE TEMP TABLE bench_move ON COMMIT DROP AS
        SELECT bench_pair.*, day, kind,
               CASE WHEN kind = 'in' THEN 20 ELSE 3 + pair %% 3 END AS qty,
               CASE WHEN kind = 'out' THEN location_id
                    WHEN consignment_type = 'vendor' THEN %(supplier)s
                    ELSE %(stock)s END AS source,
               CASE WHEN kind = 'out' THEN %(customer)s ELSE location_id END AS dest,
               day + interval '10 hours' + (kind = 'out')::int * interval '4 hours' AS date
          FROM bench_pair
         CROSS JOIN LATERAL generate_series(first_day, %(today)s::date - 1, interval '1 day')
               AS days(day)
         CROSS JOIN LATERAL (
               SELECT 'in' WHERE (day::date - first_day) %% 14 = 0
               UNION ALL
               SELECT 'out' WHERE (day::date - first_day + pair::int) %% 3 = 0
                              AND day::date > first_day
         ) AS kinds(kind)
        """,
        params,
    )
    cr.execute(
        """
        WITH inserted AS (
            INSERT INTO stock_move (product_id, product_uom, product_uom_qty, quantity,
                                    location_id, location_dest_id, company_id, state, date,
                                    procure_method, restrict_partner_id, reference, picked)
            SELECT product_id, uom_id, qty, qty, source, dest, %(company)s, 'done', date,
                   'make_to_stock',
                   CASE WHEN consignment_type = 'vendor' THEN partner_id END,
                   'KPI-BENCH/' || agreement_id || '/' || kind, true
              FROM bench_move
            RETURNING id, product_id, product_uom, product_uom_qty, location_id,
                      location_dest_id, date, restrict_partner_id
        )
        INSERT INTO stock_move_line (move_id, product_id, product_uom_id, quantity,
                                     quantity_product_uom, location_id, location_dest_id,
                                     company_id, state, date, owner_id, picked)
        SELECT id, product_id, product_uom, product_uom_qty, product_uom_qty, location_id,
               location_dest_id, %(company)s, 'done', date, restrict_partner_id, true
          FROM inserted
        """,
        params,
    )
    cr.execute(
        """
        INSERT INTO consignment_consumption (agreement_id, partner_id, consignment_type,
                                             company_id, product_id, quantity, date,
                                             price_unit, amount, currency_id, move_line_id,
                                             state)
        SELECT pair.agreement_id, pair.partner_id, pair.consignment_type, %(company)s,
               sml.product_id, sml.quantity_product_uom, sml.date, pair.price_unit,
               pair.price_unit * sml.quantity_product_uom, pair.currency_id, sml.id,
               'to_invoice'
          FROM stock_move_line sml
          JOIN bench_pair pair ON pair.location_id = sml.location_id
                              AND pair.product_id = sml.product_id
         WHERE sml.location_dest_id = %(customer)s AND sml.date >= %(year_start)s
        """,
        params,
    )
    cr.execute(
        """
        WITH counts AS (
            INSERT INTO consignment_count (agreement_id, company_id, partner_id,
                                           consignment_type, state, name, date,
                                           validated_date)
            SELECT a.id, %(company)s, a.partner_id, a.consignment_type, 'validated',
                   'KPI-BENCH-COUNT/' || a.id || '/' || n, day, day + time '18:00'
              FROM consignment_agreement a
             CROSS JOIN generate_series(1, 3) AS n
             CROSS JOIN LATERAL (SELECT (%(year_start)s::date + n * 90) AS day) AS days
             WHERE a.id = ANY(%(agreements)s) AND day >= a.date_start
            RETURNING id, agreement_id
        )
        INSERT INTO consignment_count_line (count_id, company_id, product_id, expected_qty,
                                            counted_qty, variance_qty, is_counted, reason)
        SELECT counts.id, %(company)s, pair.product_id, 10,
               10 - (pair.pair %% 3 = 0)::int, -(pair.pair %% 3 = 0)::int, true,
               CASE WHEN pair.pair %% 3 = 0 THEN 'counting_error' END
          FROM counts
          JOIN bench_pair pair ON pair.agreement_id = counts.agreement_id
        """,
        params,
    )
    cr.execute(
        """
        INSERT INTO consignment_dispute (agreement_id, partner_id, company_id, consignment_type,
                                         name, subject, origin, state, resolution,
                                         opened_date, resolved_date, resolution_days)
        SELECT a.id, a.partner_id, %(company)s, a.consignment_type,
               'KPI-BENCH-DISPUTE/' || a.id || '/' || n, 'Benchmark dispute', 'manual',
               'resolved', 'Settled', opened, opened + resolve_days * interval '1 day',
               resolve_days
          FROM consignment_agreement a
         CROSS JOIN generate_series(1, 2) AS n
         CROSS JOIN LATERAL (
               SELECT GREATEST(a.date_start, %(year_start)s::date) + 30 * n + time '09:00'
                          AS opened,
                      1 + (a.id + n) %% 7 AS resolve_days
         ) AS dates
         WHERE a.id = ANY(%(agreements)s) AND a.id %% 10 = 0
           AND opened + resolve_days * interval '1 day' < %(today)s::date
        """,
        params,
    )
    cr.execute("SELECT count(*) FROM bench_move")
    move_count = cr.fetchone()[0]
    for table in (
        "stock_move",
        "stock_move_line",
        "consignment_consumption",
        "consignment_count_line",
        "consignment_dispute",
    ):
        cr.execute(f"ANALYZE {table}")
    env.invalidate_all()
    return time.perf_counter() - started, move_count


def _list_specification(env):
    """The fields specification the web client sends for the agreements list: every field of
    the list view as the user gets it, many2one fields with their display name."""
    from lxml import etree  # noqa: PLC0415

    Agreement = env["consignment.agreement"]
    view = env.ref("consignment_stock.consignment_agreement_view_list")
    arch = Agreement.get_views([(view.id, "list")])["views"]["list"]["arch"]
    specification = {}
    for node in etree.fromstring(arch).iter("field"):
        field = Agreement._fields[node.get("name")]
        specification[field.name] = (
            {"fields": {"display_name": {}}} if field.type == "many2one" else {}
        )
    return specification


def _compare_with_live(env, agreements):
    """How many of the stored 12-month figures of ``agreements`` differ from the live
    engine's over the same days (turnover, variance, incidents, dispute days, target flag)."""
    date_from, date_to = env["consignment.kpi.month"]._get_year_period()
    live = agreements._get_kpis(date_from, date_to)
    pairs = (
        ("kpi_year_turnover", "turnover"),
        ("kpi_year_variance_pct", "variance_pct"),
        ("kpi_year_stockout_incidents", "stockout_incidents"),
        ("kpi_year_dispute_days", "dispute_resolution_days"),
    )
    mismatches = 0
    for agreement in agreements:
        figures = live[agreement.id]
        for stored, name in pairs:
            mismatches += abs(agreement[stored] - figures[name]) > 0.005
        mismatches += agreement.kpi_year_target_missed != figures["target_missed"]
    return mismatches


def _timed(env, function, repeat):
    """Best wall time of ``repeat`` runs of ``function`` on a cold cache (flush included),
    the queries of one run, and its result."""
    best = queries = result = None
    for _run in range(repeat):
        env.invalidate_all()
        before = env.cr.sql_log_count
        started = time.perf_counter()
        result = function()
        env.flush_all()
        elapsed = time.perf_counter() - started
        queries = env.cr.sql_log_count - before
        best = elapsed if best is None else min(best, elapsed)
    return best, queries, result


def main(argv):
    parser = _common.argument_parser(__doc__.strip().splitlines()[0])
    parser.add_argument("--agreements", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    args = _common.parse_args(parser, argv)
    with _common.odoo_env(args) as env:
        from odoo import fields  # noqa: PLC0415

        today = fields.Date.context_today(env["consignment.agreement"])
        started = time.perf_counter()
        warehouse, agreements, user = _setup(env, args.agreements, today)
        setup_seconds = time.perf_counter() - started
        generate_seconds, move_count = _generate(env, warehouse, agreements, today)
        print(
            f"Set-up: {len(agreements)} agreements in {setup_seconds:.1f} s; "
            f"{move_count} move lines, their ledger, counts and disputes in "
            f"{generate_seconds:.1f} s"
        )
        Month = env["consignment.kpi.month"]
        months = Month._month_range(*Month._get_year_period())
        env.invalidate_all()
        before = env.cr.sql_log_count
        started = time.perf_counter()
        Month._refresh_kpi_months(agreements, months)
        env.flush_all()
        refresh_seconds = time.perf_counter() - started
        refresh_queries = env.cr.sql_log_count - before
        fact_count = Month.search_count([("agreement_id", "in", agreements.ids)])
        print(
            f"Refresh of the monthly key figures: {len(months)} months x {len(agreements)} "
            f"agreements = {fact_count} rows in {refresh_seconds:.1f} s ({refresh_queries} "
            "queries)"
        )
        mismatches = _compare_with_live(env, agreements[:LIST_LIMIT])
        print(
            f"Stored 12-month figures of {min(len(agreements), LIST_LIMIT)} agreements against "
            f"the live engine over the same days: {mismatches} differences"
        )
        user_env = env(user=user.id, su=False, context={"allowed_company_ids": env.company.ids})
        Agreement = user_env["consignment.agreement"]
        with_kpis = _list_specification(user_env)
        without_kpis = {name: spec for name, spec in with_kpis.items() if "kpi_" not in name}
        kpi_columns = sorted(set(with_kpis) - set(without_kpis))

        def list_read(specification, limit=LIST_LIMIT, domain=RUNNING):
            return Agreement.web_search_read(domain, specification, limit=limit)

        # Warm the caches (registry, views, plans) of every side once before timing.
        list_read(with_kpis)
        list_read(without_kpis)
        bare_seconds, bare_queries, _result = _timed(
            env, lambda: list_read(without_kpis), args.repeat
        )
        kpi_seconds, kpi_queries, result = _timed(env, lambda: list_read(with_kpis), args.repeat)
        _seconds, kpi_queries_40, _result = _timed(
            env, lambda: list_read(with_kpis, limit=LIST_LIMIT // 2), 1
        )
        _seconds, bare_queries_40, _result = _timed(
            env, lambda: list_read(without_kpis, limit=LIST_LIMIT // 2), 1
        )
        rows = len(result["records"])
        missed = sum(1 for record in result["records"] if record.get("kpi_year_target_missed"))
        ratio = kpi_seconds / bare_seconds if bare_seconds else None
        print(
            f"List of {rows} agreements (of {result['length']}), key-figure columns "
            f"{', '.join(kpi_columns)}: {kpi_seconds * 1000:.1f} ms ({kpi_queries} queries; "
            f"{kpi_queries_40} for {LIST_LIMIT // 2} rows); without them "
            f"{bare_seconds * 1000:.1f} ms ({bare_queries} queries; {bare_queries_40} for "
            f"{LIST_LIMIT // 2} rows); ratio {ratio:.2f} (target <= {TARGET_RATIO}); "
            f"{missed} rows miss targets"
        )

        Dashboard = user_env["consignment.dashboard"]
        all_bare_seconds, all_bare_queries, all_rows = _timed(
            env, lambda: list_read(without_kpis, limit=None, domain=[]), args.repeat
        )
        dashboards = []

        def refresh():
            dashboard = Dashboard.create({})
            dashboards.append(dashboard)
            return dashboard.action_refresh()

        dashboard_repeat = max(1, min(args.repeat, 3))
        dashboard_seconds, dashboard_queries, _result = _timed(env, refresh, dashboard_repeat)
        dashboard = dashboards[-1]
        dashboard_ratio = dashboard_seconds / all_bare_seconds if all_bare_seconds else None
        print(
            f"Dashboard over {len(dashboard.line_ids)} agreements: "
            f"{dashboard_seconds * 1000:.0f} ms ({dashboard_queries} queries); list of all "
            f"{len(all_rows['records'])} without key figures {all_bare_seconds * 1000:.0f} ms "
            f"({all_bare_queries} queries); ratio {dashboard_ratio:.2f} (target <= "
            f"{TARGET_RATIO}); turnover "
            f"{dashboard.turnover:.2f}, variance {dashboard.variance_pct:.2f} %, "
            f"{dashboard.stockout_incidents} stock-outs, disputes "
            f"{dashboard.dispute_resolution_days:.2f} days"
        )
        same_queries = kpi_queries == kpi_queries_40
        dashboard_ok = dashboard_ratio is not None and dashboard_ratio <= TARGET_RATIO
        result = {
            "benchmark": "kpi_list",
            "agreements": len(agreements),
            "move_lines": move_count,
            "setup_seconds": round(setup_seconds, 2),
            "generate_seconds": round(generate_seconds, 2),
            "refresh_seconds": round(refresh_seconds, 2),
            "refresh_queries": refresh_queries,
            "refresh_rows": fact_count,
            "stored_vs_live_differences": mismatches,
            "list_rows": rows,
            "list_kpi_seconds": round(kpi_seconds, 4),
            "list_bare_seconds": round(bare_seconds, 4),
            "list_kpi_queries": kpi_queries,
            "list_kpi_queries_40": kpi_queries_40,
            "list_bare_queries": bare_queries,
            "list_bare_queries_40": bare_queries_40,
            "dashboard_agreements": len(dashboard.line_ids),
            "dashboard_seconds": round(dashboard_seconds, 4),
            "dashboard_queries": dashboard_queries,
            "all_bare_seconds": round(all_bare_seconds, 4),
            "dashboard_ratio": round(dashboard_ratio, 3) if dashboard_ratio else None,
            "time_ratio": round(ratio, 3) if ratio else None,
            "target_ratio": TARGET_RATIO,
            "ok": bool(
                ratio is not None and ratio <= TARGET_RATIO and same_queries and dashboard_ok
            ),
        }
        print(json.dumps(result))
        return 0 if result["ok"] else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
