import re
from unittest.mock import patch
from urllib.parse import urlsplit

from lxml import html
from markupsafe import Markup

from odoo.addons.base.models.ir_mail_server import IrMailServer
from odoo.tests import HttpCase, tagged
from odoo.tools import SQL, mute_logger

from .mail_common import GdprMailCase

PAGE_TITLES = {
    "consent": "May we send you our offers?",
    "object": "Stop all direct marketing",
    "withdraw": "Withdraw your consent",
}
INVALID = "This link is not valid"
TOKEN_RE = re.compile(r"/gdpr/(?:consent|object|withdraw|unsubscribe)/\d+/(?:\d+-)?([0-9a-f]{64})")


@tagged("post_install", "-at_install")
class TestNoticeLinks(GdprMailCase, HttpCase):
    """No working answer link is ever stored: whoever reads a queued mail or
    the chatter cannot answer in the person's name. The mail as it leaves
    holds the working links."""

    def links(self, text):
        """{action: [path]} of the links to the public pages in ``text``."""
        found = {}
        if not text:
            return found
        for href in html.fromstring(str(text)).xpath("//a/@href"):
            path = urlsplit(href).path
            match = re.match(r"/gdpr/(consent|object|withdraw)/", path)
            if match:
                found.setdefault(match.group(1), []).append(path)
        return found

    def assertLinksOpen(self, text, actions):
        links = self.links(text)
        self.assertEqual(set(links), set(actions))
        for action, paths in links.items():
            for path in paths:
                response = self.url_open(path, allow_redirects=False)
                self.assertEqual(response.status_code, 200, path)
                self.assertIn(PAGE_TITLES[action], response.text)

    def assertLinksDead(self, text, actions):
        links = self.links(text)
        self.assertEqual(set(links), set(actions), "the stored copy keeps the links, inert")
        for paths in links.values():
            for path in paths:
                response = self.url_open(path, allow_redirects=False)
                self.assertEqual(response.status_code, 404, path)
                self.assertIn(INVALID, response.text)
                self.assertNotIn(PAGE_TITLES["object"], response.text)

    def tables_holding(self, secrets):
        """Every table of the database where one of ``secrets`` is stored."""
        self.env.flush_all()
        cr = self.env.cr
        cr.execute(
            """SELECT c.table_name, array_agg(c.column_name::text)
                 FROM information_schema.columns c
                 JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
                WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
                  AND c.data_type IN ('text', 'character varying', 'jsonb', 'bytea')
                GROUP BY c.table_name"""
        )
        patterns = [f"%{secret}%" for secret in secrets]
        found = []
        for table, columns in cr.fetchall():
            condition = SQL(" OR ").join(SQL("%s::text LIKE ANY(%s)", SQL.identifier(c), patterns) for c in columns)
            cr.execute(SQL("SELECT 1 FROM %s WHERE %s LIMIT 1", SQL.identifier(table), condition))
            if cr.fetchone():
                found.append(table)
        return found

    def sent_tokens(self):
        tokens = set()
        for mail in self._mails:
            for text in (mail["body"], mail.get("body_alternative"), *mail.get("headers", {}).values()):
                tokens.update(TOKEN_RE.findall(str(text or "")))
        return tokens

    def send_notice(self, prospect):
        """Queue and send the notice; the queued and the sent mail.mail and
        the chatter copy, as stored."""
        with self.mock_mail_gateway(), self.assertLogs("odoo", level="DEBUG") as logs:
            prospect.with_user(self.gdpr_user).action_gdpr_send_notice()
            mail = self.notice_mails(prospect)
            queued = mail.body_html
            self.send_queue()
        self.assertEqual(mail.state, "sent")
        tokens = self.sent_tokens()
        self.assertTrue(tokens)
        self.assertFalse([line for line in logs.output if any(token in line for token in tokens)], "never logged")
        return queued, mail, mail.mail_message_id

    def test_b2b_notice_stores_no_working_link(self):
        prospect = self.make_prospect()
        queued, mail, message = self.send_notice(prospect)
        for stored in (queued, mail.body_html, message.body):
            self.assertLinksDead(stored, ["object"])
        sent = self._mails[0]
        self.assertLinksOpen(sent["body"], ["object"])
        self.assertIn(urlsplit(self.links(sent["body"])["object"][0]).path, sent["body_alternative"])
        self.assertEqual(self.tables_holding(self.sent_tokens()), [])
        self.assertFalse(prospect.gdpr_objected_on, "opening the page changes nothing")

    def test_b2c_notice_stores_no_working_link(self):
        prospect = self.make_prospect(name="Claire Conso", email="claire.conso@example.com", kind="b2c")
        queued, mail, message = self.send_notice(prospect)
        for stored in (queued, mail.body_html, message.body):
            self.assertLinksDead(stored, ["consent", "object"])
        self.assertLinksOpen(self._mails[0]["body"], ["consent", "object"])
        self.assertEqual(self.tables_holding(self.sent_tokens()), [])
        self.assertEqual(prospect.gdpr_consent_state, "pending")

    def test_failed_notice_kept_in_the_queue_holds_no_working_link(self):
        """Core keeps a mail that failed to leave: its body stays inert."""
        prospect = self.make_prospect(kind="b2c")
        with self.mock_mail_gateway(), mute_logger("odoo.addons.mail.models.mail_mail"):
            prospect.action_gdpr_send_notice()
            with patch.object(IrMailServer, "send_email", side_effect=Exception("SMTP down")):
                self.send_queue()
        mail = self.notice_mails(prospect)
        self.assertEqual(mail.state, "exception")
        self.assertLinksDead(mail.body_html, ["consent", "object"])
        self.assertLinksDead(mail.mail_message_id.body, ["consent", "object"])
        self.assertTrue(self.sent_tokens(), "the mail was built, with its links, before SMTP failed")
        self.assertEqual(self.tables_holding(self.sent_tokens()), [])

    def test_footer_links_work_only_in_the_sent_mail(self):
        prospect = self.make_prospect(kind="b2c")
        prospect._gdpr_notice_left("notice-v1")
        prospect._gdpr_answer("consent_given", "web")
        with self.mock_mail_gateway():
            message = prospect.with_user(self.gdpr_user).message_post(
                body="Our new offer", partner_ids=prospect.ids, subtype_xmlid="mail.mt_comment"
            )
            self.send_queue()
        self.assertEqual(self.links(message.body), {})
        self.assertLinksOpen(self._mails[0]["body"], ["object", "withdraw"])
        self.assertEqual(self.tables_holding(self.sent_tokens()), [])

    def test_a_mail_signs_only_its_recipients_links(self):
        """A placeholder of another person pasted into a message stays inert."""
        prospect = self.make_prospect()
        other = self.make_prospect(name="Other Person", email="other@example.com")
        prospect._gdpr_notice_left("notice-v1")
        body = Markup('<p>See <a href="%s">this</a></p>') % other._gdpr_public_url("object")
        with self.mock_mail_gateway():
            prospect.message_post(body=body, partner_ids=prospect.ids, subtype_xmlid="mail.mt_comment")
            self.send_queue()
        links = self.links(self._mails[0]["body"])["object"]
        self.assertEqual(len(links), 2)
        self.assertIn(urlsplit(other._gdpr_public_url("object")).path, links)
        self.assertEqual(self.url_open(links[0], allow_redirects=False).status_code, 404)
        self.assertEqual(self.url_open(links[1], allow_redirects=False).status_code, 200)
