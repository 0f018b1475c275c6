"""Fixtures of the repository-level tests, and the Odoo log check of the test run.

`setup/test.sh` sets the environment these fixtures read:
    CONSIGNMENT_ODOO_RC       Odoo configuration file (database server, add-ons path, data dir).
    CONSIGNMENT_RPC_DB        database with the three add-ons installed, served to the RPC tests.
    CONSIGNMENT_RPC_LOG       log file of that server.
    CONSIGNMENT_TEMPLATE_DB   database with Odoo's dependencies only (copied by install tests).
    CONSIGNMENT_DATA_DIR      Odoo's data folder (filestores).
    CONSIGNMENT_LOG_DIR       folder for the logs of the Odoo processes the tests start.
    CONSIGNMENT_CHECK_LOGS    log files (":"-separated) that must hold no errors, and no
                              warnings about the consignment add-ons, for the run to pass.
"""

import importlib.util
import json
import os
import pathlib
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
import xmlrpc.client

import psycopg2
import pytest

from odoo.tests.common import HttpCase

PROJECT_DIR = pathlib.Path(__file__).resolve().parent.parent


def _load_check_log():
    spec = importlib.util.spec_from_file_location(
        "consignment_check_log", PROJECT_DIR / "setup" / "check_log.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


check_log = _load_check_log()


def require_env(name):
    value = os.environ.get(name)
    if not value:
        pytest.fail(f"{name} is not set: run the tests with 'bash setup/test.sh'.", pytrace=False)
    return value


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --- Odoo log check -------------------------------------------------------------------------

_log_problems = []

# First lines of the messages of refused calls that RPC tests provoke on purpose. The server
# logs every UserError or AccessError it answers as a warning of odoo.http; those entries are
# the behaviour under test, not problems of the run.
_expected_server_warnings = set()


def expect_server_warning(message):
    """Declares that the RPC server logs ``message`` (the error of a call refused on purpose)
    as a warning: the log check leaves that entry out, and still reports every other one."""
    lines = str(message).strip().splitlines()
    if lines:
        _expected_server_warnings.add(lines[0].strip())


def _is_expected_warning(entry):
    match = check_log.ENTRY.match(entry[0])
    if not match or match["level"] != "WARNING":
        return False
    logger, _sep, text = match["rest"].partition(": ")
    return logger == "odoo.http" and text.strip() in _expected_server_warnings


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session, exitstatus):
    """Fails the run when an Odoo log of it holds errors, or warnings about our add-ons
    other than the refusals the RPC tests provoke on purpose.
    Runs last, after the session fixtures (servers) are torn down."""
    paths = [path for path in os.environ.get("CONSIGNMENT_CHECK_LOGS", "").split(":") if path]
    if not paths:
        return
    count = 0
    for path in paths:
        try:
            entries = list(check_log.problems(path))
        except FileNotFoundError:
            continue
        for entry in entries:
            if _is_expected_warning(entry):
                continue
            count += 1
            _log_problems.append(f"{path}:\n" + "".join(f"    {line}\n" for line in entry[:40]))
    if count and session.exitstatus == 0:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter):
    if _log_problems:
        terminalreporter.section("Odoo log: errors, and warnings about the consignment add-ons")
        terminalreporter.write("".join(_log_problems))
        terminalreporter.write_line("The Odoo log of this run has problems: the run fails.")


# --- Odoo server for the RPC tests ----------------------------------------------------------


class OdooClient:
    """XML-RPC and JSON-RPC access to a running Odoo server as one user."""

    def __init__(self, url, db, login, password):
        self.url, self.db, self.login, self.password = url, db, login, password
        self.common = xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/common", allow_none=True)
        self.object = xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/object", allow_none=True)
        self.uid = self.common.authenticate(db, login, password, {})
        assert self.uid, f"Could not log in to {db} as {login}."

    def execute(self, model, method, *args, **kwargs):
        """Calls a public model method over XML-RPC."""
        return self.object.execute_kw(
            self.db, self.uid, self.password, model, method, list(args), kwargs
        )

    def jsonrpc(self, service, method, *args):
        """Calls a service method over JSON-RPC (/jsonrpc)."""
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "params": {"service": service, "method": method, "args": list(args)},
            "id": uuid.uuid4().hex,
        }
        request = urllib.request.Request(
            f"{self.url}/jsonrpc",
            data=json.dumps(payload).encode(),
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=120) as response:
            answer = json.load(response)
        if answer.get("error"):
            raise RuntimeError(answer["error"])
        return answer.get("result")  # absent when the method returns nothing

    def execute_json(self, model, method, *args, **kwargs):
        """Calls a public model method over JSON-RPC."""
        return self.jsonrpc(
            "object",
            "execute_kw",
            self.db,
            self.uid,
            self.password,
            model,
            method,
            list(args),
            kwargs,
        )

    def ref(self, xmlid):
        """Database id of an external identifier (module.name)."""
        module, name = xmlid.split(".", 1)
        rows = self.execute(
            "ir.model.data",
            "search_read",
            [("module", "=", module), ("name", "=", name)],
            fields=["res_id"],
            limit=1,
        )
        assert rows, f"No record has the external identifier {xmlid}."
        return rows[0]["res_id"]


@pytest.fixture(scope="session")
def odoo_server():
    """Starts `python3 -m odoo` on a free port with the installed RPC database.
    Yields its base URL and database name."""
    rc = require_env("CONSIGNMENT_ODOO_RC")
    db = require_env("CONSIGNMENT_RPC_DB")
    log = os.environ.get("CONSIGNMENT_RPC_LOG") or str(
        pathlib.Path(require_env("CONSIGNMENT_LOG_DIR")) / "rpc-server.log"
    )
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "odoo",
        "server",
        f"--config={rc}",
        f"--database={db}",
        f"--db-filter=^{db}$",
        "--http-interface=127.0.0.1",
        f"--http-port={port}",
        f"--gevent-port={free_port()}",
        "--max-cron-threads=0",
        "--workers=0",
        "--log-level=warn",
        f"--logfile={log}",
    ]
    data_dir = os.environ.get("CONSIGNMENT_RPC_DATA_DIR")
    if data_dir:
        command.append(f"--data-dir={data_dir}")
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180
    try:
        while True:
            if process.poll() is not None:
                error = process.stderr.read().decode(errors="replace")
                pytest.fail(f"The Odoo server stopped at start (log: {log}):\n{error}")
            try:
                with urllib.request.urlopen(f"{url}/web/health", timeout=10):
                    break
            except urllib.error.HTTPError:
                break  # it answers
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail(f"The Odoo server did not answer on {url} (log: {log}).")
                time.sleep(0.5)
        yield {"url": url, "db": db}
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="session")
def rpc(odoo_server):
    """RPC client helper logged in as admin/admin on the RPC database."""
    return OdooClient(odoo_server["url"], odoo_server["db"], "admin", "admin")


@pytest.fixture(scope="session")
def rpc_user(rpc, odoo_server):
    """Factory: ``rpc_user(*group_xmlids)`` creates, over RPC as admin, a user with only these
    groups (and the groups they imply) and returns an OdooClient logged in as that user."""

    def make(*group_xmlids, name=None):
        login = f"rpc-user-{uuid.uuid4().hex[:10]}"
        password = uuid.uuid4().hex
        rpc.execute(
            "res.users",
            "create",
            {
                "name": name or login,
                "login": login,
                "password": password,
                "group_ids": [(6, 0, [rpc.ref(xmlid) for xmlid in group_xmlids])],
            },
        )
        return OdooClient(odoo_server["url"], odoo_server["db"], login, password)

    return make


# --- Throw-away databases for install/uninstall tests ---------------------------------------


@pytest.fixture
def template_copy():
    """Factory: copies the template database (Odoo's dependencies only) to a new database
    with its filestore; drops the copies after the test."""
    template = require_env("CONSIGNMENT_TEMPLATE_DB")
    data_dir = pathlib.Path(require_env("CONSIGNMENT_DATA_DIR"))
    created = []

    def connect():
        connection = psycopg2.connect(dbname="postgres")
        connection.autocommit = True
        return connection

    def make(name):
        connection = connect()
        try:
            with connection.cursor() as cr:
                cr.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                cr.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        finally:
            connection.close()
        created.append(name)
        source = data_dir / "filestore" / template
        target = data_dir / "filestore" / name
        shutil.rmtree(target, ignore_errors=True)
        if source.is_dir():
            shutil.copytree(source, target)
        return name

    yield make

    connection = connect()
    try:
        with connection.cursor() as cr:
            for name in created:
                cr.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                shutil.rmtree(data_dir / "filestore" / name, ignore_errors=True)
    finally:
        connection.close()


# --- A browser tour that is skipped is a failure --------------------------------------------


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    instance = getattr(item, "instance", None)
    if report.skipped and instance is not None and call.when in ("setup", "call"):
        if isinstance(instance, HttpCase):
            report.outcome = "failed"
            report.longrepr = f"{item.nodeid}: an HTTP/browser test was skipped ({call.excinfo})."
    return report
