import re

from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import LeadCase


@tagged("post_install", "-at_install")
class TestLeadPages(LeadCase, HttpCase):
    """The links of a lead's notice open the lead's own pages, with tokens
    scoped to leads: a lead's token never opens the partner of the same id."""

    def url(self, lead, action):
        return f"/gdpr/{action}/crm.lead/{lead.id}/{lead._gdpr_token(action)}"

    def post_form(self, url, **data):
        page = self.url_open(url, allow_redirects=False)
        self.assertEqual(page.status_code, 200, page.text[:500])
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        return self.url_open(url, data=dict(data, csrf_token=csrf), allow_redirects=False)

    def test_objection_link_of_a_lead(self):
        lead = self.make_lead()
        response = self.post_form(self.url(lead, "object"))
        self.assertEqual(response.status_code, 200)
        self.assertTrue(lead.gdpr_objected_on)
        self.assertTrue(self.lead_events(lead, "objection"))
        self.assertTrue(self.env["gdpr.blacklist"]._screen(emails=["jeanne.martin@acme.example"]))

    def test_consent_link_of_a_lead(self):
        lead = self.make_lead(kind="b2c", function=False, partner_name=False)
        lead._gdpr_notice_left("notice-v1")
        response = self.post_form(self.url(lead, "consent"), answer="accept")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(lead.gdpr_consent_state, "given")

    def test_one_click_objection_of_a_lead(self):
        lead = self.make_lead()
        url = lead._gdpr_unsubscribe_headers()["List-Unsubscribe"].strip("<>")
        response = self.url_open(url, data={"List-Unsubscribe": "One-Click"}, allow_redirects=False)
        self.assertEqual(response.status_code, 200)
        self.assertTrue(lead.gdpr_objected_on)

    @mute_logger("odoo.http")
    def test_tokens_are_scoped_to_the_model(self):
        lead = self.make_lead()
        partner = self.env["res.partner"].browse(lead.id).exists()
        # a lead's token on the partners' path, and a partner's on the leads' one, open nothing
        responses = [
            self.url_open(f"/gdpr/object/{lead.id}/{lead._gdpr_token('object')}", allow_redirects=False),
            self.url_open(f"/gdpr/object/res.users/{lead.id}/{lead._gdpr_token('object')}", allow_redirects=False),
        ]
        if partner:
            token = partner._gdpr_token("object")
            responses.append(self.url_open(f"/gdpr/object/crm.lead/{lead.id}/{token}", allow_redirects=False))
        for response in responses:
            self.assertEqual(response.status_code, 404)
        self.assertFalse(lead.gdpr_objected_on)
