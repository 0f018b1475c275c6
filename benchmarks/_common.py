"""Shared start-up of the benchmarks: which database, an Odoo environment on it whose work is
rolled back at the end, and a counter of SQL queries and wall time.

The database must have the consignment add-ons installed. It is named by --database, or by
the CONSIGNMENT_BENCH_DB or CONSIGNMENT_DB environment variables; the PostgreSQL server by
--db-host/--db-port/--db-user/--db-password or the usual PGHOST, PGPORT, PGUSER, PGPASSWORD.
"""

import argparse
import contextlib
import os
import pathlib
import sys
import time

PROJECT_DIR = pathlib.Path(__file__).resolve().parent.parent


def argument_parser(description):
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument(
        "--database",
        "-d",
        default=os.environ.get("CONSIGNMENT_BENCH_DB") or os.environ.get("CONSIGNMENT_DB"),
        help="database with the consignment add-ons installed "
        "(default: $CONSIGNMENT_BENCH_DB, then $CONSIGNMENT_DB)",
    )
    parser.add_argument("--db-host", default=os.environ.get("PGHOST"))
    parser.add_argument("--db-port", default=os.environ.get("PGPORT"))
    parser.add_argument("--db-user", default=os.environ.get("PGUSER"))
    parser.add_argument("--db-password", default=os.environ.get("PGPASSWORD"))
    parser.add_argument(
        "--addons-path",
        default=os.environ.get("CONSIGNMENT_ADDONS_PATH"),
        help="Odoo add-ons path (default: this project, then Odoo's own add-ons)",
    )
    return parser


def parse_args(parser, argv):
    args = parser.parse_args(argv)
    if not args.database:
        parser.error(
            "name the database to run against: --database NAME (or set CONSIGNMENT_BENCH_DB)"
        )
    return args


def _configure_odoo(args):
    try:
        from odoo.tools import config  # noqa: PLC0415 - Odoo is optional until a benchmark runs
    except ImportError:
        sys.exit(
            "Odoo 19 is not importable: install it or put its source on PYTHONPATH "
            "(see setup/common.sh), then run the benchmark again."
        )
    addons_path = args.addons_path
    if not addons_path:
        paths = [str(PROJECT_DIR)]
        community = config.addons_community_dir
        if community and os.path.isdir(community):
            paths.append(community)
        addons_path = ",".join(paths)
    options = ["--addons-path", addons_path, "--log-level", "warn"]
    for option, value in (
        ("--db_host", args.db_host),
        ("--db_port", args.db_port),
        ("--db_user", args.db_user),
        ("--db_password", args.db_password),
    ):
        if value:
            options += [option, str(value)]
    config.parse_config(options, setup_logging=True)


@contextlib.contextmanager
def odoo_env(args):
    """An environment (superuser) on the benchmark database; everything done in it is rolled
    back when the block ends."""
    _configure_odoo(args)
    from odoo import SUPERUSER_ID, api  # noqa: PLC0415
    from odoo.modules.registry import Registry  # noqa: PLC0415

    registry = Registry(args.database)
    with registry.cursor() as cr:
        try:
            yield api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
        finally:
            cr.rollback()


class Measure:
    """SQL queries and wall time of the code run inside ``with Measure(env) as measure:``."""

    def __init__(self, env):
        self.env = env
        self.queries = 0
        self.seconds = 0.0

    def __enter__(self):
        self.env.flush_all()
        self._queries = self.env.cr.sql_log_count
        self._start = time.perf_counter()
        return self

    def __exit__(self, *exc_info):
        self.env.flush_all()
        self.seconds = time.perf_counter() - self._start
        self.queries = self.env.cr.sql_log_count - self._queries
        return False


def create_vendor_agreement(env, product_count, price_unit, name, **agreement_values):
    """``product_count`` storable products and an active vendor agreement pricing them all,
    in the company's first warehouse. Returns (warehouse, vendor, products, agreement)."""
    from odoo import Command  # noqa: PLC0415 - Odoo is importable once the env exists

    warehouse = env["stock.warehouse"].search([("company_id", "=", env.company.id)], limit=1)
    vendor = env["res.partner"].create({"name": f"{name} Vendor", "is_company": True})
    products = env["product.product"].create(
        [
            {"name": f"{name} {index:05d}", "is_storable": True, "type": "consu"}
            for index in range(product_count)
        ]
    )
    agreement = env["consignment.agreement"].create(
        {
            "partner_id": vendor.id,
            "consignment_type": "vendor",
            "warehouse_id": warehouse.id,
            "line_ids": [
                Command.create({"product_id": product.id, "price_unit": price_unit})
                for product in products
            ],
            **agreement_values,
        }
    )
    agreement.action_activate()
    return warehouse, vendor, products, agreement
