"""Checks of the addons as a package, outside any Odoo transaction."""

import ast
import csv
import pathlib
import re
import shutil
import subprocess
import sys
import zipfile

import pytest
from lxml import etree

ROOT = pathlib.Path(__file__).resolve().parent.parent
ADDON = ROOT / "gdpr_prospection"
# the addon and its bridges, each a folder at the top with its manifest
ADDONS = sorted(path.parent for path in ROOT.glob("gdpr_prospection*/__manifest__.py"))
MANIFEST = ast.literal_eval((ADDON / "__manifest__.py").read_text())
BRIDGE = ROOT / "gdpr_prospection_mass_mailing"
BRIDGE_MANIFEST = ast.literal_eval((BRIDGE / "__manifest__.py").read_text())


def test_manifest():
    assert MANIFEST["version"] == "18.0.1.4.0"
    assert MANIFEST["license"] == "LGPL-3"
    assert {"mail", "contacts"} <= set(MANIFEST["depends"])
    assert "description" not in MANIFEST
    assert MANIFEST.get("installable", True)


def test_bridge_manifest():
    assert BRIDGE_MANIFEST["version"] == "18.0.1.0.0"
    assert BRIDGE_MANIFEST["license"] == "LGPL-3"
    assert BRIDGE_MANIFEST["author"] == MANIFEST["author"]
    assert BRIDGE_MANIFEST["depends"] == ["gdpr_prospection", "mass_mailing"]
    assert BRIDGE_MANIFEST["auto_install"] is True


def test_crm_bridge_manifest():
    manifest = ast.literal_eval((ROOT / "gdpr_prospection_crm" / "__manifest__.py").read_text())
    assert manifest["version"] == "18.0.1.2.0"
    assert manifest["license"] == "LGPL-3"
    assert manifest["author"] == MANIFEST["author"]
    assert manifest["depends"] == ["gdpr_prospection", "crm"]
    assert manifest["auto_install"] is True
    assert (ROOT / "namespace" / "odoo" / "addons" / "gdpr_prospection_crm").resolve() == ROOT / "gdpr_prospection_crm"


def test_data_files_exist_and_parse():
    for name in MANIFEST["data"]:
        path = ADDON / name
        assert path.is_file(), name
        if name.endswith(".xml"):
            etree.parse(str(path))


def test_demo_data_is_loaded_only_where_demo_data_is_wanted():
    assert MANIFEST["demo"] == ["demo/gdpr_prospection_demo.xml"]
    assert not any(name.startswith("demo/") for name in MANIFEST["data"])
    for name in MANIFEST["demo"]:
        etree.parse(str(ADDON / name))


def test_data_order_groups_acl_rules_then_views():
    data = MANIFEST["data"]
    assert data[0] == "security/gdpr_prospection_groups.xml"
    assert data[1] == "security/ir.model.access.csv"
    assert data[-1].endswith("_menus.xml")


def test_every_model_has_access_rules(registry):
    with open(ADDON / "security" / "ir.model.access.csv", newline="") as handle:
        covered = {row["model_id:id"] for row in csv.DictReader(handle)}
    ours = [
        name
        for name, model in registry.models.items()
        if model._original_module == "gdpr_prospection" and not model._abstract
    ]
    assert "gdpr.event" in ours
    for name in ours:
        assert "model_" + name.replace(".", "_") in covered, name


def test_odoo_18_xml():
    for path in ADDON.rglob("*.xml"):
        tree = etree.parse(str(path))
        assert not tree.xpath("//tree"), f"{path.name}: use <list>"
        assert not tree.xpath("//@attrs"), f"{path.name}: use invisible/readonly expressions"
        assert not tree.xpath("//record[@model='ir.cron']/field[@name='numbercall' or @name='doall']"), path.name


def test_record_rules_and_templates_are_noupdate():
    for path in ADDON.rglob("*.xml"):
        tree = etree.parse(str(path))
        for record in tree.xpath("//record[@model='ir.rule' or @model='mail.template']"):
            holder = record.getparent()
            assert holder.get("noupdate") == "1", f"{path.name}: {record.get('id')} must be noupdate"


def test_odoo_finds_the_addon_in_this_checkout():
    """What Odoo sees, not what Python imports: Odoo looks for addons in the
    folders of odoo.addons.__path__."""
    import odoo

    for addon in ADDONS:
        found = odoo.modules.module.get_module_path(addon.name, display_warning=False)
        assert found, f"Odoo does not find {addon.name}"
        assert pathlib.Path(found).resolve() == addon


def odoo_package_file(*hidden):
    """odoo.__file__ in a new interpreter, with the sys.path entries that
    hold one of ``hidden`` removed before the import."""
    code = (
        "import os, sys\n"
        f"hidden = {[str(path) for path in hidden]!r}\n"
        "sys.path[:] = [p for p in sys.path if not any(os.path.exists(os.path.join(p, h)) for h in hidden)]\n"
        "import odoo\n"
        "print(odoo.__file__)\n"
    )
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()


def test_installing_the_addon_leaves_import_odoo_alone():
    with_addon = odoo_package_file()
    without_addon = odoo_package_file("odoo/addons/gdpr_prospection/__manifest__.py")
    assert with_addon != "None", "import odoo found a namespace folder, not Odoo"
    assert with_addon == without_addon


def test_wheel_puts_the_addons_under_odoo_addons(tmp_path):
    # built from a copy: setuptools would reuse a build/ folder left in the checkout
    source = tmp_path / "source"
    shutil.copytree(ROOT, source, symlinks=True, ignore=shutil.ignore_patterns(".git", "build", "__pycache__"))
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", tmp_path, source],
        check=True,
        capture_output=True,
    )
    [wheel] = tmp_path.glob("*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    packaged = {name for name in names if not name.split("/")[0].endswith(".dist-info")}
    in_checkout = {
        "odoo/addons/" + str(path.relative_to(ROOT))
        for addon in ADDONS
        for path in addon.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }
    assert "odoo/addons/gdpr_prospection_mass_mailing/__manifest__.py" in in_checkout
    assert packaged == in_checkout
    assert "odoo/__init__.py" not in names and "odoo/addons/__init__.py" not in names


def test_no_machine_paths():
    for path in (path for addon in ADDONS for path in addon.rglob("*")):
        if path.suffix in {".py", ".xml", ".csv", ".md", ".html"}:
            text = path.read_text(encoding="utf-8")
            for folder in ("home", "root", "tmp", "opt"):
                assert f"/{folder}/" not in text, f"{path}: /{folder}/"


@pytest.mark.parametrize("addon", ADDONS, ids=lambda addon: addon.name)
def test_french_translation_is_complete(addon):
    import polib

    template = polib.pofile(str(addon / "i18n" / f"{addon.name}.pot"))
    french = polib.pofile(str(addon / "i18n" / "fr.po"))
    if (addon / "models").is_dir() or (addon / "views").is_dir():
        # a bridge of controllers alone may have no words of its own
        assert len(template), f"{addon.name}: empty template"
    translated = {entry.msgid: entry for entry in french}
    for entry in template:
        assert entry.msgid in translated, f"missing in fr.po: {entry.msgid[:80]!r}"
        assert translated[entry.msgid].msgstr.strip(), f"untranslated: {entry.msgid[:80]!r}"
        assert "fuzzy" not in translated[entry.msgid].flags, f"fuzzy: {entry.msgid[:80]!r}"
    for pattern in (r"%\(\w+\)s", r"\{\{.*?\}\}"):
        for entry in french:
            source, translation = re.findall(pattern, entry.msgid), re.findall(pattern, entry.msgstr)
            assert sorted(source) == sorted(translation), entry.msgid[:80]


@pytest.mark.parametrize("addon", ADDONS, ids=lambda addon: addon.name)
def test_every_test_module_is_imported_by_its_package(addon):
    """Odoo's own test runner only runs the modules that ``tests/__init__.py``
    imports; a file left out would pass here and never run there."""
    tests = addon / "tests"
    if not tests.is_dir():
        pytest.skip("no tests")
    imported = set(re.findall(r"^from \. import (test_\w+)$", (tests / "__init__.py").read_text(), re.M))
    on_disk = {path.stem for path in tests.glob("test_*.py")}
    assert on_disk == imported
