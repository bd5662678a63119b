from datetime import date

from freezegun import freeze_time

from odoo.addons.gdpr_prospection.tests.test_clocks import FORGED
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import LeadCase

TODAY = "2026-06-01 10:00:00"


@tagged("post_install", "-at_install")
class TestLeadClocks(LeadCase):
    """A lead's dates and states move only through the actions that record
    them, exactly as a partner's (GDPR Art. 5(1)(e), 5(2))."""

    @freeze_time(TODAY)
    def test_recorded_fields_refuse_any_direct_write(self):
        lead = self.make_lead(gdpr_collected_on=date(2026, 5, 1))
        lead._gdpr_answer("objection", "web")
        for user in (self.gdpr_user, self.dpo):
            for name, value in FORGED.items():
                with self.subTest(user=user.login, field=name):
                    with self.assertRaisesRegex(UserError, "cannot be written directly"):
                        lead.with_user(user).write({name: value})
                    with self.assertRaisesRegex(UserError, "cannot be written directly"):
                        lead.with_user(user).with_context(gdpr_erasure=True).write({name: value})
        with self.assertRaisesRegex(UserError, "Record an answer"):
            lead.with_user(self.dpo).write({"gdpr_consent_state": "given"})
        lead.invalidate_recordset()
        self.assertTrue(lead.gdpr_objected_on)
        self.assertEqual(lead.gdpr_last_contact_on, date(2026, 6, 1))
        self.assertEqual(lead.gdpr_retention_until, date(2029, 6, 1))

    @freeze_time(TODAY)
    def test_a_created_lead_cannot_bring_its_own_clocks(self):
        Lead = self.env["crm.lead"].with_user(self.gdpr_user)
        values = {
            "name": "Forged",
            "contact_name": "Forged Person",
            "email_from": "forged@acme.example",
            "function": "CEO",
            "gdpr_prospect_type": "b2b",
            "gdpr_source_id": self.source.id,
        }
        with self.assertRaisesRegex(UserError, "notice has really left"):
            Lead.create(dict(values, gdpr_notice_sent_on="2026-05-01 10:00:00"))
        with self.assertRaisesRegex(UserError, "cannot be written directly"):
            Lead.create(dict(values, gdpr_retention_until="2099-01-01"))
        lead = Lead.create(dict(values, gdpr_notice_sent_on=False, gdpr_last_contact_on=False))
        self.assertEqual(lead.gdpr_consent_state, "not_requested")

    @freeze_time(TODAY)
    def test_collection_date_is_set_once_and_only_moves_earlier_by_the_dpo(self):
        lead = self.make_lead(gdpr_collected_on=date(2026, 5, 1))
        with self.assertRaisesRegex(UserError, "Only the data protection officer"):
            lead.with_user(self.gdpr_user).gdpr_collected_on = date(2026, 4, 1)
        with self.assertRaisesRegex(UserError, "cannot move later"):
            lead.with_user(self.dpo).gdpr_collected_on = date(2026, 5, 20)
        lead.with_user(self.dpo).gdpr_collected_on = date(2026, 4, 1)
        self.assertEqual(lead.gdpr_retention_until, date(2029, 4, 1))

    def test_leaving_the_regime_takes_the_conversion(self):
        lead = self.make_lead()
        with self.assertRaisesRegex(UserError, "recorded conversion"):
            lead.with_user(self.dpo).write({"gdpr_prospect_type": False})
        self.assertEqual(lead.gdpr_prospect_type, "b2b")

    @freeze_time(TODAY)
    def test_an_objection_on_a_lead_suppresses_the_person_everywhere(self):
        lead = self.make_lead()
        lead._gdpr_answer("objection", "web")
        self.assertEqual(self.suppression_reason("jeanne.martin@acme.example"), "objection")
        self.assertEqual(len(self.lead_events(lead, "objection")), 1)
        with self.assertRaisesRegex(ValidationError, "suppression list"):
            self.make_prospect(name="Jeanne Martin", email="jeanne.martin@acme.example")
        with self.assertRaisesRegex(ValidationError, "suppression list"):
            self.make_lead()

    @freeze_time(TODAY)
    def test_a_new_retention_period_applies_to_leads(self):
        lead = self.make_lead(gdpr_collected_on=date(2026, 5, 1))
        self.company.gdpr_retention_months = 24
        self.assertEqual(lead.gdpr_retention_until, date(2028, 5, 1))
