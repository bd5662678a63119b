import re

from freezegun import freeze_time

from odoo.tests import HttpCase, tagged

from .common import GdprCase


@tagged("post_install", "-at_install")
class TestConsentPageChannels(GdprCase, HttpCase):
    """The consent page offers the phone and the SMS apart, each unticked; it
    also takes the yes to the renewal question."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.b2c = cls.make_prospect(name="Claire Conso", email="claire.conso@example.com", kind="b2c")
        cls.b2b = cls.make_prospect(name="Bruno Pro", email="bruno.pro@example.com")

    def url(self, partner, action):
        return f"/gdpr/{action}/{partner.id}/{partner._gdpr_token(action)}"

    def get(self, url):
        return self.url_open(url, allow_redirects=False)

    def post_form(self, url, **data):
        page = self.get(url)
        self.assertEqual(page.status_code, 200, page.text[:500])
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        return self.url_open(url, data=dict(data, csrf_token=csrf), allow_redirects=False)

    def test_email_only_stays_one_click(self):
        self.b2c.sudo()._gdpr_notice_left("v1")
        page = self.get(self.url(self.b2c, "consent")).text
        self.assertIn('name="phone" value="yes"', page)
        self.assertIn('name="sms" value="yes"', page)
        self.assertIn("by text message (SMS)", page)
        self.assertNotIn("checked", page)
        self.post_form(self.url(self.b2c, "consent"), answer="accept")
        self.assertEqual(self.b2c.gdpr_consent_state, "given")
        self.assertEqual(self.b2c.gdpr_phone_consent_state, "not_requested")
        self.assertEqual(self.b2c.gdpr_sms_consent_state, "not_requested")
        self.assertFalse(self.events(self.b2c, "sms_consent_given"))

    def test_a_professional_is_offered_no_channel_box(self):
        self.b2b.sudo()._gdpr_notice_left("v1")
        page = self.get(self.url(self.b2b, "consent")).text
        self.assertNotIn('name="sms"', page)
        self.assertNotIn('name="phone"', page)

    def test_ticked_sms_box_records_the_sms_consent_only(self):
        self.b2c.sudo()._gdpr_notice_left("v1")
        self.post_form(self.url(self.b2c, "consent"), answer="accept", sms="yes")
        self.assertEqual(
            (self.b2c.gdpr_consent_state, self.b2c.gdpr_phone_consent_state, self.b2c.gdpr_sms_consent_state),
            ("given", "not_requested", "given"),
        )
        event = self.events(self.b2c, "sms_consent_given")
        self.assertEqual((len(event), event.channel, event.text_version), (1, "web", "v1"))
        self.assertTrue(event.page_version)
        self.assertEqual(event.page_version, self.events(self.b2c, "consent_given").page_version)
        self.assertFalse(event.ip_address, "the IP address is kept only when the company says so")
        self.assertFalse(self.events(self.b2c, "phone_consent_given"))

    def test_both_boxes_record_both_channels(self):
        self.b2c.sudo()._gdpr_notice_left("v1")
        self.post_form(self.url(self.b2c, "consent"), answer="accept", phone="yes", sms="yes")
        self.assertEqual((self.b2c.gdpr_phone_consent_state, self.b2c.gdpr_sms_consent_state), ("given", "given"))
        self.assertEqual(len(self.events(self.b2c, "phone_consent_given")), 1)
        self.assertEqual(len(self.events(self.b2c, "sms_consent_given")), 1)

    def test_the_ip_goes_with_the_sms_consent_when_configured(self):
        self.company.sudo().gdpr_log_ip = True
        self.b2c.sudo()._gdpr_notice_left("v1")
        self.post_form(self.url(self.b2c, "consent"), answer="accept", sms="yes")
        ip = self.events(self.b2c, "sms_consent_given").ip_address
        self.assertTrue(ip)
        self.assertEqual(ip, self.events(self.b2c, "consent_given").ip_address)

    def test_ticked_box_records_the_phone_consent(self):
        self.b2c.sudo()._gdpr_notice_left("v1")
        self.post_form(self.url(self.b2c, "consent"), answer="accept", phone="yes")
        self.assertEqual((self.b2c.gdpr_consent_state, self.b2c.gdpr_phone_consent_state), ("given", "given"))
        event = self.events(self.b2c, "phone_consent_given")
        self.assertEqual((event.channel, event.text_version), ("web", "v1"))
        self.assertTrue(event.page_version)

    def test_a_refusal_gives_no_phone_consent(self):
        self.b2c.sudo()._gdpr_notice_left("v1")
        self.post_form(self.url(self.b2c, "consent"), answer="refuse", phone="yes", sms="yes")
        self.assertEqual(self.b2c.gdpr_phone_consent_state, "not_requested")
        self.assertEqual(self.b2c.gdpr_sms_consent_state, "not_requested")

    def test_yes_to_the_renewal_is_a_contact(self):
        consumer = self.make_prospect(
            name="Rose Renew", email="rose.renew@example.com", kind="b2c", gdpr_collected_on="2026-01-05"
        )
        pro = self.make_prospect(name="Paul Renew", email="paul.renew@example.com", gdpr_collected_on="2026-01-05")
        with freeze_time("2026-01-10 10:00:00"):
            consumer.sudo()._gdpr_notice_left("v1")
            consumer._gdpr_answer("consent_given", "web", "v1")
            pro.sudo()._gdpr_notice_left("v1")
        self.post_form(self.url(consumer, "consent"), answer="accept")
        self.post_form(self.url(pro, "consent"), answer="accept")
        for partner in (consumer, pro):
            self.assertGreater(str(partner.gdpr_last_contact_on), "2026-01-10")
            self.assertEqual(len(self.events(partner, "contact")), 1)
        self.assertEqual(len(self.events(consumer, "consent_given")), 1)
        # a professional saying yes gives no consent: they stay on legitimate interest
        self.assertEqual(pro.gdpr_consent_state, "not_requested")

    def test_no_to_the_renewal_withdraws(self):
        self.b2c.sudo()._gdpr_notice_left("v1")
        self.b2c._gdpr_answer("consent_given", "web", "v1")
        self.post_form(self.url(self.b2c, "consent"), answer="refuse")
        self.assertEqual(self.b2c.gdpr_consent_state, "withdrawn")
