"""End to end: a real Odoo server on a loopback port, a real mail rendered
by the addon (captured, never sent), and headless Chromium clicking the link
in it, as the prospect would."""

import json
import re
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
SOURCE = "End-to-end directory"

pytestmark = pytest.mark.skipif(not CHROMIUM, reason="Chromium is not installed")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_http(url, seconds=120):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"{url} did not answer")


class Chromium:
    """Just enough of the DevTools protocol to open a page, click, read."""

    def __init__(self):
        import websocket

        self.port = free_port()
        self.profile = tempfile.mkdtemp()
        self.process = subprocess.Popen(
            [
                CHROMIUM,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                f"--user-data-dir={self.profile}",
                f"--remote-debugging-port={self.port}",
                "--disable-dev-shm-usage",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            # Odoo caps the address space of its process; Chromium needs more
            preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_AS, (resource.RLIM_INFINITY,) * 2),
        )
        deadline = time.time() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/json", timeout=2) as response:
                    pages = [p for p in json.load(response) if p["type"] == "page"]
                if pages:
                    break
            except OSError:
                pass
            if time.time() > deadline:
                raise RuntimeError("Chromium did not start")
            time.sleep(0.3)
        self.socket = websocket.create_connection(pages[0]["webSocketDebuggerUrl"], timeout=30)
        self.sequence = 0

    def call(self, method, **params):
        self.sequence += 1
        self.socket.send(json.dumps({"id": self.sequence, "method": method, "params": params}))
        while True:
            message = json.loads(self.socket.recv())
            if message.get("id") == self.sequence:
                return message.get("result", {})

    def evaluate(self, expression):
        return self.call("Runtime.evaluate", expression=expression, returnByValue=True)["result"].get("value")

    def open(self, url):
        self.call("Page.navigate", url=url)
        self.wait_for("document.readyState === 'complete'")

    def wait_for(self, expression, seconds=20):
        deadline = time.time() + seconds
        while time.time() < deadline:
            if self.evaluate(expression):
                return
            time.sleep(0.2)
        raise AssertionError(f"timeout waiting for {expression}: {self.evaluate('document.body.innerText')}")

    def click(self, selector):
        self.evaluate(f"document.querySelector({json.dumps(selector)}).click()")

    def text(self):
        return self.evaluate("document.body.innerText")

    def close(self):
        self.socket.close()
        self.process.terminate()
        self.process.wait(10)
        shutil.rmtree(self.profile, ignore_errors=True)


@pytest.fixture(scope="module")
def server(registry):
    import odoo

    port = free_port()
    config = odoo.tools.config
    command = [sys.executable, "-m", "odoo", "server", "-d", registry.db_name, "--db-filter", f"^{registry.db_name}$"]
    for option, key in (("--db_host", "db_host"), ("--db_port", "db_port"), ("--db_user", "db_user")):
        if config.get(key):
            command += [option, str(config[key])]
    if config.get("db_password"):
        command += ["--db_password", config["db_password"]]
    command += ["--http-interface", "127.0.0.1", "--http-port", str(port), "--workers", "0"]
    command += ["--max-cron-threads", "0", "--log-level", "warn"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_http(base + "/web/login")
        yield base
    finally:
        process.terminate()
        process.wait(30)


@pytest.fixture()
def browser():
    chromium = Chromium()
    yield chromium
    chromium.close()


def env_of(cr):
    from odoo import SUPERUSER_ID, api

    return api.Environment(cr, SUPERUSER_ID, {})


@pytest.fixture()
def prospect(registry, request):
    """A prospect of the given kind, committed (the server is another
    process), removed with all it left at the end."""
    kind = request.param
    with registry.cursor() as cr:
        env = env_of(cr)
        source = env["gdpr.data.source"].create({"name": SOURCE, "reuse_allowed": True})
        env.company.email = env.company.email or "sales@e2e.example"
        partner = env["res.partner"].create(
            {
                "name": "Erin Endtoend",
                "email": f"erin.{kind}@e2e.example",
                "gdpr_prospect_type": kind,
                "gdpr_source_id": source.id,
                "function": "Buyer" if kind == "b2b" else False,
            }
        )
        ids = (partner.id, source.id)
    yield ids
    with registry.cursor() as cr:
        env = env_of(cr)
        partner = env["res.partner"].browse(ids[0]).exists()
        email_hash = env["gdpr.blacklist"]._identity_hashes(f"erin.{kind}@e2e.example")["email_hash"]
        env["gdpr.event"].with_context(gdpr_evidence_expiry=True).search([("partner_ref", "=", ids[0])]).unlink()
        env["gdpr.blacklist"].with_context(active_test=False).search([("email_hash", "=", email_hash)]).unlink()
        env["mail.mail"].search([("res_id", "=", ids[0]), ("model", "=", "res.partner")]).unlink()
        env["gdpr.notice.version"].search([]).filtered(lambda v: not v.template_id).unlink()
        partner.unlink()
        env["gdpr.data.source"].browse(ids[1]).unlink()


@pytest.fixture()
def base_url(registry, server):
    """Links in the mails point to the test server while the test runs."""
    params = ("web.base.url", "web.base.url.freeze")
    with registry.cursor() as cr:
        Params = env_of(cr)["ir.config_parameter"]
        saved = {key: Params.get_param(key) for key in params}
        Params.set_param("web.base.url", server)
        Params.set_param("web.base.url.freeze", "True")
    yield server
    with registry.cursor() as cr:
        Params = env_of(cr)["ir.config_parameter"]
        for key, value in saved.items():
            Params.set_param(key, value or False)


def send_notice(registry, partner_id, base):
    """Queue the notice and return the body it leaves with (the mail queue
    is never processed): the queued mail holds inert links, signed for the
    recipient only as the mail is built for SMTP."""
    with registry.cursor() as cr:
        env = env_of(cr)
        partner = env["res.partner"].browse(partner_id)
        partner.action_gdpr_send_notice()
        mail = env["mail.mail"].search([("res_id", "=", partner_id), ("gdpr_text_version", "!=", False)])
        body = mail._prepare_outgoing_list()[0]["body"]
        # the mail left: what the mail queue would record
        partner._gdpr_notice_left(mail.gdpr_text_version)
    return body


@pytest.mark.parametrize("prospect", ["b2c"], indirect=True)
def test_consumer_accepts_from_the_mail(registry, server, base_url, browser, prospect):
    partner_id = prospect[0]
    body = send_notice(registry, partner_id, server)
    link = re.search(r'href="([^"]*/gdpr/consent/[^"]+)"', body).group(1)
    assert link.startswith(server)
    browser.open(link)
    assert "May we send you our offers?" in browser.text()
    assert "erin.b2c@e2e.example" not in browser.text()
    with registry.cursor() as cr:
        assert env_of(cr)["res.partner"].browse(partner_id).gdpr_consent_state == "pending", "a GET changes nothing"
    browser.click('button[value="accept"]')
    browser.wait_for("document.body.innerText.includes('your answer is recorded')")
    with registry.cursor() as cr:
        env = env_of(cr)
        partner = env["res.partner"].browse(partner_id)
        assert partner.gdpr_consent_state == "given"
        events = env["gdpr.event"].search([("partner_ref", "=", partner_id)]).mapped("event_type")
        assert {"notice_sent", "consent_requested", "consent_given"} <= set(events)


@pytest.mark.parametrize("prospect", ["b2b"], indirect=True)
def test_professional_objects_from_the_mail(registry, server, base_url, browser, prospect):
    partner_id = prospect[0]
    body = send_notice(registry, partner_id, server)
    link = re.search(r'href="([^"]*/gdpr/object/[^"]+)"', body).group(1)
    browser.open(link)
    assert "Stop all direct marketing" in browser.text()
    browser.click("form button[type=submit]")
    browser.wait_for("document.body.innerText.includes('your answer is recorded')")
    with registry.cursor() as cr:
        env = env_of(cr)
        assert env["res.partner"].browse(partner_id).gdpr_objected_on
        assert env["gdpr.blacklist"]._screen(["erin.b2b@e2e.example"])
        assert env["gdpr.event"].search_count([("partner_ref", "=", partner_id), ("event_type", "=", "objection")]) == 1
