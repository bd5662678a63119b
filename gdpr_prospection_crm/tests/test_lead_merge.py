from datetime import date

from freezegun import freeze_time

from odoo.tests import new_test_user, tagged

from .common import LeadCase


@tagged("post_install", "-at_install")
class TestLeadMerge(LeadCase):
    """Merged leads keep the earliest collection, the strictest state (an
    objection anywhere wins) and all the evidence."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.merger = new_test_user(
            cls.env,
            login="crm_merger",
            groups="base.group_user,sales_team.group_sale_salesman_all_leads,gdpr_prospection.group_gdpr_user",
            name="Merger",
        )

    def merge(self, leads):
        return leads.with_user(self.merger).merge_opportunity(auto_unlink=True)

    @freeze_time("2026-06-01 10:00:00")
    def test_the_earliest_collection_and_all_the_evidence(self):
        early = self.make_lead(gdpr_collected_on=date(2026, 3, 1))
        early._gdpr_notice_left("v1")
        late = self.make_lead(contact_name="Jeanne Martin", email="j.martin@acme.example", probability=90)
        merged = self.merge(early | late)
        self.assertEqual(len((early | late).exists()), 1)
        self.assertEqual(merged.gdpr_collected_on, date(2026, 3, 1))
        self.assertTrue(merged.gdpr_notice_sent_on, "informed once is informed")
        events = self.lead_events(merged)
        self.assertIn("notice_sent", events.mapped("event_type"))
        self.assertIn("collected", events.mapped("event_type"))

    @freeze_time("2026-06-01 10:00:00")
    def test_an_objection_anywhere_wins(self):
        objected = self.make_lead()
        objected._gdpr_answer("objection", "phone")
        other = self.make_lead(contact_name="Jeanne M.", email="jeanne.m@acme.example", probability=90)
        merged = self.merge(objected | other)
        self.assertTrue(merged.gdpr_objected_on)
        self.assertEqual(merged.gdpr_erasure_reason, "objected")
        self.assertIn("objection", self.lead_events(merged).mapped("event_type"))

    def test_a_plain_lead_merged_with_a_prospect_is_a_prospect(self):
        prospect = self.make_lead()
        plain = self.env["crm.lead"].create(
            {"name": "Plain lead", "contact_name": "Jeanne", "email_from": "jeanne@acme.example", "probability": 90}
        )
        merged = self.merge(prospect | plain)
        self.assertEqual(merged.gdpr_prospect_type, "b2b")
        self.assertEqual(merged.gdpr_source_id, self.source)

    def test_a_consumer_s_rules_win_over_a_professional_s(self):
        pro = self.make_lead(probability=90)
        consumer = self.make_lead(contact_name="Claire", email="claire@example.com", kind="b2c", function=False)
        merged = self.merge(pro | consumer)
        self.assertEqual((merged.gdpr_prospect_type, merged.gdpr_lawful_basis), ("b2c", "consent"))
