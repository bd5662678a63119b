from datetime import date

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common import GdprCase


@tagged("post_install", "-at_install")
class TestProspect(GdprCase):
    @freeze_time("2026-03-10")
    def test_new_prospect_gets_provenance_defaults(self):
        prospect = self.make_prospect()
        self.assertEqual(prospect.gdpr_collected_on, date(2026, 3, 10))
        self.assertEqual(prospect.company_id, self.company)
        self.assertEqual(prospect.gdpr_consent_state, "not_requested")
        self.assertFalse(prospect.gdpr_notice_sent_on)
        self.assertEqual(self.events(prospect).mapped("event_type"), ["collected"])

    def test_prospect_created_from_the_form_belongs_to_the_company(self):
        form = Form(
            self.env["res.partner"].with_user(self.gdpr_user).with_context(default_gdpr_prospect_type="b2b"),
            view="base.view_partner_form",
        )
        form.name = "Form Prospect"
        form.email = "form.prospect@example.com"
        form.function = "Buyer"
        form.gdpr_source_id = self.source
        prospect = form.save()
        self.assertEqual(prospect.company_id, self.company)
        self.assertEqual(prospect.gdpr_collected_on, fields.Date.context_today(prospect))
        with self.assertRaisesRegex(ValidationError, "belongs to the company"):
            prospect.company_id = False

    def test_b2b_defaults_to_legitimate_interest(self):
        self.assertEqual(self.make_prospect().gdpr_lawful_basis, "legitimate_interest")

    def test_b2b_may_rest_on_consent(self):
        prospect = self.make_prospect(gdpr_lawful_basis="consent")
        self.assertEqual(prospect.gdpr_lawful_basis, "consent")

    def test_b2c_is_always_consent(self):
        prospect = self.make_prospect(kind="b2c")
        self.assertEqual(prospect.gdpr_lawful_basis, "consent")
        with self.assertRaisesRegex(ValidationError, "only lawful basis is consent"):
            prospect.gdpr_lawful_basis = "legitimate_interest"
        with self.assertRaisesRegex(ValidationError, "only lawful basis is consent"):
            self.make_prospect(
                name="Paul", email="paul@example.com", kind="b2c", gdpr_lawful_basis="legitimate_interest"
            )

    def test_b2b_moved_to_b2c_loses_legitimate_interest(self):
        prospect = self.make_prospect()
        prospect.gdpr_prospect_type = "b2c"
        self.assertEqual(prospect.gdpr_lawful_basis, "consent")

    def test_prospect_needs_a_source(self):
        with self.assertRaisesRegex(ValidationError, "needs a data source"):
            self.make_prospect(gdpr_source_id=False)

    def test_company_cannot_be_a_prospect(self):
        with self.assertRaisesRegex(ValidationError, "only natural persons"):
            self.make_prospect(name="ACME", email="contact@acme.example", is_company=True)

    def test_a_professional_is_known_by_their_job_or_employer(self):
        with self.assertRaisesRegex(ValidationError, "job title or their employer"):
            self.make_prospect(function=False)
        employer = self.env["res.partner"].create({"name": "ACME", "is_company": True})
        self.assertTrue(self.make_prospect(email="a@acme.example", function=False, parent_id=employer.id))
        self.assertTrue(self.make_prospect(email="b@acme.example", function=False, company_name="ACME"))
        self.assertTrue(self.make_prospect(email="c@home.example", kind="b2c"))
        prospect = self.make_prospect(email="d@acme.example")
        with self.assertRaisesRegex(ValidationError, "job title or their employer"):
            prospect.with_user(self.gdpr_user).function = False

    def test_free_webmail_is_flagged_on_professionals(self):
        professional = self.make_prospect(email="jeanne.martin@gmail.com")
        consumer = self.make_prospect(email="luc@orange.fr", kind="b2c")
        at_work = self.make_prospect(email="paul@acme.example")
        flags = [p.with_user(self.gdpr_user).gdpr_free_webmail for p in (professional, consumer, at_work)]
        self.assertEqual(flags, [True, False, False])

    def test_the_prospects_form_asks_the_type(self):
        action = self.env.ref("gdpr_prospection.action_gdpr_prospects")
        self.assertNotIn("default_gdpr_prospect_type", action.context)
        form = Form(
            self.env["res.partner"].with_user(self.gdpr_user).with_context(gdpr_prospect_form=True),
            view="base.view_partner_form",
        )
        form.name = "No Type Yet"
        with self.assertRaisesRegex(AssertionError, "gdpr_prospect_type"):
            form.save()

    def test_partner_turned_into_prospect(self):
        partner = self.env["res.partner"].create({"name": "Luc Bernard", "email": "luc@example.com"})
        self.assertFalse(self.events(partner))
        partner.write({"gdpr_prospect_type": "b2b", "gdpr_source_id": self.source.id, "function": "CEO"})
        self.assertTrue(partner.gdpr_collected_on)
        self.assertEqual(partner.gdpr_lawful_basis, "legitimate_interest")
        self.assertEqual(self.events(partner).mapped("event_type"), ["collected"])

    def test_consent_given_requires_a_recorded_event(self):
        prospect = self.make_prospect(kind="b2c")
        prospect.gdpr_consent_state = "pending"
        with self.assertRaisesRegex(ValidationError, "without a recorded consent event"):
            prospect.gdpr_consent_state = "given"
        self.env["gdpr.event"]._log(prospect, "consent_given", "web")
        prospect.gdpr_consent_state = "given"
        self.assertEqual(prospect.gdpr_consent_state, "given")

    def test_consent_cannot_leave_refusal(self):
        prospect = self.make_prospect(kind="b2c")
        self.env["gdpr.event"]._log(prospect, "consent_refused", "web")
        prospect.gdpr_consent_state = "refused"
        self.env["gdpr.event"]._log(prospect, "consent_given", "web")
        with self.assertRaisesRegex(ValidationError, "cannot go from"):
            prospect.gdpr_consent_state = "given"

    def test_consent_is_told_in_a_sentence_not_tracked(self):
        prospect = self.make_prospect(kind="b2c")
        self.env.flush_all()
        self.env.cr.precommit.run()  # the creation is logged apart, as at commit
        prospect._gdpr_notice_left("notice-v1")
        prospect._gdpr_answer("consent_refused", "phone")
        self.env.flush_all()
        self.env.cr.precommit.run()
        messages = prospect.message_ids.sudo()
        self.assertFalse(messages.tracking_value_ids.filtered(lambda t: t.field_id.name == "gdpr_consent_state"))
        self.assertIn("Jeanne Martin refused consent (phone)", messages.mapped("preview"))

    def test_conversion_is_explicit_and_recorded(self):
        prospect = self.make_prospect()
        with self.assertRaisesRegex(UserError, "recorded conversion"):
            prospect.gdpr_prospect_type = False
        prospect.action_gdpr_convert("Signed a contract")
        self.assertFalse(prospect.gdpr_prospect_type)
        self.assertTrue(prospect.gdpr_converted_on)
        self.assertTrue(self.events(prospect, "converted"))
        # the prospect rules no longer apply: a customer may hold an address
        prospect.street = "1 rue de la Paix"

    def test_conversion_says_who_and_why(self):
        prospect = self.make_prospect()
        with self.assertRaisesRegex(UserError, "Say why"):
            prospect.with_user(self.dpo).action_gdpr_convert("  ")
        self.assertTrue(prospect.gdpr_prospect_type)
        wizard = (
            self.env["gdpr.convert.wizard"]
            .with_user(self.dpo)
            .with_context(active_model="res.partner", active_ids=prospect.ids)
            .create({"reason": "order", "details": "Order S00042"})
        )
        wizard.action_apply()
        event = self.events(prospect, "converted")
        self.assertEqual(event.user_id, self.dpo)
        self.assertEqual(event.note, "Placed an order: Order S00042")
        self.assertFalse(prospect.gdpr_prospect_type)

    def test_conversion_is_for_the_dpo(self):
        prospect = self.make_prospect()
        with self.assertRaisesRegex(UserError, "Only the data protection officer"):
            prospect.with_user(self.gdpr_user).action_gdpr_convert("Signed a contract")

    def test_non_prospect_is_stock_odoo(self):
        partner = self.env["res.partner"].create(
            {"name": "Customer", "email": "c@example.com", "street": "2 rue", "comment": "VIP", "phone": "0102030405"}
        )
        self.assertFalse(partner.gdpr_prospect_type)
        self.assertFalse(partner.gdpr_lawful_basis)
        self.assertFalse(partner.gdpr_consent_state)
        self.assertFalse(partner.gdpr_retention_until)
        self.assertFalse(partner.gdpr_collected_on)
        self.assertFalse(self.events(partner))
