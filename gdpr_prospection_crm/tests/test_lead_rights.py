from odoo.addons.gdpr_prospection.tests.rights_common import RightsPageCase
from odoo.tests import tagged


@tagged("post_install", "-at_install")
class TestLeadRights(RightsPageCase):
    """A person whose data is only on leads exercises their rights on the
    public request page, as a partner prospect does (GDPR Art. 15, 21)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lead = cls.env["crm.lead"].create(
            {
                "name": "Opportunity with Lena Lead",
                "contact_name": "Lena Lead",
                "email_from": "lena.lead@acme.example",
                "partner_name": "Acme",
                "function": "Buyer",
                "gdpr_prospect_type": "b2b",
                "gdpr_source_id": cls.source.id,
                "gdpr_source_url": "https://directory.example/lena",
                "user_id": False,
            }
        )
        cls.asked = cls.env["crm.lead"].create(
            {"name": "Quote", "contact_name": "Ian Inbound", "email_from": "ian@x.example"}
        )
        cls.asked._gdpr_record_inbound("mail")

    def test_a_lead_prospect_sees_their_data_and_source(self):
        page = self.verified_page("Lena.Lead@acme.example")
        self.assertEqual(page.status_code, 200)
        self.assertIn("Lena Lead", page.text)
        self.assertIn("Trade directory", page.text)
        self.assertIn("https://directory.example/lena", page.text)
        request = self.requests()[:1]
        self.assertEqual((request.subject_model, request.subject_id), ("crm.lead", self.lead.id))
        self.assertFalse(request.partner_id)

    def test_a_lead_prospect_objects_from_their_page(self):
        page = self.verified_page("lena.lead@acme.example")
        self.act(page, "object")
        self.assertTrue(self.lead.gdpr_objected_on)
        self.assertEqual(self.lead.gdpr_erasure_reason, "objected")
        objection = self.requests().filtered(lambda r: r.request_type == "objection")
        self.assertEqual(objection.event_ids.mapped("event_type"), ["objection"])
        self.assertEqual(objection.event_ids.res_id, self.lead.id)

    def test_a_person_who_wrote_to_us_gets_their_page_too(self):
        page = self.verified_page("ian@x.example")
        self.assertIn("Ian Inbound", page.text)
        self.act(page, "erase")
        self.assertTrue(self.asked.gdpr_objected_on, "an erasure request erases at once")
        self.assertTrue(self.env["gdpr.blacklist"].sudo()._screen(["ian@x.example"], []))

    def test_a_plain_lead_is_not_a_known_person(self):
        self.env["crm.lead"].create({"name": "Plain", "contact_name": "Paul Plain", "email_from": "paul@plain.example"})
        with self.mock_mail_gateway():
            self.ask("paul@plain.example")
        self.assertFalse(self.requests(), "nothing under the regime: no link, no request")
