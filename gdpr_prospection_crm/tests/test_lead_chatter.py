from odoo.exceptions import UserError
from odoo.tests import HttpCase, JsonRpcException, tagged

from .common import LeadCase


@tagged("post_install", "-at_install")
class TestLeadChatter(LeadCase, HttpCase):
    """A salesperson's "Send message" on a lead, as the web client posts it:
    the lead's person is a suggested recipient without a partner, given by
    address. A message the rules refuse is refused before anything is posted
    or any contact made of them; a message they allow makes a contact that
    carries the lead's regime, so that the person's data never leaves it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the default right of internal users: make contacts of suggested recipients
        cls.salesman.groups_id |= cls.env.ref("base.group_partner_manager")

    def post(self, lead):
        self.authenticate(self.salesman.login, self.salesman.login)
        return self.make_jsonrpc_request(
            "/mail/message/post",
            {
                "thread_model": "crm.lead",
                "thread_id": lead.id,
                "post_data": {"body": "Our offer", "message_type": "comment", "subtype_xmlid": "mail.mt_comment"},
                "partner_emails": [lead.email_from],
                "partner_additional_values": {lead.email_from: {"name": lead.contact_name}},
            },
        )

    def messages(self, lead):
        return self.env["mail.message"].search(
            [("model", "=", "crm.lead"), ("res_id", "=", lead.id), ("body", "ilike", "Our offer")]
        )

    def contacts(self, lead):
        return self.env["res.partner"].with_context(active_test=False).search([("email", "=", lead.email_from)])

    def test_an_uninformed_lead_prospect_is_refused_before_anything(self):
        lead = self.make_lead()
        with self.assertRaises(JsonRpcException) as caught:
            self.post(lead)
        self.assertEqual(str(caught.exception), "odoo.exceptions.UserError")
        self.assertFalse(self.messages(lead), "nothing posted")
        self.assertFalse(self.contacts(lead), "no contact made of the person")
        # the salesperson reads the rule
        gate = self.env["gdpr.outgoing.gate"].with_user(self.salesman)
        with self.assertRaisesRegex(UserError, "jeanne.martin@acme.example: .*GDPR notice"):
            gate._check_partners(self.env["res.partner"], model="crm.lead", emails=[lead.email_from])

    def test_an_objector_is_refused_before_anything(self):
        lead = self.make_lead()
        lead.sudo().gdpr_notice_sent_on = "2026-01-05 10:00:00"
        lead._gdpr_answer("objection", "phone")
        with self.assertRaises(JsonRpcException):
            self.post(lead)
        self.assertFalse(self.messages(lead))
        self.assertFalse(self.contacts(lead))

    def test_the_contact_made_of_an_informed_lead_prospect_carries_its_regime(self):
        lead = self.make_lead()
        lead.sudo().gdpr_notice_sent_on = "2026-01-05 10:00:00"
        self.post(lead)
        self.assertEqual(len(self.messages(lead)), 1)
        contact = self.contacts(lead)
        self.assertEqual(len(contact), 1)
        self.assertEqual(lead.partner_id, contact, "core links the new contact to the lead")
        carried = ("gdpr_prospect_type", "gdpr_source_id", "gdpr_collected_on", "gdpr_notice_sent_on")
        self.assertEqual([contact[name] for name in carried], [lead[name] for name in carried])
        self.assertEqual(contact.gdpr_prospect_type, "b2b")
        self.assertEqual((contact.function, contact.company_name), ("Purchasing manager", "Acme"))
        self.assertIn("collected", self.events(contact).mapped("event_type"), "the lead's evidence comes along")
        notified = self.messages(lead).notification_ids.filtered(lambda n: n.res_partner_id == contact)
        self.assertEqual(notified.notification_status, "ready", "the mail to the informed person is queued")
        # the salesperson's lead still opens, its contact masked
        self.assertEqual(self.open_form(lead, self.salesman)["partner_id"], contact.id)
        # when the person objects, the purge takes the contact and the lead
        contact._gdpr_answer("objection", "phone")
        self.purge()
        self.assertFalse(contact.exists() or lead.exists())
