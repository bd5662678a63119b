from datetime import date

from odoo.tests import tagged

from .mail_common import GdprMailCase


@tagged("post_install", "-at_install")
class TestNoticeVersion(GdprMailCase):
    """A notice version is the text as sent, naming no one: years later the
    DPO shows any person's exact notice without keeping their data."""

    def send(self, prospects):
        with self.mock_mail_gateway():
            prospects.action_gdpr_send_notice()
            self.send_queue()
        return (
            self.env["gdpr.event"]
            .sudo()
            .search([("partner_id", "in", prospects.ids), ("event_type", "=", "notice_sent")])
        )

    def version(self, event):
        return self.env["gdpr.notice.version"].sudo().search([("fingerprint", "=", event.text_version)])

    def test_the_text_as_sent_with_placeholders(self):
        anna = self.make_prospect(
            name="Anna Zielinska",
            email="anna.zielinska@acme.example",
            gdpr_collected_on=date(2026, 3, 2),
            gdpr_source_url="https://directory.example/anna-zielinska",
        )
        bert = self.make_prospect(
            name="Bert Okafor",
            email="bert.okafor@acme.example",
            gdpr_collected_on=date(2026, 3, 9),
            gdpr_source_url="https://directory.example/bert-okafor",
        )
        events = self.send(anna | bert)
        self.assertEqual(len(events), 2)
        self.assertEqual(len(set(events.mapped("text_version"))), 1, "the same text for both: one version")
        version = self.version(events[0])
        text = version.body_html
        for personal in ("Anna", "Zielinska", "Bert", "Okafor", "anna-zielinska", "03/02/2026", "03/09/2026"):
            self.assertNotIn(personal, text)
        self.assertNotIn(f"/{anna.id}/", text, "no working link either")
        for placeholder in ("[name]", "[source URL]", "[collection date]", "/gdpr/object/[id]/[token]"):
            self.assertIn(placeholder, text)
        # what the company said is all there, as rendered
        self.assertIn(self.company.gdpr_controller_contact, text)
        self.assertIn(">36</span> months", text)

    def test_a_settings_change_is_a_new_version(self):
        first = self.send(self.make_prospect(name="Anna Zielinska", email="anna@acme.example"))
        self.company.gdpr_recipients = "our sales team and our mailing provider"
        second = self.send(self.make_prospect(name="Bert Okafor", email="bert@acme.example"))
        self.assertNotEqual(first.text_version, second.text_version)
        self.assertNotIn("mailing provider", self.version(first).body_html)
        self.assertIn("mailing provider", self.version(second).body_html)
