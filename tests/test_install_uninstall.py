"""Each add-on installs on its own (pulling what it depends on) and uninstalls cleanly.

Module operations cannot run inside Odoo tests, so each scenario runs as a separate Odoo
process (tests/odoo_scenario.py) on a copy of the template database, which holds Odoo's
dependencies only. Both scenarios run at the same time. Installing the three add-ons
together is what setup/test.sh does to make the test database.
"""

import json
import os
import pathlib
import subprocess
import sys

from .conftest import check_log, require_env

HERE = pathlib.Path(__file__).resolve().parent
STOCK, PURCHASE, SALE = "consignment_stock", "consignment_purchase", "consignment_sale"

SCENARIOS = {
    # consignment_stock alone, then consignment_purchase on top; uninstall one by one.
    "purchase": [
        ["install", STOCK],
        ["install", PURCHASE],
        ["uninstall", PURCHASE],
        ["uninstall", STOCK],
    ],
    # consignment_sale alone pulls consignment_stock; uninstall one by one.
    "sale": [
        ["install", SALE],
        ["uninstall", SALE],
        ["uninstall", STOCK],
    ],
}

EXPECTED = {
    "purchase": [
        {STOCK: "installed", PURCHASE: "uninstalled", SALE: "uninstalled"},
        {STOCK: "installed", PURCHASE: "installed", SALE: "uninstalled"},
        {STOCK: "installed", PURCHASE: "uninstalled", SALE: "uninstalled"},
        {STOCK: "uninstalled", PURCHASE: "uninstalled", SALE: "uninstalled"},
    ],
    "sale": [
        {STOCK: "installed", PURCHASE: "uninstalled", SALE: "installed"},
        {STOCK: "installed", PURCHASE: "uninstalled", SALE: "uninstalled"},
        {STOCK: "uninstalled", PURCHASE: "uninstalled", SALE: "uninstalled"},
    ],
}


def test_install_alone_and_uninstall(template_copy):
    rc = require_env("CONSIGNMENT_ODOO_RC")
    log_dir = pathlib.Path(require_env("CONSIGNMENT_LOG_DIR"))
    processes = {}
    for name, steps in SCENARIOS.items():
        db = template_copy(f"consignment_test_modules_{name}")
        log = log_dir / f"modules-{name}.log"
        log.write_text("")
        command = [
            sys.executable,
            str(HERE / "odoo_scenario.py"),
            json.dumps(steps),
            "--",
            f"--config={rc}",
            f"--database={db}",
            "--log-level=warn",
            f"--logfile={log}",
            "--max-cron-threads=0",
        ]
        env = dict(os.environ, PYTHONUNBUFFERED="1")
        processes[name] = (
            subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env),
            log,
        )

    failures = []
    for name, (process, log) in processes.items():
        out, err = process.communicate(timeout=1200)
        out, err = out.decode(errors="replace"), err.decode(errors="replace")
        if process.returncode:
            failures.append(f"{name}: exit {process.returncode} (log: {log})\n{err[-3000:]}")
            continue
        states = [
            json.loads(line[len("STATE ") :])
            for line in out.splitlines()
            if line.startswith("STATE ")
        ]
        got = [state["states"] for state in states]
        if got != EXPECTED[name]:
            failures.append(f"{name}: module states {got}, expected {EXPECTED[name]}")
        final = states[-1] if states else {}
        if final.get("xmlids") or final.get("models"):
            failures.append(
                f"{name}: uninstalling left {final['xmlids']} external ids and models "
                f"{final['models']}"
            )

        class Collect(list):
            write = list.append

        problems = Collect()
        if check_log.report([str(log)], out=problems):
            failures.append(f"{name}: the Odoo log has problems:\n" + "".join(problems))
    assert not failures, "\n\n".join(failures)
