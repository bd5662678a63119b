import base64
import re
import time

from odoo.tests import HttpCase, tagged
from odoo.tools import file_open, mute_logger

from ..policy import tokens
from .common import GdprCase


def same_page(response):
    """The page without what differs by nature: the CSRF token (per session
    and second) and, under the Website app, the address it echoes in its
    og:url and canonical links (the visitor's own URL, which tells nothing)."""
    text = re.sub(r"[0-9a-f]{40}o\d+", "<csrf>", response.text)
    return re.sub(r'(property="og:url" content|rel="canonical" href)="[^"]*"', r'\1="<url>"', text)


@tagged("post_install", "-at_install")
class TestPublicPages(GdprCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.b2c = cls.make_prospect(name="Claire Conso", email="claire.conso@example.com", kind="b2c")
        cls.b2b = cls.make_prospect(name="Bruno Pro", email="bruno.pro@example.com")

    def url(self, partner, action):
        return f"/gdpr/{action}/{partner.id}/{partner._gdpr_token(action)}"

    def get(self, url):
        return self.url_open(url, allow_redirects=False)

    def csrf(self, response):
        return re.search(r'name="csrf_token" value="([^"]+)"', response.text).group(1)

    def post_form(self, url, **data):
        page = self.get(url)
        self.assertEqual(page.status_code, 200, page.text[:500])
        return self.url_open(url, data=dict(data, csrf_token=self.csrf(page)), allow_redirects=False)

    def assertInvalid(self, response):
        self.assertEqual(response.status_code, 404)
        self.assertIn("This link is not valid", response.text)

    def test_get_only_shows_the_page(self):
        response = self.get(self.url(self.b2c, "consent"))
        self.assertEqual(response.status_code, 200)
        self.assertIn("c***@e***.com", response.text)
        self.assertNotIn("claire.conso@example.com", response.text)
        self.assertNotIn("Claire", response.text)
        self.assertEqual(response.headers["Referrer-Policy"], "no-referrer")
        self.assertIn("no-store", response.headers["Cache-Control"])
        self.assertIn("noindex", response.headers["X-Robots-Tag"])
        self.get(self.url(self.b2b, "object"))
        self.get(self.url(self.b2c, "withdraw"))
        self.assertEqual(self.b2c.gdpr_consent_state, "not_requested")
        self.assertFalse(self.b2b.gdpr_objected_on)
        for partner in (self.b2c, self.b2b):
            self.assertEqual(self.events(partner).mapped("event_type"), ["collected"])

    def test_the_company_logo_only_when_it_has_one(self):
        url = self.url(self.b2b, "object")
        self.company.logo = False
        self.assertTrue(self.company.uses_default_logo)
        page = self.get(url).text
        self.assertNotIn("/web/binary/company_logo", page, 'no "Your logo" placeholder')
        self.assertIn(self.company.name, page)
        with file_open("gdpr_prospection/static/description/icon.png", "rb") as logo:
            self.company.logo = base64.b64encode(logo.read())
        self.assertFalse(self.company.uses_default_logo)
        page = self.get(url).text
        self.assertIn(f"/web/binary/company_logo?company={self.company.id}", page)

    def test_bad_tokens_all_get_the_same_page(self):
        good = self.b2c._gdpr_token("consent")
        secret = self.env["ir.config_parameter"].sudo().get_param("database.secret")
        expired = tokens.make_token(secret, "consent", self.b2c.id, self.b2c.sudo().gdpr_token_nonce, time.time() - 60)
        other = self.b2b._gdpr_token("consent")
        responses = [
            self.get(f"/gdpr/consent/{self.b2c.id}/{good[:-1]}{'1' if good[-1] == '0' else '0'}"),  # tampered
            self.get(f"/gdpr/consent/{self.b2c.id}/{other}"),  # swapped person
            self.get(f"/gdpr/object/{self.b2c.id}/{good}"),  # swapped action
            self.get(f"/gdpr/consent/{self.b2c.id}/{expired}"),  # expired
            self.get(f"/gdpr/consent/{self.b2c.id}/x"),  # garbage
            self.get(f"/gdpr/consent/999999999/{good}"),  # unknown person
        ]
        bodies = set()
        for response in responses:
            self.assertInvalid(response)
            bodies.add(same_page(response))
        self.assertEqual(len(bodies), 1, "no oracle: one page for every failure")
        # (the Website app first redirects a trailing slash away)
        self.assertEqual(self.url_open(f"/gdpr/consent/{self.b2c.id}/").status_code, 404)

    @mute_logger("odoo.http")
    def test_post_without_csrf_is_refused(self):
        response = self.url_open(self.url(self.b2c, "consent"), data={"answer": "accept"}, allow_redirects=False)
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self.b2c.gdpr_consent_state, "not_requested")

    def test_accept_then_replay(self):
        self.b2c.sudo()._gdpr_notice_left("v1")
        url = self.url(self.b2c, "consent")
        response = self.post_form(url, answer="accept")
        self.assertEqual(response.status_code, 200)
        self.assertIn("your answer is recorded", response.text)
        self.assertEqual(self.b2c.gdpr_consent_state, "given")
        event = self.events(self.b2c, "consent_given")
        self.assertEqual((event.channel, event.text_version, event.ip_address), ("web", "v1", False))
        # the page's own text is kept too: what the person agreed to, word for word
        page = self.env["gdpr.notice.version"].sudo().search([("fingerprint", "=", event.page_version)])
        self.assertEqual(len(page), 1)
        view = self.env.ref("gdpr_prospection.public_consent")
        self.assertEqual((page.subject, page.body_html), (view.name, view.arch_db))
        self.assertTrue(self.b2c.gdpr_last_contact_on)
        # the link died once used: a replay changes nothing and records nothing
        self.assertInvalid(self.get(url))
        self.assertEqual(len(self.events(self.b2c, "consent_given")), 1)
        self.assertEqual(self.b2c.gdpr_consent_state, "given")

    def test_refusal_suppresses(self):
        self.post_form(self.url(self.b2c, "consent"), answer="refuse")
        self.assertEqual(self.b2c.gdpr_consent_state, "refused")
        self.assertTrue(self.events(self.b2c, "consent_refused"))
        self.assertTrue(self.env["gdpr.blacklist"]._screen(["claire.conso@example.com"]))

    def test_objection_by_page_and_one_click_is_idempotent(self):
        self.post_form(self.url(self.b2b, "object"))
        self.assertTrue(self.b2b.gdpr_objected_on)
        entry = self.env["gdpr.blacklist"].search([])
        self.assertEqual(entry.reason, "objection")
        one_click = f"/gdpr/unsubscribe/{self.b2b.id}/{self.b2b._gdpr_token('object')}"
        response = self.url_open(one_click, data={"List-Unsubscribe": "One-Click"}, allow_redirects=False)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(len(self.events(self.b2b, "objection")), 1)
        self.assertEqual(self.env["gdpr.blacklist"].search([]), entry)

    def test_one_click_without_page(self):
        one_click = f"/gdpr/unsubscribe/{self.b2c.id}/{self.b2c._gdpr_token('object')}"
        self.assertEqual(self.url_open(one_click, data={"List-Unsubscribe": "One-Click"}).status_code, 200)
        self.assertTrue(self.b2c.gdpr_objected_on)
        bad = f"/gdpr/unsubscribe/{self.b2c.id}/{self.b2b._gdpr_token('object')}"
        self.assertInvalid(self.url_open(bad, data={"List-Unsubscribe": "One-Click"}))

    def test_withdrawal(self):
        self.b2c._gdpr_notice_left("notice-v1")
        self.b2c._gdpr_answer("consent_given", "phone", note="call of 3 May")
        self.post_form(self.url(self.b2c, "withdraw"))
        self.assertEqual(self.b2c.gdpr_consent_state, "withdrawn")
        self.assertEqual(self.env["gdpr.blacklist"].search([]).reason, "consent_withdrawn")

    def test_objection_after_erasure(self):
        url = self.url(self.b2b, "object")
        partner_id = self.b2b.id
        self.b2b.unlink()
        page = self.get(url)
        self.assertEqual(page.status_code, 200)
        self.assertIn("already been erased", page.text)
        self.post_form(url)
        self.assertTrue(self.env["gdpr.blacklist"]._screen(["bruno.pro@example.com"]))
        event = self.env["gdpr.event"].search([("partner_ref", "=", partner_id), ("event_type", "=", "objection")])
        self.assertEqual(len(event), 1)
        self.post_form(url)
        self.assertEqual(
            self.env["gdpr.event"].search_count([("partner_ref", "=", partner_id), ("event_type", "=", "objection")]),
            1,
        )

    def test_ip_only_when_enabled(self):
        self.company.gdpr_log_ip = True
        self.post_form(self.url(self.b2b, "object"))
        self.assertTrue(self.events(self.b2b, "objection").ip_address)

    def test_sources_page(self):
        self.env["gdpr.data.source"].create({"name": "Archived register", "active": False})
        response = self.get(f"/gdpr/sources?company_id={self.company.id}")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Trade directory", response.text)
        self.assertNotIn("Archived register", response.text)

    def same_page(self, response):
        return same_page(response)

    def test_malformed_ids_and_tokens_get_the_unknown_person_page(self):
        good = self.b2c._gdpr_token("consent")  # the person got a consent request: a nonce exists
        digest = good.partition("-")[2]
        unknown = self.get(f"/gdpr/consent/999999999/{good}")
        self.assertInvalid(unknown)
        pid = self.b2c.id
        malformed = [
            f"/gdpr/consent/{pid}/%C2%B2-x",  # '²'.isdigit() is true, int('²') raises
            f"/gdpr/consent/{pid}/%C2%B2-{digest}",
            f"/gdpr/consent/{pid}/%D9%A3-{digest}",  # an Arabic-Indic digit
            f"/gdpr/consent/{pid}/{'9' * 40}-{digest}",  # over-long expiry
            f"/gdpr/consent/{pid}/{good}{'0' * 3000}",  # over-long token
            f"/gdpr/consent/{pid}/{good.upper()}",
            f"/gdpr/consent/%C2%B2/{good}",  # non-ASCII id
            f"/gdpr/consent/%D9%A3/{good}",
            f"/gdpr/consent/{'9' * 30}/{good}",  # beyond PostgreSQL's integer
            f"/gdpr/consent/2147483648/{good}",
            f"/gdpr/consent/0{pid}/{good}",  # another spelling of the id
            f"/gdpr/consent/-{pid}/{good}",
            f"/gdpr/consent/{pid}.0/{good}",
            f"/gdpr/object/{pid}/%C2%B2",
            f"/gdpr/withdraw/{'1' * 5000}/x",
        ]
        for url in malformed:
            with self.subTest(url=url[:80]):
                response = self.get(url)
                self.assertInvalid(response)
                self.assertEqual(self.same_page(response), self.same_page(unknown))
        for url in (f"/gdpr/unsubscribe/{pid}/%C2%B2-x", f"/gdpr/unsubscribe/%C2%B2/{digest}"):
            with self.subTest(url=url):
                self.assertInvalid(self.url_open(url, data={"List-Unsubscribe": "One-Click"}, allow_redirects=False))
        self.assertFalse(self.b2c.gdpr_objected_on)
        # the right link still opens the page
        self.assertEqual(self.get(f"/gdpr/consent/{pid}/{good}").status_code, 200)

    def test_sources_with_a_bad_company_id_get_the_same_404(self):
        unknown = self.get(f"/gdpr/consent/999999999/{self.b2b._gdpr_token('object')}")
        for company_id in ("%C2%B2", "%D9%A3", "999999", "9" * 30, "x", "-1", "", "1.0"):
            with self.subTest(company_id=company_id):
                response = self.get(f"/gdpr/sources?company_id={company_id}")
                self.assertInvalid(response)
                self.assertEqual(self.same_page(response), self.same_page(unknown))
        self.assertEqual(self.get("/gdpr/sources").status_code, 200)

    def test_sources_page_links_only_web_addresses(self):
        source = self.env["gdpr.data.source"].create({"name": "Old register", "base_url": "https://old.example"})
        # written before the input check existed: the page shows no such link
        self.env.cr.execute("UPDATE gdpr_data_source SET base_url = 'javascript:alert(1)' WHERE id = %s", [source.id])
        self.env.cr.execute(
            "UPDATE res_company SET gdpr_privacy_policy_url = 'javascript:alert(2)' WHERE id = %s", [self.company.id]
        )
        self.env.invalidate_all()
        response = self.get(f"/gdpr/sources?company_id={self.company.id}")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Old register", response.text)
        self.assertIn('href="https://directory.example"', response.text)
        self.assertNotIn("javascript:", response.text)
        self.assertNotIn("Our privacy policy", response.text)
