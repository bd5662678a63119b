from datetime import date

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

from .common import LeadCase

MAIL = """Return-Path: <{sender}>
From: {name} <{sender}>
To: sales@controller.example
Subject: {subject}
Message-ID: <{msg_id}@sender.example>
{extra}Content-Type: text/plain; charset=utf-8

Hello, could you send me a quote?
"""


@tagged("post_install", "-at_install")
class TestLeadInbound(LeadCase):
    """Leads the person made: a mail to an alias (here), a live chat (its
    bridge). No Article 14 notice; the DPO's basis for the channel; the
    prospects' retention and erasure."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # a salesperson of the prospection roles
        cls.seller = new_test_user(
            cls.env,
            login="gdpr_seller",
            groups="sales_team.group_sale_salesman,gdpr_prospection.group_gdpr_user",
            name="Seller",
        )

    def receive(self, sender, name="Chloé Client", subject="Quote please", msg_id=None, extra=""):
        msg_id = msg_id or sender.split("@")[0]
        message = MAIL.format(sender=sender, name=name, subject=subject, msg_id=msg_id, extra=extra)
        self.env["mail.thread"].message_process("crm.lead", message)
        return self.env["crm.lead"].search([("name", "=", subject)])

    @freeze_time("2026-03-02")
    def test_a_mail_from_the_person_makes_an_inbound_lead(self):
        self.company.write({"gdpr_inbound_basis_mail": "legitimate_interest", "gdpr_retention_months": 36})
        lead = self.receive("chloe.client@example.com")
        self.assertEqual(lead.gdpr_inbound_channel, "mail")
        self.assertFalse(lead.gdpr_prospect_type, "the person wrote to us: no prospect")
        self.assertEqual(lead.gdpr_lawful_basis, "legitimate_interest", "the DPO's basis for mail")
        self.assertEqual(lead.gdpr_collected_on, date(2026, 3, 2))
        self.assertEqual(lead.gdpr_retention_until, date(2029, 3, 2))
        self.assertFalse(lead.gdpr_notice_due_on, "no Article 14 notice is due")
        collected = self.lead_events(lead, "collected")
        self.assertEqual((len(collected), collected.channel), (1, "email"))

    def test_each_channel_has_its_own_basis(self):
        self.company.write({"gdpr_inbound_basis_mail": "contract", "gdpr_inbound_basis_livechat": "consent"})
        lead = self.receive("max.mail@example.com")
        self.assertEqual(lead.gdpr_lawful_basis, "contract")
        chat = self.env["crm.lead"].create({"name": "From a chat", "contact_name": "Lea Chat"})
        chat._gdpr_record_inbound("livechat")
        self.assertEqual(chat.gdpr_lawful_basis, "consent")

    def test_a_mail_that_names_only_a_company_stays_a_plain_lead(self):
        lead = self.receive("info@acme.example", name="", subject="Catalogue")
        self.assertTrue(lead)
        self.assertFalse(lead.gdpr_inbound_channel)
        self.assertFalse(lead.gdpr_retention_until)

    def test_a_reply_from_the_person_restarts_retention_an_autoreply_does_not(self):
        with freeze_time("2026-01-10"):
            lead = self.receive("rita.reply@example.com", subject="Rita asks", msg_id="first")
        self.assertEqual(lead.gdpr_retention_until, date(2029, 1, 10))
        self.assertFalse(self.lead_events(lead, "contact"), "the mail that made the lead is no later contact")
        with freeze_time("2026-02-01"):
            self.receive(
                "rita.reply@example.com",
                subject="Re: Rita asks",
                msg_id="away",
                extra="In-Reply-To: <first@sender.example>\nAuto-Submitted: auto-replied\n",
            )
        self.assertEqual(lead.gdpr_retention_until, date(2029, 1, 10), "an out-of-office is no contact")
        with freeze_time("2026-04-15"):
            self.receive(
                "rita.reply@example.com",
                subject="Re: Rita asks",
                msg_id="second",
                extra="In-Reply-To: <first@sender.example>\n",
            )
        self.assertEqual(lead.gdpr_last_contact_on, date(2026, 4, 15))
        self.assertEqual(lead.gdpr_retention_until, date(2029, 4, 15))

    def test_nobody_marks_a_lead_as_inbound_by_hand(self):
        Lead = self.env["crm.lead"].with_user(self.seller)
        with self.assertRaises(UserError):
            Lead.create({"name": "Fake", "contact_name": "Paul Fake", "gdpr_inbound_channel": "website"})
        lead = Lead.create({"name": "Plain", "contact_name": "Paul Plain"})
        with self.assertRaises(UserError):
            lead.write({"gdpr_inbound_channel": "mail"})
        with self.assertRaises(UserError):
            lead.with_user(self.dpo).write({"gdpr_inbound_channel": "mail"})
        self.assertFalse(lead.gdpr_inbound_channel)

    def test_the_purge_erases_inbound_leads_at_retention_end_or_objection_only(self):
        with freeze_time("2022-01-10"):
            old = self.receive("olga.old@example.com", subject="Old request")
            won = self.receive("walter.won@example.com", subject="Won request")
            plain = self.env["crm.lead"].create(
                {"name": "Old plain lead", "contact_name": "Pia Plain", "email_from": "pia@example.com"}
            )
        won.action_set_won()
        with freeze_time("2026-06-01"):
            recent = self.receive("rob.recent@example.com", subject="Recent request")
            objector = self.receive("otto.objects@example.com", subject="Otto asks")
            objector._gdpr_answer("objection", "email")
            self.assertEqual(old.gdpr_erasure_reason, "retention_expired")
            self.assertEqual(objector.gdpr_erasure_reason, "objected")
            self.assertFalse(recent.gdpr_erasure_reason, "no consent clock for a person who wrote to us")
            self.assertFalse(won.gdpr_erasure_reason, "a won deal is a customer relationship")
            run = self.purge()
        self.assertFalse(old.with_context(active_test=False).exists())
        self.assertFalse(objector.with_context(active_test=False).exists())
        self.assertTrue(recent.exists() and won.exists() and plain.exists())
        self.assertEqual((run.retention_expired_count, run.objected_count), (1, 1))
        self.assertEqual(self.suppression_reason("otto.objects@example.com"), "objection")
        self.assertFalse(self.suppression_reason("olga.old@example.com"))

    def test_a_suppressed_person_who_writes_is_answered_never_marketed(self):
        self.Blacklist._add([("sam.suppressed@example.com", False)], "manual")
        lead = self.receive("sam.suppressed@example.com", subject="Sam asks")
        self.assertEqual(lead.gdpr_inbound_channel, "mail", "their request is recorded")
        Gate = self.env["gdpr.outgoing.gate"]
        empty = self.env["res.partner"]
        _partners, by_email, _phones = Gate._refusals(empty, ["sam.suppressed@example.com"], "ordinary")
        self.assertFalse(by_email, "a reply to their own request leaves")
        _partners, by_email, _phones = Gate._refusals(empty, ["sam.suppressed@example.com"], "marketing")
        self.assertEqual(by_email, {"sam.suppressed@example.com": "suppressed"})

    def test_a_new_retention_period_applies_to_inbound_leads(self):
        with freeze_time("2026-03-02"):
            lead = self.receive("nina.new@example.com", subject="Nina asks")
            self.company.sudo().gdpr_retention_months = 24
        self.assertEqual(lead.gdpr_retention_until, date(2028, 3, 2))

    def test_an_objection_by_phone_is_recorded_on_the_lead_and_erases_it(self):
        lead = self.receive("paula.phone@example.com", subject="Paula asks")
        wizard = (
            self.env["gdpr.answer.wizard"]
            .with_user(self.seller)
            .with_context(active_model="crm.lead", active_ids=lead.ids)
            .create({"answer": "objection", "channel": "phone"})
        )
        self.assertEqual(wizard.lead_ids, lead)
        wizard.action_apply()
        self.assertTrue(lead.gdpr_objected_on)
        self.assertEqual(lead.gdpr_erasure_reason, "objected")
        self.assertEqual(self.lead_events(lead, "objection").channel, "phone")
        self.assertEqual(self.suppression_reason("paula.phone@example.com"), "objection")

    def test_a_plain_lead_takes_no_answer(self):
        lead = self.env["crm.lead"].create({"name": "Plain", "contact_name": "Pat Plain"})
        wizard = (
            self.env["gdpr.answer.wizard"]
            .with_context(active_model="crm.lead", active_ids=lead.ids)
            .create({"answer": "objection", "channel": "phone"})
        )
        with self.assertRaises(UserError):
            wizard.action_apply()

    def test_qualifying_a_person_who_wrote_puts_them_under_the_prospects_rules(self):
        with freeze_time("2026-03-02"):
            lead = self.receive("quentin.qualified@example.com", subject="Quentin asks")
        with freeze_time("2026-03-05"):
            lead.with_user(self.seller).write(
                {"gdpr_prospect_type": "b2b", "function": "Buyer", "gdpr_source_id": self.source.id}
            )
            self.assertEqual(lead.gdpr_collected_on, date(2026, 3, 2), "retention still counts from their message")
            self.assertTrue(lead.gdpr_notice_due_on, "the notice is due before any prospection")
            _partners, by_email, _phones = self.env["gdpr.outgoing.gate"]._refusals(
                self.env["res.partner"], ["quentin.qualified@example.com"], "marketing"
            )
        self.assertEqual(by_email, {"quentin.qualified@example.com": "not_informed"})

    def test_the_administrators_settings_set_the_channels_basis(self):
        settings = self.env["res.config.settings"].create({"gdpr_inbound_basis_livechat": "consent"})
        settings.execute()
        self.assertEqual(self.company.gdpr_inbound_basis_livechat, "consent")
