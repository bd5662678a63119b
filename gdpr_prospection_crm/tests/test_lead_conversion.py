from datetime import date, datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import Form, new_test_user, tagged

from .common import LeadCase

TODAY = "2026-06-01 10:00:00"


@tagged("post_install", "-at_install")
class TestLeadConversion(LeadCase):
    """Converting a lead carries the regime to the partner it creates or
    links: the same prospect, with the lead's evidence (GDPR Art. 5(2))."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.seller = new_test_user(
            cls.env,
            login="crm_prospector",
            groups="base.group_user,sales_team.group_sale_salesman,gdpr_prospection.group_gdpr_user",
            name="Prospector",
        )

    def convert(self, lead, action="create", partner=None):
        context = {"active_model": "crm.lead", "active_id": lead.id, "active_ids": lead.ids}
        wizard = Form(self.env["crm.lead2opportunity.partner"].with_user(self.seller).with_context(**context))
        wizard.name = "convert"
        wizard.action = action
        if partner:
            wizard.partner_id = partner
        wizard.save().action_apply()
        return lead.partner_id

    @freeze_time(TODAY)
    def test_the_created_partner_is_the_same_prospect(self):
        lead = self.make_lead(kind="b2c", gdpr_collected_on=date(2026, 5, 2), description="<p>Likes golf</p>")
        lead._gdpr_notice_left("v1")
        self.Event._log(lead, "consent_given", "web", text_version="v1")
        lead._gdpr_answer("consent_given", "web", text_version="v1")
        partner = self.convert(lead)
        self.assertEqual(partner.name, "Jeanne Martin")
        self.assertEqual(partner.gdpr_prospect_type, "b2c")
        self.assertEqual(partner.gdpr_source_id, self.source)
        self.assertEqual(partner.gdpr_source_url, "https://directory.example/jeanne-martin")
        self.assertEqual(partner.gdpr_collected_on, date(2026, 5, 2))
        self.assertEqual(partner.gdpr_lawful_basis, "consent")
        self.assertEqual(partner.gdpr_notice_sent_on, datetime(2026, 6, 1, 10, 0))
        self.assertEqual(partner.gdpr_consent_state, "given")
        self.assertEqual(partner.gdpr_retention_until, lead.gdpr_retention_until)
        # the lead's evidence, the consent's proof included, follows the person
        events = self.events(partner)
        self.assertIn("consent_given", events.mapped("event_type"))
        self.assertIn("notice_sent", events.mapped("event_type"))
        self.assertTrue(all(f"lead #{lead.id}" in (event.note or "") for event in events - events[0]))
        # what a prospect may not hold stays on the lead; the company holds nobody's address
        self.assertFalse(partner.comment)
        company = partner.parent_id
        self.assertTrue(company.is_company)
        self.assertFalse(company.email or company.phone or company.gdpr_prospect_type)

    @freeze_time(TODAY)
    def test_the_phone_and_sms_consents_follow_the_person(self):
        lead = self.make_lead(kind="b2c", function=False, gdpr_collected_on=date(2026, 5, 2))
        lead._gdpr_notice_left("v1")
        lead._gdpr_channel_answer("phone_consent_given", "phone", note="Said yes, recording 3")
        lead._gdpr_channel_answer("sms_consent_given", "web", text_version="v1")
        lead.phone = "+33 6 12 34 56 78"
        partner = self.convert(lead)
        self.assertEqual((partner.gdpr_phone_consent_state, partner.gdpr_sms_consent_state), ("given", "given"))
        self.assertEqual(partner.gdpr_phone_consent_on, date(2026, 6, 1))
        self.assertEqual(partner.phone, "+33 6 12 34 56 78", "the number is held on the consent")
        self.assertIn("phone_consent_given", self.events(partner).mapped("event_type"))

    @freeze_time(TODAY)
    def test_a_linked_partner_becomes_the_prospect(self):
        contact = self.env["res.partner"].create(
            {"name": "Jeanne Martin", "email": "jeanne.martin@acme.example", "function": "Buyer"}
        )
        lead = self.make_lead(gdpr_collected_on=date(2026, 5, 2))
        partner = self.convert(lead, action="exist", partner=contact)
        self.assertEqual(partner, contact)
        self.assertEqual(contact.gdpr_prospect_type, "b2b")
        self.assertEqual(contact.gdpr_collected_on, date(2026, 5, 2))
        self.assertEqual(contact.gdpr_lawful_basis, "legitimate_interest")
        self.assertTrue(self.events(contact, "collected"))

    @freeze_time(TODAY)
    def test_a_customer_with_a_history_stays_a_customer(self):
        customer = self.env["res.partner"].create({"name": "Jeanne Martin", "email": "jeanne.martin@acme.example"})
        self.env["res.partner.bank"].create({"partner_id": customer.id, "acc_number": "FR7630006000011234567890189"})
        lead = self.make_lead()
        self.assertEqual(self.convert(lead, action="exist", partner=customer), customer)
        self.assertFalse(customer.gdpr_prospect_type)
        self.assertFalse(self.events(customer))
        self.assertEqual(lead.gdpr_prospect_type, "b2b")

    @freeze_time(TODAY)
    def test_the_purge_then_erases_both(self):
        lead = self.make_lead(kind="b2c", gdpr_collected_on=date(2026, 1, 1))
        partner = self.convert(lead)
        self.assertEqual(partner.gdpr_erasure_reason, "no_consent")
        self.assertEqual(lead.gdpr_erasure_reason, "no_consent")
        run = self.purge()
        self.assertEqual(run.no_consent_count, 2)
        self.assertFalse(run.line_ids)
        self.assertFalse(lead.exists() or partner.exists())

    @freeze_time(TODAY)
    def test_the_persons_answer_ends_both_records(self):
        """An objection, a refusal or a withdrawal is the person's, whatever
        record it came through: their lead and their partner end together
        (GDPR Art. 7(3), 21(3); LEGAL 5: the data goes at once)."""
        lead = self.make_lead()
        partner = self.convert(lead)
        lead._gdpr_answer("objection", "web", ip_address="203.0.113.7")
        self.assertTrue(partner.gdpr_objected_on, "objected through the lead, the partner too")
        self.assertTrue(self.events(partner, "objection"))
        self.assertEqual(partner.gdpr_erasure_reason, "objected")
        self.purge()
        self.assertFalse(lead.exists() or partner.exists())
        # a consumer's withdrawal on the partner ends the lead's consent as well
        consumer = self.make_lead(kind="b2c", contact_name="Ana Roy", email="ana.roy@mail.example", function=False)
        consumer._gdpr_notice_left("v1")
        self.Event._log(consumer, "consent_given", "web", text_version="v1")
        consumer._gdpr_answer("consent_given", "web", text_version="v1")
        person = self.convert(consumer)
        self.assertEqual(person.gdpr_consent_state, "given")
        person._gdpr_answer("consent_withdrawn", "web")
        self.assertEqual(consumer.gdpr_consent_state, "withdrawn")
        self.assertEqual(consumer.gdpr_erasure_reason, "withdrawn")
        # a prospect of another address keeps going
        other = self.make_lead(contact_name="Other Person", email="other@acme.example")
        other_partner = self.convert(other)
        self.assertFalse(other.gdpr_objected_on or other_partner.gdpr_objected_on)

    @freeze_time(TODAY)
    def test_a_notice_informs_the_person_on_both_records(self):
        """Converted before the notice: the notice the lead's person then
        gets informs their partner too, by the same text."""
        lead = self.make_lead()
        partner = self.convert(lead)
        self.assertFalse(partner.gdpr_notice_sent_on)
        lead._gdpr_notice_left("notice-v1")
        self.assertEqual(partner.gdpr_notice_sent_on, lead.gdpr_notice_sent_on)
        self.assertEqual(self.events(partner, "notice_sent")[:1].text_version, "notice-v1")
        self.assertFalse(
            self.env["gdpr.outgoing.gate"]._refusals(partner, (), "ordinary", model="crm.lead")[0],
            "a message on the lead reaches the person's partner",
        )

    def test_a_plain_lead_makes_a_plain_partner(self):
        lead = self.make_lead(gdpr_prospect_type=False)
        partner = self.convert(lead)
        self.assertFalse(partner.sudo().gdpr_prospect_type)
        self.assertEqual(partner.email, "jeanne.martin@acme.example")
        self.assertEqual(partner.parent_id.email, "jeanne.martin@acme.example")

    @freeze_time(TODAY)
    def test_a_salesperson_outside_the_prospection_roles_converts(self):
        lead = self.make_lead()
        self.seller = self.salesman
        partner = self.convert(lead)
        self.assertEqual(partner.sudo().gdpr_prospect_type, "b2b")
        self.assertEqual(partner.sudo().gdpr_collected_on, lead.gdpr_collected_on)
        # the lead stays theirs; a prospect partner is for the prospection roles only
        self.assertTrue(lead.with_user(self.salesman).read(["partner_id"]))
        with self.assertRaises(AccessError):
            partner.with_user(self.salesman).read(["email"])
        # their lead's form still opens: core's comparisons with the partner read it as the system
        self.assertEqual(self.open_form(lead, self.salesman)["partner_id"], partner.id)
