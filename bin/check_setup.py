"""Say whether Odoo, loaded the way odoo-bin loads it, finds this checkout's
addons; print the command that fixes it when it does not.

    python3 bin/check_setup.py -c odoo.conf

Exit 0 when every addon of the checkout resolves to its folder here, 2 with
a message otherwise. Used by bin/test and bin/demo before they touch a
database. It never imports an addon: Odoo finds addons by looking at folders.
"""

import ast
import importlib.util
import json
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
ADDONS = sorted(path.parent.name for path in ROOT.glob("*/__manifest__.py"))
SETUP = "python3 -m pip install -e '.[test]' --config-settings editable_mode=compat"


def fail(message):
    print(f"{pathlib.Path(sys.argv[0]).name}: {message}", file=sys.stderr)
    sys.exit(2)


def odoo_source_dir():
    """Where pip says Odoo was installed from, for the repair command."""
    from importlib import metadata

    try:
        direct_url = metadata.distribution("odoo").read_text("direct_url.json")
    except metadata.PackageNotFoundError:
        return None
    url = json.loads(direct_url or "{}").get("url", "")
    return url.removeprefix("file://") or None


def check_odoo_package():
    spec = importlib.util.find_spec("odoo")
    if spec is None:
        fail("python3 cannot import odoo: install Odoo 18.0 first (README, Prerequisites).")
    if spec.origin is None or not pathlib.Path(spec.origin).name == "__init__.py":
        source = odoo_source_dir() or "<odoo source>"
        fail(
            "`import odoo` finds only a namespace folder, not Odoo's package: Odoo is installed "
            "as an editable import hook, which any odoo/ folder on sys.path (this addon, OCA "
            "wheels) shadows. Reinstall Odoo so that it is a folder on sys.path:\n"
            f"    python3 -m pip install --no-deps -e {source} --config-settings editable_mode=compat"
        )


def main():
    check_odoo_package()
    import odoo  # Odoo's own monkeypatches (Werkzeug) must run before anything else

    if odoo.release.major_version != "18.0":
        fail(f"Odoo {odoo.release.version} found, this addon needs Odoo 18.0.")
    odoo.tools.config.parse_config(sys.argv[1:])
    odoo.modules.module.initialize_sys_path()
    for addon in ADDONS:
        expected = (ROOT / addon).resolve()
        found = module_path(addon)
        if not found:
            fail(f"Odoo does not find the addon {addon}: run the setup command here:\n    {SETUP}")
        if pathlib.Path(found).resolve() != expected:
            fail(
                f"Odoo finds the addon {addon} in {found}, not in this checkout ({expected}). "
                "Uninstall that copy (python3 -m pip uninstall odoo-addon-gdpr_prospection, or remove "
                f"it from addons_path), then run the setup command here:\n    {SETUP}"
            )
        manifest = ast.literal_eval((expected / "__manifest__.py").read_text())
        missing = [name for name in manifest["depends"] if name not in ADDONS and not module_path(name)]
        if missing:
            fail(
                f"Odoo does not find {', '.join(missing)}, which {addon} needs: Odoo's apps are not on its "
                "addons path. Installed from a git checkout without -e, they stay in <odoo source>/addons: "
                "export ODOO_ADDONS_PATH=<odoo source>/addons (README, Prerequisites)."
            )


def module_path(name):
    import odoo

    return odoo.modules.module.get_module_path(name, display_warning=False)


if __name__ == "__main__":
    main()
