from odoo.addons.gdpr_prospection.tests.common import GdprCase
from odoo.addons.sms.tests.common import MockSMS
from odoo.tests import tagged


@tagged("post_install", "-at_install")
class TestSmsGate(GdprCase, MockSMS):
    """SMS prospection follows the email rules (CPCE L34-5): the same gate
    stops a text the rules refuse, before the provider. A consumer's texts
    need their SMS consent, apart from the email consent."""

    def prospect_with_mobile(self, informed=True, **values):
        prospect = self.make_prospect(phone="+33 6 12 34 56 78", **values)
        if informed:
            prospect.sudo().write({"gdpr_notice_sent_on": "2026-01-05 10:00:00"})
        return prospect

    def send_sms(self, partner):
        with self.mockSMSGateway():
            partner.with_user(self.gdpr_user)._message_sms("Hello", partner_ids=partner.ids)
            self.env["sms.sms"].sudo().search([("state", "=", "outgoing")]).send()
        return self.env["sms.sms"].sudo().search([("partner_id", "=", partner.id)])

    def test_uninformed_prospect_gets_no_text(self):
        prospect = self.prospect_with_mobile(informed=False)
        sms = self.send_sms(prospect)
        self.assertFalse(self._sms)
        self.assertEqual(sms.state, "canceled")
        self.assertEqual(sms.failure_type, "gdpr_blocked")
        notification = self.env["mail.notification"].sudo().search([("sms_id_int", "=", sms.id)])
        self.assertEqual(notification.notification_status, "canceled")
        self.assertIn("GDPR notice first", notification.failure_reason)
        self.assertEqual(self.events(prospect, "blocked").channel, "phone")

    def consumer_with_mobile(self, sms_consent=True, email_consent=True):
        prospect = self.make_prospect(name="Claire Conso", email="claire.conso@example.com", kind="b2c")
        prospect._gdpr_notice_left("v1")
        if email_consent:
            prospect._gdpr_answer("consent_given", "web", "v1")
        # a consumer's number is held on a phone or SMS consent
        prospect._gdpr_channel_answer("phone_consent_given" if not sms_consent else "sms_consent_given", "web")
        prospect.with_user(self.gdpr_user).mobile = "+33 6 12 34 56 78"
        return prospect

    def assertBlocked(self, sms, prospect, reason, words):
        self.assertFalse(self._sms, "nothing reached the provider")
        self.assertEqual((sms.state, sms.failure_type), ("canceled", "gdpr_blocked"))
        notification = self.env["mail.notification"].sudo().search([("sms_id_int", "=", sms.id)])
        self.assertEqual(notification.notification_status, "canceled")
        self.assertIn(words, notification.failure_reason)
        event = self.events(prospect, "blocked")
        self.assertEqual((event.channel, event.note), ("phone", reason))

    def test_email_consent_is_no_sms_consent(self):
        prospect = self.consumer_with_mobile(sms_consent=False)
        self.assertEqual((prospect.gdpr_consent_state, prospect.gdpr_sms_consent_state), ("given", "not_requested"))
        sms = self.send_sms(prospect)
        self.assertBlocked(sms, prospect, "no_sms_consent", "record their SMS consent")
        self.assertIn("CPCE L34-5", self.env["gdpr.outgoing.gate"]._message("no_sms_consent"))

    def test_consumer_with_sms_consent_gets_the_text(self):
        prospect = self.consumer_with_mobile()
        sms = self.send_sms(prospect)
        self.assertEqual(len(self._sms), 1)
        self.assertNotEqual(sms.failure_type, "gdpr_blocked")
        self.assertFalse(self.events(prospect, "blocked"))

    def test_sms_consent_alone_lets_a_text_leave(self):
        prospect = self.consumer_with_mobile(email_consent=False)
        self.assertEqual(prospect.gdpr_consent_state, "pending")
        self.send_sms(prospect)
        self.assertEqual(len(self._sms), 1)

    def test_sms_withdrawal_stops_the_texts(self):
        prospect = self.consumer_with_mobile()
        prospect._gdpr_channel_answer("phone_consent_given", "web")
        prospect._gdpr_channel_answer("sms_consent_withdrawn", "letter")
        self.assertEqual(prospect.mobile, "+33 6 12 34 56 78", "the phone consent holds the number")
        self.assertBlocked(self.send_sms(prospect), prospect, "no_sms_consent", "withdrew")

    def test_an_sms_consent_does_not_outweigh_a_withdrawn_email_consent(self):
        prospect = self.consumer_with_mobile()
        prospect._gdpr_answer("consent_withdrawn", "web", "v1")
        # the withdrawal put the person on the suppression list, checked first
        self.assertBlocked(self.send_sms(prospect), prospect, "suppressed", "suppression list")

    def send_typed(self, number):
        """A text to a number typed in clear, with no partner (a lead's own number comes the same way)."""
        text = self.env["sms.sms"].with_user(self.gdpr_user).sudo().create({"number": number, "body": "Our offer"})
        with self.mockSMSGateway():
            text.send()
        return text

    def test_a_typed_number_obeys_the_consumer_who_holds_it(self):
        prospect = self.consumer_with_mobile(sms_consent=False)
        text = self.send_typed(prospect.phone_sanitized)
        self.assertFalse(self._sms)
        self.assertEqual((text.state, text.failure_type), ("canceled", "gdpr_blocked"))
        self.assertEqual(self.events(prospect, "blocked").note, "no_sms_consent")
        prospect._gdpr_channel_answer("sms_consent_given", "phone")
        self.send_typed(prospect.phone_sanitized)
        self.assertEqual(len(self._sms), 1, "with the SMS consent the text leaves")
        # a number no prospect holds is no business of the rules
        self.send_typed("+33 6 99 99 99 99")
        self.assertEqual(len(self._sms), 1)

    def test_informed_professional_gets_the_text(self):
        prospect = self.prospect_with_mobile()
        self.send_sms(prospect)
        self.assertEqual(len(self._sms), 1)

    def test_suppressed_number_stops_a_prospect_not_a_customer(self):
        prospect = self.prospect_with_mobile()
        self.env["gdpr.blacklist"].sudo()._add([(False, "+33 6 12 34 56 78")], "objection")
        self.assertEqual(self.send_sms(prospect).failure_type, "gdpr_blocked")
        customer = self.env["res.partner"].create({"name": "Client", "phone": "+33 6 12 34 56 78"})
        self.send_sms(customer)
        self.assertEqual(len(self._sms), 1, "a one-to-one text to a customer sharing the number leaves")

    def test_texts_to_an_erased_prospect_go(self):
        prospect = self.prospect_with_mobile()
        kept = self.env["sms.sms"].sudo().create({"number": "+33 6 99 99 99 99", "body": "Someone else"})
        text = (
            self.env["sms.sms"]
            .sudo()
            .create({"number": prospect.phone, "body": "Our offer", "partner_id": prospect.id, "state": "error"})
        )
        prospect._gdpr_answer("objection", "web")
        self.env["gdpr.purge.run"].sudo()._cron_purge()
        self.assertFalse(prospect.exists())
        self.assertFalse(text.exists(), "a text keeps the number and the body in clear")
        self.assertTrue(kept.exists())
