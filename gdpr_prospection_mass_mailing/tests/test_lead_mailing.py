import unittest

from odoo.tests import tagged

from .test_mass_mailing import MailingGateCase


@tagged("post_install", "-at_install")
class TestLeadMailing(MailingGateCase):
    """A mailing on leads (CRM) meets the same rules as one on partners:
    the lead's own address is the recipient."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if "crm.lead" not in cls.env or "gdpr_prospect_type" not in cls.env["crm.lead"]._fields:
            raise unittest.SkipTest("CRM and its bridge are not installed")

    def make_lead(self, name, email, kind="b2b", **values):
        vals = {
            "name": f"Opportunity with {name}",
            "contact_name": name,
            "email_from": email,
            "gdpr_prospect_type": kind,
            "gdpr_source_id": self.source.id,
            "gdpr_source_url": "https://directory.example/leads",
            "user_id": False,
        }
        if kind == "b2b":
            vals.update(partner_name="Acme", function="Purchasing manager")
        vals.update(values)
        return self.env["crm.lead"].create(vals)

    def test_mailing_on_leads_follows_every_prospect_rule(self):
        consumer = self.make_lead("Cora Consumer", "cora.lead@example.com", kind="b2c")
        uninformed = self.make_lead("Ulysse Uninformed", "ulysse.lead@example.com")
        informed = self.make_lead("Ines Informed", "ines.lead@example.com")
        with self.mock_mail_gateway():
            informed.action_gdpr_send_notice()
            self.send_queue()
        self.assertTrue(informed.gdpr_notice_sent_on)
        plain = self.env["crm.lead"].create({"name": "A plain lead", "email_from": "plain.lead@example.com"})
        leads = consumer | uninformed | informed | plain
        mailing = self.make_mailing(leads)
        with self.mock_mail_gateway(mail_unlink_sent=False):
            mailing.action_send_mail()
            self.send_queue()
        statuses = [trace.trace_status for trace in self.traces(mailing, leads)]
        self.assertEqual(statuses, ["cancel", "cancel", "sent", "sent"])
        self.assertTrue(self.sent_to("ines.lead@example.com"))
        self.assertTrue(self.sent_to("plain.lead@example.com"))
        for address in ("cora.lead@example.com", "ulysse.lead@example.com"):
            self.assertFalse(self.sent_to(address), address)

    def test_a_mailing_reaches_a_person_who_wrote_to_us_only_once_qualified(self):
        asked = self.env["crm.lead"].create(
            {"name": "Quote", "contact_name": "Wes Wrote", "email_from": "wes.wrote@example.com"}
        )
        asked._gdpr_record_inbound("website")
        mailing = self.make_mailing(asked)
        with self.mock_mail_gateway(mail_unlink_sent=False):
            mailing.action_send_mail()
            self.send_queue()
        self.assertEqual([trace.trace_status for trace in self.traces(mailing, asked)], ["cancel"])
        self.assertFalse(self.sent_to("wes.wrote@example.com"))
        # a one-to-one answer to their request leaves
        answer = (
            self.env["mail.mail"]
            .sudo()
            .create(
                {
                    "email_to": "wes.wrote@example.com",
                    "subject": "Your quote",
                    "body_html": "<p>Here is your quote</p>",
                    "model": "crm.lead",
                    "res_id": asked.id,
                }
            )
        )
        with self.mock_mail_gateway():
            answer.send()
        self.assertTrue(self.sent_to("wes.wrote@example.com"))
