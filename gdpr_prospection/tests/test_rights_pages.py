import re
from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.tests import tagged

from ..policy import rights
from .rights_common import CSRF, RightsPageCase


@tagged("post_install", "-at_install")
class TestRightsPages(RightsPageCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.offer_french_to_visitors()
        cls.prospect = cls.make_prospect(name="Bruno Pro", email="bruno.pro@example.com")

    def test_known_and_unknown_get_the_same_answer(self):
        with self.mock_mail_gateway():
            known = self.ask("Bruno.Pro@example.com")
            unknown = self.ask("nobody@example.com")
        self.assertEqual(known.status_code, 200)
        strip = lambda text: CSRF.sub("", text)  # noqa: E731
        self.assertEqual(strip(known.text).encode(), strip(unknown.text).encode())
        self.assertIn("If we hold data about this address, we have sent it a link", known.text)
        mails = self._new_mails.filtered("gdpr_request_id")
        self.assertEqual(mails.mapped("email_to"), ["bruno.pro@example.com"], "to that address only")
        self.assertNotIn("/gdpr/request/", re.sub(r"/gdpr/request/\d+/" + rights.PLACEHOLDER, "", mails.body_html))
        request = self.requests()
        self.assertEqual((request.request_type, request.state, request.partner_id), ("access", "new", self.prospect))
        # and in the same time: each answer waited until the same floor
        self.assertEqual(len(self.waits), 2)
        for waited in self.waits:
            self.assertTrue(0 < waited <= rights.ANSWER_SECONDS)

    def test_get_changes_nothing(self):
        with self.mock_mail_gateway():
            self.ask("bruno.pro@example.com")
            link = self.link_of_sent_mail()
        self.url_open(link)
        self.url_open(link)
        request = self.requests()
        self.assertEqual(request.state, "new")
        self.assertTrue(request.sudo().token_nonce)
        self.assertEqual(self.url_open("/gdpr/request/mine").status_code, 404)

    def test_link_works_once(self):
        with self.mock_mail_gateway():
            self.ask("bruno.pro@example.com")
            link = self.link_of_sent_mail()
        self.assertEqual(self.open_link(link).status_code, 303)
        self.assertEqual(self.requests().state, "done", "the page answers the access request")
        page = self.url_open("/gdpr/request/mine")
        self.assertIn("Trade directory", page.text)
        self.assertIn("https://directory.example/jeanne-martin", page.text)
        self.assertIn("Data collected", page.text)
        self.assertEqual(self.url_open(link).status_code, 404, "burnt")

    def test_link_expires_after_24_hours(self):
        with self.mock_mail_gateway():
            self.ask("bruno.pro@example.com")
            link = self.link_of_sent_mail()
        request_id = self.requests().id
        later = fields.Datetime.now() + timedelta(hours=24, minutes=1)
        with freeze_time(later):
            self.assertEqual(self.url_open(link).status_code, 404)
        self.assertEqual(self.url_open(link[:-1] + ("0" if link[-1] != "0" else "1")).status_code, 404)
        self.assertEqual(self.url_open(f"/gdpr/request/{request_id + 1}/{link.rsplit('/', 1)[1]}").status_code, 404)
        self.assertEqual(self.url_open(link).status_code, 200)

    def test_object_from_the_page(self):
        page = self.verified_page()
        done = self.act(page, "object")
        self.assertIn("We will not send you direct marketing any more", done.text)
        self.assertTrue(self.prospect.gdpr_objected_on)
        objection = self.requests().filtered(lambda r: r.request_type == "objection")
        self.assertEqual(objection.state, "done")
        self.assertEqual(objection.event_ids.mapped("event_type"), ["objection"])
        self.assertEqual(objection.event_ids.channel, "web")
        self.assertTrue(self.env["gdpr.blacklist"]._screen(emails=["bruno.pro@example.com"]))

    def test_withdraw_from_the_page(self):
        consumer = self.make_prospect(name="Claire", email="claire@example.com", kind="b2c")
        consumer._gdpr_notice_left("v1")
        consumer._gdpr_answer("consent_given", "web")
        page = self.verified_page("claire@example.com")
        self.assertIn("Withdraw my consent", page.text)
        self.act(page, "withdraw")
        self.assertEqual(consumer.gdpr_consent_state, "withdrawn")
        withdrawal = self.requests().filtered(lambda r: r.request_type == "objection")
        self.assertEqual(withdrawal.event_ids.mapped("event_type"), ["consent_withdrawn"])

    def test_rectification_goes_to_the_dpo(self):
        page = self.verified_page()
        done = self.act(page, "rectify", details="My job title is Head of purchasing.")
        self.assertIn("Our data protection officer will correct your data", done.text)
        rectification = self.requests().filtered(lambda r: r.request_type == "rectification")
        self.assertEqual(rectification.state, "verified")
        self.assertEqual(rectification.details, "My job title is Head of purchasing.")
        self.assertEqual(self.prospect.function, "Purchasing manager", "the DPO corrects, not the page")

    def test_erasure_leaves_the_suppression_entry_and_evidence(self):
        partner_id = self.prospect.id
        page = self.verified_page()
        done = self.act(page, "erase")
        self.assertIn("Your data is being erased now", done.text)
        self.env.ref("gdpr_prospection.ir_cron_gdpr_purge").sudo().method_direct_trigger()
        self.assertFalse(self.env["res.partner"].with_context(active_test=False).search([("id", "=", partner_id)]))
        entry = self.env["gdpr.blacklist"].search([("email_hash", "!=", False)])
        self.assertEqual(entry.reason, "erasure_request")
        # privacy_lookup-style residue check: the address is nowhere in clear
        self.env.flush_all()
        for table, column in (("res_partner", "email"), ("mail_mail", "email_to"), ("mail_message", "email_from")):
            self.env.cr.execute(f"SELECT count(*) FROM {table} WHERE {column} ILIKE %s", ["%bruno.pro%"])  # noqa: S608
            self.assertEqual(self.env.cr.fetchone()[0], 0, table)
        erasure = self.requests().filtered(lambda r: r.request_type == "erasure")
        self.assertEqual(erasure.state, "done")
        self.assertFalse(erasure.partner_id)
        self.assertEqual(sorted(erasure.event_ids.mapped("event_type")), ["objection", "purged"])
        # the erased person comes back
        self._mails = []
        again = self.verified_page()
        self.assertIn("We hold nothing about this address except what lets us never contact you again", again.text)
        self.assertNotIn("Erase my data", again.text)

    def test_rate_limits(self):
        with self.mock_mail_gateway():
            for __ in range(rights.MAILS_PER_ADDRESS + 1):
                self.assertEqual(self.ask("bruno.pro@example.com").status_code, 200)
        self.assertEqual(len(self._new_mails.filtered("gdpr_request_id")), rights.MAILS_PER_ADDRESS)
        for index in range(rights.REQUESTS_PER_IP - rights.MAILS_PER_ADDRESS - 1):
            self.assertEqual(self.ask(f"other{index}@example.com").status_code, 200)
        self.assertEqual(self.ask("last@example.com").status_code, 429)
        self.assertEqual(self.env["gdpr.request.attempt"].sudo().search_count([]), rights.REQUESTS_PER_IP)
        with freeze_time(fields.Datetime.now() + timedelta(hours=1, minutes=1)):
            self.assertEqual(self.ask("last@example.com").status_code, 200)

    def test_french_visitor(self):
        headers = {"Accept-Language": "fr-FR,fr;q=0.9"}
        form = self.url_open("/gdpr/request", headers=headers)
        self.assertIn('"lang": "fr_FR"', form.text)
        with self.mock_mail_gateway():
            self.ask("bruno.pro@example.com", headers=headers)
        self.assertEqual(self.requests().lang, "fr_FR")

    def test_linked_from_sources_page(self):
        self.assertIn('href="/gdpr/request"', self.url_open("/gdpr/sources").text)
