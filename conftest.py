"""pytest-odoo does not put Odoo in test mode the way Odoo's own runner does:
do it here, so that no test can reach a real SMTP server."""

import threading

import pytest


@pytest.fixture(autouse=True, scope="session")
def odoo_test_mode():
    import odoo

    odoo.tools.config["test_enable"] = True
    threading.current_thread().testing = True
    yield
    threading.current_thread().testing = False
