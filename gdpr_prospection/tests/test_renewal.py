from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from .mail_common import GdprMailCase
from .purge_common import PurgeCase


@tagged("post_install", "-at_install")
class TestRenewal(PurgeCase, GdprMailCase):
    """One question before the retention ends (CNIL, commercial-management
    framework): sent once per retention period; a yes restarts it, silence
    lets the purge erase the person at the end."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Renewal = cls.env["gdpr.renewal"]
        with freeze_time("2026-01-10 09:00:00"):
            cls.pro = cls.make_prospect(
                name="Bruno Pro", email="bruno.pro@example.com", gdpr_collected_on=date(2026, 1, 10)
            )
            cls.pro._gdpr_notice_left("notice-v1")
            cls.consumer = cls.make_prospect(
                name="Claire Conso", email="claire.conso@example.com", kind="b2c", gdpr_collected_on=date(2026, 1, 10)
            )
            cls.consumer._gdpr_notice_left("notice-v1")
            cls.consumer._gdpr_answer("consent_given", "web", "notice-v1")
            cls.silent = cls.make_prospect(
                name="Paul Pending", email="paul.pending@example.com", kind="b2c", gdpr_collected_on=date(2026, 1, 10)
            )

    def renewal_mails(self, partner):
        return self.env["mail.mail"].sudo().search([("model", "=", "res.partner"), ("res_id", "=", partner.id)])

    def run_cron(self, when, send=True):
        """The nightly job at ``when``, and the mail queue right after it."""
        with freeze_time(when), self.mock_mail_gateway():
            mails = self.Renewal.with_user(self.env.ref("base.user_root"))._cron_send_renewals()
            if send:
                self.send_queue()
            return mails

    def asked(self, partner):
        return self.events(partner, "renewal_sent")

    def test_sent_once_in_the_last_days(self):
        self.assertEqual(str(self.pro.gdpr_retention_until), "2029-01-10")
        self.run_cron("2028-12-01 02:00:00", send=False)  # 40 days before: not yet
        self.assertFalse(self.renewal_mails(self.pro))
        self.run_cron("2028-12-15 02:00:00", send=False)
        mail = self.renewal_mails(self.pro)
        self.assertEqual(len(mail), 1)
        self.assertIn("stay in touch", mail.subject)
        self.assertIn(f"/gdpr/object/{self.pro.id}/sent-mail-only", mail.body_html)
        consumer_mail = self.renewal_mails(self.consumer)
        self.assertIn(f"/gdpr/consent/{self.consumer.id}/sent-mail-only", consumer_mail.body_html)
        # a consumer who never consented is not asked (they are erased long before)
        self.assertFalse(self.renewal_mails(self.silent))
        # queued is not asked
        self.assertFalse(self.pro.gdpr_renewal_sent_on)
        self.assertFalse(self.asked(self.pro))
        # the queue is late: the next night queues no second question
        self.run_cron("2028-12-16 02:00:00", send=False)
        self.assertEqual(len(self.renewal_mails(self.pro)), 1)
        with freeze_time("2028-12-16 02:05:00"), self.mock_mail_gateway():
            self.send_queue()
            self.assertEqual(len(self._mails), 2)
        self.assertEqual(str(self.pro.gdpr_renewal_sent_on), "2028-12-16 02:05:00")
        self.assertEqual(len(self.asked(self.pro)), 1)
        self.assertEqual(self.asked(self.pro).channel, "email")
        # never twice in the same period
        self.run_cron("2029-01-09 02:00:00", send=False)
        self.assertFalse(self.renewal_mails(self.pro).filtered(lambda m: m.state == "outgoing"))
        self.assertEqual(len(self.asked(self.pro)), 1)

    def test_a_question_the_gate_cancels_was_not_asked(self):
        self.run_cron("2028-12-15 02:00:00", send=False)
        # the person objected by letter after the question was queued
        self.pro._gdpr_answer("objection", "letter")
        with freeze_time("2028-12-15 02:05:00"), self.mock_mail_gateway():
            self.send_queue()
            self.assertFalse([m for m in self._mails if "bruno.pro@example.com" in m["email_to"][0]])
        self.assertFalse(self.pro.gdpr_renewal_sent_on)
        self.assertFalse(self.asked(self.pro))
        self.assertEqual(len(self.asked(self.consumer)), 1)

    def test_a_yes_restarts_retention_and_a_new_period(self):
        self.run_cron("2028-12-15 02:00:00")
        with freeze_time("2028-12-20 10:00:00"):
            # the answer on the page: a contact from the person
            self.pro._gdpr_record_contact("web")
        self.assertEqual(str(self.pro.gdpr_retention_until), "2031-12-20")
        with freeze_time("2029-01-11 03:00:00"):
            self.purge()
        self.assertTrue(self.exists(self.pro))
        # the new period gets its own question, once
        self.run_cron("2031-11-25 02:00:00")
        self.run_cron("2031-11-26 02:00:00")
        self.assertEqual(len(self.asked(self.pro)), 2)

    def test_silence_lets_the_purge_erase_at_the_end(self):
        self.run_cron("2028-12-15 02:00:00")
        with freeze_time("2029-01-10 03:00:00"):
            self.purge()
        self.assertTrue(self.exists(self.pro))
        with freeze_time("2029-01-11 03:00:00"):
            self.purge()
        self.assertFalse(self.exists(self.pro) and self.pro.with_context(active_test=False).gdpr_prospect_type)

    def test_the_company_setting_and_its_off_switch(self):
        self.company.gdpr_renewal_days = 0
        self.run_cron("2029-01-05 02:00:00")
        self.assertFalse(self.asked(self.pro))
        self.company.gdpr_renewal_days = 7
        self.run_cron("2029-01-02 02:00:00")  # 8 days before
        self.assertFalse(self.asked(self.pro))
        self.run_cron("2029-01-04 02:00:00")
        self.assertEqual(len(self.asked(self.pro)), 1)
