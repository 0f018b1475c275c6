"""Every user-facing string of the add-ons is in its translation template, and every
translation shipped is complete."""

import pathlib
import subprocess
import sys

import polib
import pytest

from .conftest import PROJECT_DIR, require_env

ADDONS = (
    "consignment_stock",
    "consignment_purchase",
    "consignment_sale",
    "consignment_mrp",
    "consignment_repair",
    "consignment_point_of_sale",
    "consignment_spreadsheet_dashboard",
)


def _export_template(module, output):
    rc = require_env("CONSIGNMENT_ODOO_RC")
    database = require_env("CONSIGNMENT_RPC_DB")
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "odoo",
            "i18n",
            "export",
            "-c",
            rc,
            "-d",
            database,
            "-o",
            str(output),
            module,
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    return polib.pofile(str(output))


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pot")
    return {module: _export_template(module, folder / f"{module}.pot") for module in ADDONS}


def _keys(catalog):
    return {(entry.msgctxt, entry.msgid) for entry in catalog if not entry.obsolete}


@pytest.mark.parametrize("module", ADDONS)
def test_template_has_every_string(module, exported):
    template_path = PROJECT_DIR / module / "i18n" / f"{module}.pot"
    assert template_path.exists(), f"{template_path} is missing: run 'bash setup/update_pot.sh'."
    missing = _keys(exported[module]) - _keys(polib.pofile(str(template_path)))
    assert not missing, (
        f"{len(missing)} strings of {module} are missing from {template_path.name}, e.g. "
        f"{sorted(msgid for _ctx, msgid in missing)[:5]}. Run 'bash setup/update_pot.sh'."
    )


@pytest.mark.parametrize("module", ADDONS)
def test_translations_are_complete(module):
    template_path = PROJECT_DIR / module / "i18n" / f"{module}.pot"
    template_keys = _keys(polib.pofile(str(template_path)))
    for po_path in sorted(pathlib.Path(PROJECT_DIR / module / "i18n").glob("*.po")):
        catalog = polib.pofile(str(po_path))
        translated = {
            (entry.msgctxt, entry.msgid)
            for entry in catalog
            if entry.translated() and not entry.obsolete and "fuzzy" not in entry.flags
        }
        untranslated = template_keys - translated
        assert not untranslated, (
            f"{po_path.relative_to(PROJECT_DIR)} lacks {len(untranslated)} translations, e.g. "
            f"{sorted(msgid for _ctx, msgid in untranslated)[:5]}."
        )
