from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from .test_lead_notice import LeadMailCase


@tagged("post_install", "-at_install")
class TestLeadRenewal(LeadMailCase):
    """The renewal question before the end of retention reaches a lead's
    person too, once per retention period, and counts once it left."""

    def test_a_lead_is_asked_once_before_its_retention_ends(self):
        with freeze_time("2026-01-10 09:00:00"):
            lead = self.make_lead(gdpr_collected_on=date(2026, 1, 10))
            lead._gdpr_notice_left("notice-v1")
        self.assertEqual(str(lead.gdpr_retention_until), "2029-01-10")
        Renewal = self.env["gdpr.renewal"].with_user(self.env.ref("base.user_root"))
        with freeze_time("2028-12-15 02:00:00"), self.mock_mail_gateway():
            Renewal._cron_send_renewals()
            mail = self.env["mail.mail"].sudo().search([("model", "=", "crm.lead"), ("res_id", "=", lead.id)])
            self.assertEqual(mail.email_to, "jeanne.martin@acme.example")
            self.assertIn("stay in touch", mail.subject)
            self.assertIn(f"/gdpr/object/crm.lead/{lead.id}/", mail.body_html)
            self.assertFalse(lead.gdpr_renewal_sent_on, "queued is not asked")
            self.send_queue()
            self.assertTrue(self._mails)
        self.assertEqual(str(lead.gdpr_renewal_sent_on), "2028-12-15 02:00:00")
        self.assertEqual(len(self.lead_events(lead, "renewal_sent")), 1)
        with freeze_time("2028-12-20 02:00:00"), self.mock_mail_gateway():
            Renewal._cron_send_renewals()
            self.send_queue()
        self.assertEqual(len(self.lead_events(lead, "renewal_sent")), 1, "never twice in one period")
