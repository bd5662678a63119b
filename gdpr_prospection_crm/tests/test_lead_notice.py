import re
from datetime import datetime
from unittest.mock import patch

from freezegun import freeze_time
from lxml import etree

from odoo.addons.base.models.ir_mail_server import IrMailServer
from odoo.addons.mail.tests.common import MockEmail
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger
from odoo.tools.safe_eval import safe_eval

from .common import LeadCase


class LeadMailCase(LeadCase, MockEmail):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(
            {
                "email": "sales@controller.example",
                "street": "1 rue de la Paix",
                "zip": "75002",
                "city": "Paris",
                "gdpr_dpo_name": "Dora Protect",
                "gdpr_dpo_email": "dpo@controller.example",
                "gdpr_controller_contact": "privacy@controller.example",
            }
        )
        # a salesperson of the prospection roles: sees the pipeline's other leads too
        cls.prospector = new_test_user(
            cls.env,
            login="crm_prospector",
            groups="base.group_user,sales_team.group_sale_salesman,gdpr_prospection.group_gdpr_user",
            name="Prospector",
        )

    def notice_mails(self, leads):
        return (
            self.env["mail.mail"]
            .sudo()
            .search([("gdpr_text_version", "!=", False), ("model", "=", "crm.lead"), ("res_id", "in", leads.ids)])
        )

    def send_queue(self):
        self.env["mail.mail"].sudo().search([("state", "=", "outgoing")]).send()


@tagged("post_install", "-at_install")
class TestLeadNotice(LeadMailCase):
    def test_b2b_lead_notice_dated_when_it_leaves(self):
        lead = self.make_lead()
        with self.mock_mail_gateway():
            report = lead.with_user(self.gdpr_user).action_gdpr_send_notice()
            self.assertIn("1 notice(s) queued", report["params"]["message"])
            mail = self.notice_mails(lead)
            self.assertEqual(mail.state, "outgoing")
            self.assertFalse(lead.gdpr_notice_sent_on, "queued is not sent")
            with freeze_time("2026-05-04 10:00:00"):
                self.send_queue()
        self.assertEqual(lead.gdpr_notice_sent_on, datetime(2026, 5, 4, 10, 0))
        event = self.lead_events(lead, "notice_sent")
        self.assertEqual(len(event), 1)
        sent = self._mails[0]
        self.assertEqual(sent["email_to"], ["jeanne.martin@acme.example"])
        body = sent["body"]
        self.assertIn("Hello Jeanne Martin", body)
        self.assertIn("Trade directory", body)
        self.assertIn("job title", body)
        # the lead's own signed links, never a partner's
        self.assertIn(f"/gdpr/object/crm.lead/{lead.id}/", body)
        self.assertNotIn("sent-mail-only", body)
        self.assertIn(f"/gdpr/unsubscribe/crm.lead/{lead.id}/", sent["headers"]["List-Unsubscribe"])
        # the version names no one: the person's data became placeholders
        version = self.env["gdpr.notice.version"].search([("fingerprint", "=", event.text_version)])
        self.assertIn("data-gdpr", version.body_html)
        self.assertIn("[name]", version.body_html)
        self.assertNotIn("Jeanne Martin", version.body_html)
        self.assertNotIn("jeanne-martin", version.body_html)
        self.assertEqual(lead.gdpr_consent_state, "not_requested", "B2B is not asked for consent")

    def test_b2c_lead_notice_asks_consent(self):
        lead = self.make_lead(kind="b2c", function=False, partner_name=False)
        with self.mock_mail_gateway():
            lead.with_user(self.gdpr_user).action_gdpr_send_notice()
            self.assertEqual(lead.gdpr_consent_state, "not_requested")
            self.send_queue()
        self.assertEqual(lead.gdpr_consent_state, "pending")
        self.assertTrue(self.lead_events(lead, "consent_requested"))
        self.assertIn(f"/gdpr/consent/crm.lead/{lead.id}/", self._mails[0]["body"])

    def test_smtp_failure_records_nothing(self):
        lead = self.make_lead()
        with self.mock_mail_gateway(), mute_logger("odoo.addons.mail.models.mail_mail"):
            lead.action_gdpr_send_notice()
            with patch.object(IrMailServer, "send_email", side_effect=Exception("SMTP down")):
                self.send_queue()
            self.assertEqual(self.notice_mails(lead).state, "exception")
        self.assertFalse(lead.gdpr_notice_sent_on)
        self.assertFalse(self.lead_events(lead, "notice_sent"))

    def test_skip_rules(self):
        ok = self.make_lead(contact_name="Ok", email="ok@acme.example")
        company_only = self.make_lead(contact_name=False, email="info@acme.example", kind=False)
        no_email = self.make_lead(contact_name="No Email", email=False)
        objected = self.make_lead(contact_name="Objected", email="objected@acme.example")
        objected._gdpr_answer("objection", "phone")
        refused = self.make_lead(contact_name="Refused", email="refused@acme.example", kind="b2c")
        refused._gdpr_answer("consent_refused", "phone")
        suppressed = self.make_lead(contact_name="Suppressed", email="suppressed@acme.example")
        self.env["gdpr.blacklist"]._add([("Suppressed@Acme.example", None)], "manual")
        already = self.make_lead(contact_name="Already", email="already@acme.example")
        with self.mock_mail_gateway():
            already.action_gdpr_send_notice()
            self.send_queue()
            everyone = ok | company_only | no_email | objected | refused | suppressed | already
            report = everyone.with_user(self.prospector).action_gdpr_send_notice()
            queued = self.notice_mails(everyone).filtered(lambda m: m.state == "outgoing")
        self.assertEqual(queued.mapped("res_id"), ok.ids)
        message = report["params"]["message"]
        for text in (
            "1 notice(s) queued",
            f"1 skipped (not a prospect): {company_only.display_name}",
            f"1 skipped (no valid email address): {no_email.display_name}",
            f"1 skipped (objected): {objected.display_name}",
            f"1 skipped (refused consent): {refused.display_name}",
            f"1 skipped (on the suppression list): {suppressed.display_name}",
            f"1 skipped (notice already sent): {already.display_name}",
        ):
            self.assertIn(text, message)

    def test_incomplete_lead_template_refused(self):
        template = self.env.ref("gdpr_prospection_crm.mail_template_gdpr_lead_notice_b2b")
        self.assertEqual(template.gdpr_notice_type, "b2b")
        self.assertFalse(template.gdpr_missing_elements)
        template.body_html = str(template.body_html).replace('data-gdpr="objection"', "")
        self.assertIn("right to object", template.gdpr_missing_elements)
        lead = self.make_lead()
        with self.mock_mail_gateway(), self.assertRaisesRegex(UserError, "right to object"):
            lead.with_user(self.gdpr_user).action_gdpr_send_notice()
        self.assertFalse(self.notice_mails(lead))

    def test_notice_needs_the_prospection_role(self):
        lead = self.make_lead()
        with self.assertRaises(AccessError):
            lead.with_user(self.salesman).action_gdpr_send_notice()
        self.assertFalse(self.notice_mails(lead))

    def test_server_action_in_the_pipeline(self):
        for xmlid in ("action_server_gdpr_send_lead_notice", "action_server_gdpr_resend_lead_notice"):
            action = self.env.ref(f"gdpr_prospection_crm.{xmlid}")
            self.assertEqual(action.binding_model_id.model, "crm.lead")
            self.assertIn(self.env.ref("gdpr_prospection.group_gdpr_user"), action.groups_id)
            self.assertNotIn("form", action.binding_view_types, "one lead gets the button its state calls for")

    def test_the_lead_form_offers_send_or_re_send_by_state(self):
        lead = self.make_lead()
        arch = self.env["crm.lead"].with_user(self.gdpr_user).get_views([(False, "form")])["views"]["form"]["arch"]
        page = etree.fromstring(arch).xpath("//page[@name='gdpr']")[0]

        def visible(record):
            shown = set()
            for button in page.iter("button"):
                conditions = [n.get("invisible") for n in button.iterancestors() if n.get("invisible")]
                conditions.append(button.get("invisible"))
                values = {"context": {}, "id": record.id}
                for condition in filter(None, conditions):
                    values.update({name: record[name] for name in re.findall(r"\b(gdpr_\w+)\b", condition)})
                    if safe_eval(condition, values):
                        break
                else:
                    shown.add(button.get("name"))
            return shown

        self.assertIn("action_gdpr_send_notice", visible(lead))
        self.assertNotIn("action_gdpr_resend_notice", visible(lead))
        lead._gdpr_notice_left("v1")
        self.assertNotIn("action_gdpr_send_notice", visible(lead))
        self.assertIn("action_gdpr_resend_notice", visible(lead))


@tagged("post_install", "-at_install")
class TestLeadGate(LeadMailCase):
    def test_chatter_message_to_uninformed_lead_refused(self):
        lead = self.make_lead()
        # the chatter reaches the lead's person through a partner of the same address
        person = self.env["res.partner"].create({"name": "Jeanne Martin", "email": "jeanne.martin@acme.example"})
        Gate = self.env["gdpr.outgoing.gate"].with_user(self.gdpr_user)
        with self.assertRaisesRegex(UserError, "not received the GDPR notice"):
            Gate._check_partners(person, model="crm.lead")
        with self.mock_mail_gateway():
            lead.with_user(self.gdpr_user).message_post(
                body="Our offer", partner_ids=person.ids, subtype_xmlid="mail.mt_comment"
            )
            self.send_queue()
        self.assertFalse(self._mails, "nothing left before the notice")
        # once informed, the same message leaves
        with self.mock_mail_gateway():
            lead.action_gdpr_send_notice()
            self.send_queue()
        self.assertTrue(lead.gdpr_notice_sent_on)
        Gate._check_partners(person, model="crm.lead")
        with self.mock_mail_gateway():
            lead.with_user(self.gdpr_user).message_post(
                body="Our offer", partner_ids=person.ids, subtype_xmlid="mail.mt_comment"
            )
            self.send_queue()
        self.assertEqual(len(self._mails), 1)

    def test_typed_address_of_a_lead_prospect(self):
        b2c = self.make_lead(kind="b2c", email="consumer@acme.example", function=False, partner_name=False)
        objected = self.make_lead(contact_name="Objected", email="objected@acme.example")
        objected._gdpr_notice_left("notice-v1")
        objected._gdpr_answer("objection", "phone")
        b2c._gdpr_notice_left("notice-v1")
        Mail = self.env["mail.mail"]
        with self.mock_mail_gateway():
            mails = Mail.create(
                [
                    {"model": "crm.lead", "res_id": lead.id, "email_to": lead.email_from, "body_html": "<p>Offer</p>"}
                    for lead in (b2c, objected)
                ]
            )
            mails.sudo().send()
        self.assertEqual(mails.mapped("state"), ["cancel", "cancel"])
        self.assertEqual(mails.mapped("failure_type"), ["gdpr_blocked", "gdpr_blocked"])
        self.assertIn("not consented", mails[0].failure_reason)
        self.assertIn("suppression list", mails[1].failure_reason, "an objection puts the person on the list")
        self.assertFalse(self._mails)

    def test_notice_to_a_lead_passes_the_gate(self):
        lead = self.make_lead(kind="b2c", function=False, partner_name=False)
        with self.mock_mail_gateway():
            lead.action_gdpr_send_notice()
            self.send_queue()
        self.assertEqual(len(self._mails), 1, "the notice itself may leave")


@tagged("post_install", "-at_install")
class TestLeadNightlyNotice(LeadMailCase):
    @freeze_time("2026-04-28")
    def test_the_nightly_job_informs_leads_before_their_deadline(self):
        self.company.gdpr_auto_notice = True
        due = self.make_lead(gdpr_collected_on=datetime(2026, 4, 1).date())
        later = self.make_lead(
            contact_name="Paul Later", email="paul.later@acme.example", gdpr_collected_on=datetime(2026, 4, 20).date()
        )
        partner_due = self.make_prospect(name="Due Partner", email="due.partner@example.com")
        partner_due.gdpr_collected_on = datetime(2026, 4, 1).date()
        with self.mock_mail_gateway():
            self.env.ref("gdpr_prospection.ir_cron_gdpr_notice").method_direct_trigger()
        self.assertEqual(self.notice_mails(due).email_to, "jeanne.martin@acme.example")
        self.assertFalse(self.notice_mails(later))
        partner_mail = (
            self.env["mail.mail"]
            .sudo()
            .search(
                [("gdpr_text_version", "!=", False), ("model", "=", "res.partner"), ("res_id", "=", partner_due.id)]
            )
        )
        self.assertTrue(partner_mail, "partners and leads in the same night")

    @freeze_time("2026-04-28")
    def test_a_full_batch_leaves_the_leads_for_the_next_one(self):
        self.company.gdpr_auto_notice = True
        lead = self.make_lead(gdpr_collected_on=datetime(2026, 4, 1).date())
        partner = self.make_prospect(name="Due Partner", email="due.partner@example.com")
        partner.gdpr_collected_on = datetime(2026, 4, 1).date()
        with self.mock_mail_gateway():
            self.env["gdpr.notice"].sudo()._cron_send_due(batch_size=1)
            self.assertFalse(self.notice_mails(lead), "the partner took the batch")
            self.env["gdpr.notice"].sudo()._cron_send_due(batch_size=1)
            self.env["gdpr.notice"].sudo()._cron_send_due(batch_size=1)
        self.assertTrue(self.notice_mails(lead))
