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
