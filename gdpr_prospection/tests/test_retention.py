from datetime import date

from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import GdprCase


@tagged("post_install", "-at_install")
class TestRetention(GdprCase):
    def test_retention_counts_from_collection(self):
        prospect = self.make_prospect(gdpr_collected_on=date(2026, 1, 31))
        self.assertEqual(prospect.gdpr_retention_until, date(2029, 1, 31))

    def test_contact_from_prospect_restarts_retention(self):
        prospect = self.make_prospect(gdpr_collected_on=date(2025, 5, 1))
        prospect.gdpr_last_contact_on = date(2026, 2, 15)
        self.assertEqual(prospect.gdpr_retention_until, date(2029, 2, 15))

    def test_retention_follows_company_setting(self):
        prospect = self.make_prospect(gdpr_collected_on=date(2026, 1, 1))
        self.company.gdpr_retention_months = 12
        self.assertEqual(prospect.gdpr_retention_until, date(2027, 1, 1))
        other = self.make_prospect(name="Other", email="other@example.com", gdpr_collected_on=date(2026, 1, 1))
        self.assertEqual(other.gdpr_retention_until, date(2027, 1, 1))

    def test_notice_deadline_follows_company_setting(self):
        """The company's new notice delay reaches the prospects it already
        has (one statement for all of them) and those it collects next."""
        prospect = self.make_prospect(gdpr_collected_on=date(2026, 1, 1))
        self.assertEqual(prospect.gdpr_notice_due_on, date(2026, 1, 31))
        self.company.gdpr_notice_delay_days = 10
        self.assertEqual(prospect.gdpr_notice_due_on, date(2026, 1, 11))
        self.assertEqual(prospect.gdpr_retention_until, date(2029, 1, 1), "the retention clock did not move")
        other = self.make_prospect(name="Other", email="other@example.com", gdpr_collected_on=date(2026, 1, 1))
        self.assertEqual(other.gdpr_notice_due_on, date(2026, 1, 11))

    def test_retention_cannot_exceed_36_months(self):
        with self.assertRaisesRegex(ValidationError, "3 years at most"):
            self.company.gdpr_retention_months = 37

    @freeze_time("2026-06-01")
    def test_reply_from_prospect_is_a_contact(self):
        prospect = self.make_prospect(gdpr_collected_on=date(2026, 1, 1))
        holder = self.env["res.partner"].create({"name": "Thread"})
        self.receive_mail(f'"Jeanne" <{prospect.email}>', holder)
        self.assertEqual(prospect.gdpr_last_contact_on, date(2026, 6, 1))
        self.assertEqual(prospect.gdpr_retention_until, date(2029, 6, 1))
        self.assertTrue(self.events(prospect, "contact"))

    @freeze_time("2026-06-01")
    def test_message_we_send_is_not_a_contact(self):
        prospect = self.make_prospect(gdpr_collected_on=date(2026, 1, 1))
        prospect.with_user(self.gdpr_user).message_post(
            body="Hello", partner_ids=prospect.ids, message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        self.assertFalse(prospect.gdpr_last_contact_on)
        self.assertEqual(prospect.gdpr_retention_until, date(2029, 1, 1))

    @freeze_time("2026-06-01")
    def test_logged_call_from_prospect(self):
        prospect = self.make_prospect(gdpr_collected_on=date(2026, 1, 1))
        prospect.with_user(self.gdpr_user).action_gdpr_record_contact()
        self.assertEqual(prospect.gdpr_last_contact_on, date(2026, 6, 1))
        self.assertEqual(self.events(prospect, "contact").channel, "manual")
