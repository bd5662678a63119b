from datetime import date

from freezegun import freeze_time

from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestWebsiteLeads(HttpCase):
    """A visitor sends the website's contact form: their lead rests on the
    DPO's basis for website forms, gets no notice, and keeps the prospects'
    retention."""

    def send_form(self, **values):
        response = self.url_open("/website/form/crm.lead", data={"name": "Website request", **values})
        self.assertEqual(response.status_code, 200, response.text)
        return self.env["crm.lead"].sudo().search([("email_from", "=", values["email_from"])])

    @freeze_time("2026-09-14")
    def test_the_contact_form_makes_an_inbound_lead(self):
        self.env.company.gdpr_inbound_basis_website = "legitimate_interest"
        lead = self.send_form(contact_name="Wanda Web", email_from="wanda.web@example.com", description="A quote")
        self.assertEqual(len(lead), 1)
        self.assertEqual(lead.gdpr_inbound_channel, "website")
        self.assertEqual(lead.gdpr_lawful_basis, "legitimate_interest")
        self.assertFalse(lead.gdpr_prospect_type)
        self.assertFalse(lead.gdpr_notice_due_on)
        self.assertEqual(lead.gdpr_collected_on, date(2026, 9, 14))
        self.assertEqual(lead.gdpr_retention_until, date(2029, 9, 14))
        event = (
            self.env["gdpr.event"]
            .sudo()
            .search([("res_model", "=", "crm.lead"), ("res_id", "=", lead.id), ("event_type", "=", "collected")])
        )
        self.assertEqual(event.channel, "web")

    def test_a_form_from_a_role_address_stays_a_plain_lead(self):
        lead = self.send_form(email_from="contact@acme.example", description="Catalogue")
        self.assertEqual(len(lead), 1)
        self.assertFalse(lead.gdpr_inbound_channel)

    def test_a_visitor_cannot_post_the_channel_or_the_regime(self):
        lead = self.send_form(
            contact_name="Mallory Form",
            email_from="mallory@example.com",
            gdpr_inbound_channel="mail",
            gdpr_prospect_type="b2b",
            gdpr_collected_on="2020-01-01",
        )
        self.assertEqual(lead.gdpr_inbound_channel, "website", "the path decides, not the form")
        self.assertFalse(lead.gdpr_prospect_type)
        self.assertNotEqual(lead.gdpr_collected_on, date(2020, 1, 1))
