from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import GdprCase


@tagged("post_install", "-at_install")
class TestMinimisation(GdprCase):
    def test_default_allowed_fields_are_accepted(self):
        employer = self.env["res.partner"].create({"name": "ACME", "is_company": True})
        prospect = self.make_prospect(function="Buyer", parent_id=employer.id, phone="+33 1 23 45 67 89", lang="en_US")
        self.assertEqual(prospect.function, "Buyer")

    def test_private_address_is_refused_and_named(self):
        with self.assertRaisesRegex(ValidationError, "may not hold: Street"):
            self.make_prospect(street="12 rue des Lilas")
        prospect = self.make_prospect()
        with self.assertRaisesRegex(ValidationError, "City"):
            prospect.city = "Lyon"

    def test_notes_and_photo_are_refused(self):
        with self.assertRaisesRegex(ValidationError, "Notes"):
            self.make_prospect(comment="<p>Divorced, two kids</p>")
        prospect = self.make_prospect()
        with self.assertRaisesRegex(ValidationError, "Image"):
            prospect.image_1920 = (
                "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
            )

    def test_b2c_phone_needs_consent(self):
        with self.assertRaisesRegex(ValidationError, "Phone"):
            self.make_prospect(kind="b2c", phone="06 12 34 56 78")
        prospect = self.make_prospect(kind="b2c")
        # an email consent is no phone consent (Code de la consommation L223-1)
        self.env["gdpr.event"]._log(prospect, "consent_given", "email")
        prospect.gdpr_consent_state = "given"
        with self.assertRaisesRegex(ValidationError, "Phone"):
            prospect.phone = "06 12 34 56 78"
        self.env["gdpr.event"]._log(prospect, "phone_consent_given", "phone")
        prospect.gdpr_phone_consent_state = "given"
        prospect.phone = "06 12 34 56 78"
        self.assertTrue(prospect.phone)

    def test_employer_address_is_not_the_persons(self):
        employer = self.env["res.partner"].create(
            {"name": "ACME", "is_company": True, "street": "1 avenue du Port", "city": "Brest"}
        )
        prospect = self.make_prospect(parent_id=employer.id)
        self.assertEqual(prospect.city, "Brest")

    def test_dpo_can_declare_a_field_necessary(self):
        city = self.env["ir.model.fields"]._get("res.partner", "city")
        self.company.gdpr_allowed_field_ids = [(4, city.id)]
        prospect = self.make_prospect(city="Lyon")
        self.assertEqual(prospect.city, "Lyon")

    def test_turning_a_partner_with_private_data_into_prospect_is_refused(self):
        partner = self.env["res.partner"].create({"name": "Luc", "email": "luc@example.com", "street": "3 rue"})
        with self.assertRaisesRegex(ValidationError, "Street"):
            partner.write({"gdpr_prospect_type": "b2b", "gdpr_source_id": self.source.id, "function": "CEO"})

    def test_non_prospects_keep_any_field(self):
        partner = self.env["res.partner"].create(
            {"name": "Customer", "street": "2 rue", "comment": "notes", "phone": "0102030405"}
        )
        partner.city = "Paris"
        self.assertEqual(partner.city, "Paris")

    def test_language_not_allowed_is_not_filled_in_by_default(self):
        lang = self.env["ir.model.fields"]._get("res.partner", "lang")
        self.company.gdpr_allowed_field_ids = [(3, lang.id)]
        employer = self.env["res.partner"].create({"name": "ACME", "is_company": True, "lang": "en_US"})
        # what the form sends: the language Odoo filled in by default
        form_like = self.make_prospect(lang=self.env.lang)
        plain = self.make_prospect(parent_id=employer.id)
        self.assertFalse(form_like.lang)
        self.assertFalse(plain.lang, "not even the employer's language")
        # a language the user chose on purpose is still refused
        self.env["res.lang"]._activate_lang("fr_FR")
        with self.assertRaisesRegex(ValidationError, "Language"):
            self.make_prospect(lang="fr_FR")
