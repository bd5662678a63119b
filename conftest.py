"""pytest-odoo does not put Odoo in test mode the way Odoo's own runner does:
do it here, so that no test can reach a real SMTP server. Also the registry
of the test database, for the tests that need real, committed transactions
(a second connection, a server in another process)."""

import threading

import pytest


@pytest.fixture(autouse=True, scope="session")
def odoo_test_mode():
    import odoo

    odoo.tools.config["test_enable"] = True
    threading.current_thread().testing = True
    yield
    threading.current_thread().testing = False


@pytest.fixture(scope="module")
def registry():
    import odoo
    from odoo.modules.registry import Registry

    return Registry(odoo.tools.config["db_name"])
