from odoo.addons.gdpr_prospection.tests.common import GdprCase
from odoo.addons.sms.tests.common import MockSMS
from odoo.tests import tagged


@tagged("post_install", "-at_install")
class TestSmsGate(GdprCase, MockSMS):
    """SMS prospection follows the email rules (CPCE L34-5): the same gate
    stops a text the rules refuse, before the provider."""

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
