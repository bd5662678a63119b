from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import LeadCase


@tagged("post_install", "-at_install")
class TestLeadOverview(LeadCase):
    """The DPO's overview counts the leads under the regime, lost ones
    included, and opens the leads behind each figure."""

    @freeze_time("2026-06-15 10:00:00")
    def test_lead_figures_and_the_leads_behind_them(self):
        self.company.gdpr_notice_delay_days = 30
        fresh = self.make_lead(
            contact_name="Fresh Lead", email="fresh@acme.example", gdpr_collected_on=date(2026, 6, 10)
        )
        overdue = self.make_lead(
            contact_name="Late Lead", email="late@acme.example", gdpr_collected_on=date(2026, 5, 1)
        )
        objected = self.make_lead(contact_name="No Lead", email="no@acme.example", gdpr_collected_on=date(2026, 6, 10))
        objected._gdpr_answer("objection", "phone")
        objected.action_archive()
        self.env["crm.lead"].create({"name": "An ordinary opportunity", "email_from": "buyer@customer.example"})
        # a person who wrote to us, then objected
        asked = self.env["crm.lead"].create(
            {"name": "Quote", "contact_name": "Ada Asks", "email_from": "ada@x.example"}
        )
        asked._gdpr_record_inbound("mail")
        asked._gdpr_answer("objection", "email")
        expected = {
            "lead_prospect": fresh | overdue | objected | asked,
            "lead_notice_overdue": overdue,
            "lead_objected": objected | asked,
            "lead_due_erasure": objected | asked,
        }
        overview = self.env["gdpr.overview"].with_user(self.dpo).create({})
        for figure, leads in expected.items():
            with self.subTest(figure=figure):
                self.assertEqual(overview[f"{figure}_count"], len(leads))
                action = overview.with_context(gdpr_figure=figure).action_open()
                self.assertEqual(action["res_model"], "crm.lead")
                found = self.env["crm.lead"].with_user(self.dpo).search(action["domain"])
                self.assertEqual(found, leads)
        with self.assertRaises(AccessError):
            self.env["gdpr.overview"].with_user(self.salesman).create({}).lead_prospect_count  # noqa: B018

    def test_a_source_counts_and_opens_its_lead_prospects(self):
        """The DPO who audits a source sees the leads it fed beside its
        partners, lost ones included; a plain lead is no prospect of it."""
        prospect = self.make_prospect()
        lead = self.make_lead()
        lost = self.make_lead(contact_name="Lost Lead", email="lost@acme.example")
        lost.action_archive()
        self.env["crm.lead"].create({"name": "An ordinary opportunity", "email_from": "buyer@customer.example"})
        other_source = self.env["gdpr.data.source"].create(
            {"name": "Another directory", "kind": "public_directory", "reuse_allowed": True}
        )
        self.make_lead(contact_name="Elsewhere", email="elsewhere@acme.example", gdpr_source_id=other_source.id)
        source = self.source.with_user(self.dpo)
        self.assertEqual(source.lead_prospect_count, 2)
        partners = self.env["res.partner"].search_count([("gdpr_source_id", "=", prospect.gdpr_source_id.id)])
        self.assertEqual(source.prospect_count, partners, "the partners' count leaves the leads out")
        action = source.action_view_lead_prospects()
        leads = self.env["crm.lead"].with_user(self.dpo).with_context(**action["context"]).search(action["domain"])
        self.assertEqual(leads, lead | lost)
