from datetime import date

from odoo.addons.mail.tests.common import MockEmail
from odoo.tests import HttpCase, tagged

from .common import GdprCase


@tagged("post_install", "-at_install")
class TestTours(GdprCase, HttpCase, MockEmail):
    """The users' paths, clicked in a real browser."""

    def test_salesperson_records_a_prospect_and_sends_the_notice(self):
        self.source.name = "Tour directory"
        self.company.email = "sales@controller.example"
        self.start_tour("/odoo", "gdpr_prospection_sales_tour", login="gdpr_sales")
        prospect = self.env["res.partner"].search([("name", "=", "Jeanne Tour")])
        self.assertEqual(prospect.gdpr_prospect_type, "b2b")
        self.assertEqual(prospect.gdpr_source_id, self.source)
        self.assertFalse(prospect.gdpr_notice_sent_on)
        with self.mock_mail_gateway():
            self.env["mail.mail"].sudo().search([("state", "=", "outgoing")]).send()
        self.assertTrue(prospect.gdpr_notice_sent_on)
        self.start_tour("/odoo", "gdpr_prospection_notice_date_tour", login="gdpr_sales")

    def test_dpo_opens_the_overview_and_previews_the_purge(self):
        # the tour finds the old prospect due for erasure (its retention is
        # over), not the recent one, and the purge preview says why
        old = self.make_prospect(name="Old Prospect", email="old@example.com", gdpr_collected_on=date(2020, 1, 1))
        recent = self.make_prospect(name="Recent Prospect", email="recent@example.com")
        self.assertEqual(old.gdpr_erasure_reason, "retention_expired")
        self.assertFalse(recent.gdpr_erasure_reason)
        runs = self.env["gdpr.purge.run"].search_count([])
        self.start_tour("/odoo", "gdpr_prospection_dpo_tour", login="gdpr_dpo")
        self.assertTrue(old.exists(), "the preview erases nothing")
        self.assertEqual(self.env["gdpr.purge.run"].search_count([]), runs)
