"""Packaging for the gdpr_prospection Odoo addon and its bridges.

The addon lives in ``gdpr_prospection/``, its mass mailing bridge in
``gdpr_prospection_mass_mailing/``; ``namespace/odoo/addons/`` holds a link to
each so that they are installed as ``odoo.addons.<addon>`` (the way OCA
wheels are laid out). An editable install in compat mode
(``pip install -e . --config-settings editable_mode=compat``) puts
``namespace/`` on ``sys.path`` as a path in a ``.pth`` file: Odoo, which finds
addons by looking at the folders named ``odoo/addons`` on ``sys.path``, then
finds the addon here with no change to ``addons_path``. setuptools' default
editable mode installs an import hook instead, which Odoo does not see.
"""

import ast
import pathlib

from setuptools import find_namespace_packages, setup

HERE = pathlib.Path(__file__).parent
MANIFEST = ast.literal_eval((HERE / "gdpr_prospection" / "__manifest__.py").read_text())
# the addon and its bridges (auto-installed with the app they bridge to)
ADDONS = sorted(path.parent.name for path in HERE.glob("gdpr_prospection*/__manifest__.py"))

setup(
    name="odoo-addon-gdpr_prospection",
    version=MANIFEST["version"],
    description=MANIFEST["summary"],
    long_description=(HERE / "README.md").read_text(encoding="utf-8"),
    long_description_content_type="text/markdown",
    license="LGPL-3",
    author=MANIFEST["author"],
    python_requires=">=3.10",
    package_dir={"": "namespace"},
    packages=find_namespace_packages(
        where="namespace", include=[f"odoo.addons.{addon}{tail}" for addon in ADDONS for tail in ("", ".*")]
    ),
    include_package_data=True,
    package_data={f"odoo.addons.{addon}": ["**/*"] for addon in ADDONS},
    # Odoo 18.0 itself is a prerequisite (it is on no package index).
    install_requires=MANIFEST["external_dependencies"]["python"],
    extras_require={
        "test": [
            "pytest",
            "pytest-odoo>=2.3",
            "click-odoo-contrib>=1.24",
            "ruff",
            "pylint-odoo",
            "websocket-client",
        ],
    },
    classifiers=[
        "Framework :: Odoo",
        "Framework :: Odoo :: 18.0",
        "License :: OSI Approved :: GNU Lesser General Public License v3 (LGPLv3)",
        "Programming Language :: Python :: 3",
    ],
)
