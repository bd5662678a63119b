#!/usr/bin/env python3
"""Take the README's screenshots from a running Odoo.

    python3 doc/screenshots.py -d <database> [-c odoo.conf] [--lang fr_FR]

Fills the database with a few sample prospects (committed: use a database
made for this), installs the language (French by default: our first users
are French) for the administrator and the prospects, starts Odoo on a
loopback port, logs in as admin in headless Chromium and saves the pictures
in doc/images/.
"""

import argparse
import base64
import os
import subprocess
import sys
import time
from datetime import date, timedelta

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests"))
sys.path.insert(0, os.path.join(HERE, "..", "bench"))
import benchlib  # noqa: E402
from test_e2e import Chromium, free_port, wait_http  # noqa: E402

SAMPLES = [
    ("Jeanne Martin", "jeanne.martin@example.com", "b2b", 3, "Responsable des achats"),
    ("Paul Durand", "paul.durand@example.com", "b2b", 40, "Directeur technique"),
    ("Claire Petit", "claire.petit@example.com", "b2c", 5, False),
    ("Lucas Bernard", "lucas.bernard@example.com", "b2c", 45, False),
    ("Sophie Moreau", "sophie.moreau@example.com", "b2b", 1300, "Directrice marketing"),
    ("Hugo Laurent", False, "b2b", 35, "Directeur commercial"),
]


def install_language(registry, lang):
    from odoo import SUPERUSER_ID, api

    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        env["res.lang"]._activate_lang(lang)
        installed = env["ir.module.module"].search([("state", "=", "installed")]).mapped("name")
        env["ir.module.module"]._load_module_terms(installed, [lang], overwrite=True)
        env["res.users"].browse(2).lang = lang
        env["res.partner"].search([("gdpr_prospect_type", "!=", False)]).write({"lang": lang})
        cr.commit()


def seed(registry):
    from odoo import SUPERUSER_ID, api

    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        if env["res.partner"].search_count([("gdpr_prospect_type", "!=", False)]):
            return env["res.partner"].search([("email", "=", "claire.petit@example.com")]).id
        env.company.write(
            {"name": "Atelier Exemple", "email": "ventes@atelier.example", "gdpr_dpo_email": "dpo@atelier.example"}
        )
        sources = env["gdpr.data.source"].create(
            [
                {"name": "Annuaire de la CCI", "kind": "public_directory", "reuse_allowed": True},
                {"name": "Sites des entreprises", "kind": "company_website", "reuse_allowed": True},
            ]
        )
        employer = env["res.partner"].create({"name": "Industries Dupont", "is_company": True})
        today = date.today()
        for index, (name, email, kind, days, function) in enumerate(SAMPLES):
            partner = env["res.partner"].create(
                {
                    "name": name,
                    "email": email,
                    "function": function,
                    "parent_id": employer.id if kind == "b2b" else False,
                    "gdpr_prospect_type": kind,
                    "gdpr_source_id": sources[index % 2].id,
                    "gdpr_source_url": f"https://directory.example/{index}",
                    "gdpr_collected_on": today - timedelta(days=days),
                }
            )
            if email and days < 10:
                partner._gdpr_notice_left("sample")
        env["res.partner"].search([("email", "=", "paul.durand@example.com")])._gdpr_answer("objection", "phone")
        cr.commit()
        return env["res.partner"].search([("email", "=", "claire.petit@example.com")]).id


def shoot(browser, url, name, wait="document.readyState === 'complete'", pause=2.5):
    browser.open(url)
    browser.wait_for(wait, seconds=60)
    time.sleep(pause)
    data = browser.call("Page.captureScreenshot", format="png")["data"]
    with open(os.path.join(HERE, "images", name), "wb") as handle:
        handle.write(base64.b64decode(data))
    print("saved", name)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("-c", "--config")
    parser.add_argument("--lang", default="fr_FR", help="the interface's and the prospects' language")
    args = parser.parse_args()
    registry = benchlib.open_registry(args.database, args.config)
    claire = seed(registry)
    install_language(registry, args.lang)
    from odoo import SUPERUSER_ID, api

    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        env["res.users"].browse(2).password = "admin"
        consent_path = f"/gdpr/consent/{claire}/{env['res.partner'].browse(claire)._gdpr_token('consent')}"
        prospects_action = env.ref("gdpr_prospection.action_gdpr_prospects").id
        cr.commit()
    port = free_port()
    command = [sys.executable, "-m", "odoo", "server", "-d", args.database, "--db-filter", f"^{args.database}$"]
    if args.config:
        command[4:4] = ["-c", args.config]
    command += ["--http-interface", "127.0.0.1", "--http-port", str(port), "--workers", "0", "--log-level", "warn"]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    browser = None
    try:
        wait_http(base + "/web/login")
        browser = Chromium()
        browser.call("Emulation.setDeviceMetricsOverride", width=1366, height=860, deviceScaleFactor=1, mobile=False)
        shoot(browser, base + consent_path, "public_consent_page.png")
        browser.open(base + "/web/login")
        browser.evaluate(
            "document.querySelector('#login').value='admin';"
            "document.querySelector('#password').value='admin';"
            "document.querySelector('form').submit()"
        )
        time.sleep(3)
        shoot(
            browser,
            f"{base}/odoo/action-{prospects_action}",
            "prospects_list.png",
            "!!document.querySelector('.o_data_row')",
        )
        browser.evaluate("document.querySelector('.o_data_row td.o_data_cell').click()")
        time.sleep(2)
        browser.evaluate(
            "[...document.querySelectorAll('.o_notebook .nav-link')].find(e => /GDPR|RGPD/.test(e.textContent)).click()"
        )
        time.sleep(1.5)
        browser.evaluate("document.querySelector('.o_notebook').scrollIntoView()")
        time.sleep(1)
        data = browser.call("Page.captureScreenshot", format="png")["data"]
        with open(os.path.join(HERE, "images", "prospect_form.png"), "wb") as handle:
            handle.write(base64.b64decode(data))
        print("saved prospect_form.png")
        with registry.cursor() as cr:
            overview = api.Environment(cr, SUPERUSER_ID, {}).ref("gdpr_prospection.action_server_gdpr_overview").id
        shoot(
            browser,
            f"{base}/odoo/action-{overview}",
            "overview.png",
            "!!document.querySelector('.o_form_view .o_field_widget')",
        )
    finally:
        if browser:
            browser.close()
        server.terminate()
        server.wait(30)


if __name__ == "__main__":
    main()
