from datetime import timedelta

from odoo import fields
from odoo.tests import Form

from .common import GdprCase


class TestFormOffersWhatItAccepts(GdprCase):
    """A prospect's form offers read-only what minimisation refuses."""

    def test_forbidden_fields_are_read_only_on_a_prospect_only(self):
        prospect = self.make_prospect().with_user(self.gdpr_user)
        form = Form(prospect)
        for name in ("street", "city", "zip", "vat", "website", "image_1920", "title", "category_id"):
            with self.assertRaisesRegex(AssertionError, "readonly"):
                setattr(form, name, False)
        self.assertTrue(form._get_modifier("comment", "invisible"))
        # the allowed fields stay editable
        form.email = "j.martin@example.com"
        form.function = "Buyer"
        form.save()
        self.assertEqual(prospect.function, "Buyer")

        customer = self.env["res.partner"].create({"name": "A Customer"}).with_user(self.gdpr_user)
        form = Form(customer)
        form.street = "1 rue de la Paix"
        form.website = "https://customer.example"
        self.assertFalse(form._get_modifier("comment", "invisible"))
        form.save()
        self.assertEqual(customer.street, "1 rue de la Paix")

    def test_a_field_the_dpo_allows_becomes_editable(self):
        street = self.env["ir.model.fields"]._get("res.partner", "street")
        self.company.gdpr_allowed_field_ids = [(4, street.id)]
        prospect = self.make_prospect().with_user(self.gdpr_user)
        self.assertNotIn(" street ", prospect.gdpr_forbidden_fields)
        self.assertIn(" city ", prospect.gdpr_forbidden_fields)
        form = Form(prospect)
        form.street = "1 rue de la Paix"
        form.save()
        self.assertEqual(prospect.street, "1 rue de la Paix")

    def test_b2c_phone_is_read_only_without_phone_consent(self):
        b2c = self.make_prospect(kind="b2c").with_user(self.gdpr_user)
        b2b = self.make_prospect(name="Paul Durand", email="paul@example.com").with_user(self.gdpr_user)
        self.assertIn(" phone ", b2c.gdpr_forbidden_fields)
        self.assertNotIn(" phone ", b2b.gdpr_forbidden_fields)
        with self.assertRaisesRegex(AssertionError, "readonly"):
            Form(b2c).phone = "+33 1 23 45 67 89"


class TestSalespeopleSeeWhoObjected(GdprCase):
    def test_list_shows_the_erasure_to_salespeople_and_no_consent_for_b2b(self):
        Partner = self.env["res.partner"].with_user(self.gdpr_user)
        view = self.env.ref("gdpr_prospection.view_partner_list_gdpr_prospects")
        arch = Partner.get_view(view.id, "list")["arch"]
        self.assertIn('name="gdpr_erasure_reason"', arch)
        self.assertIn('name="gdpr_erasure_on"', arch)
        self.assertRegex(arch, r'name="gdpr_consent_state"[^>]*invisible="gdpr_prospect_type == \'b2b\'"')
        form_arch = Partner.get_view(self.env.ref("base.view_partner_form").id, "form")["arch"]
        self.assertIn('name="gdpr_erasure_on"', form_arch)
        self.assertIn("gdpr_erasure_on", Partner.fields_get(["gdpr_erasure_on"]))
        # not shown to whoever has no prospection role
        self.assertNotIn("gdpr_erasure_on", self.env["res.partner"].with_user(self.accountant).fields_get())

    def test_an_objection_shows_the_coming_erasure(self):
        prospect = self.make_prospect().with_user(self.gdpr_user)
        today = fields.Date.context_today(prospect)
        self.assertFalse(prospect.gdpr_erasure_reason)
        self.assertEqual(prospect.gdpr_erasure_on, prospect.gdpr_retention_until + timedelta(days=1))
        prospect._gdpr_answer("objection", "phone")
        prospect.invalidate_recordset()
        self.assertEqual(prospect.gdpr_erasure_reason, "objected")
        self.assertEqual(prospect.gdpr_erasure_on, today)

    def test_an_unanswered_consent_request_dates_its_erasure(self):
        self.company.gdpr_consent_delay_days = 30
        prospect = self.make_prospect(kind="b2c")
        prospect._gdpr_notice_left("v1")
        sent_on = fields.Date.context_today(prospect, timestamp=prospect.gdpr_notice_sent_on)
        self.assertEqual(prospect.gdpr_erasure_on, sent_on + timedelta(days=31))
        self.assertFalse(self.env["res.partner"].create({"name": "A Customer"}).gdpr_erasure_on)
