from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.tests import Form

from .common import GdprCase
from .purge_common import TODAY, PurgeCase


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


class TestChatterSpeaksInSentences(GdprCase):
    def notes(self, record):
        notes = record.sudo().message_ids.filtered(lambda m: m.subtype_id == self.env.ref("mail.mt_note"))
        return [m.preview for m in notes.sorted("id")]

    def test_a_web_objection_is_one_sentence_without_tracking(self):
        prospect = self.make_prospect()
        self.env.flush_all()
        self.env.cr.precommit.run()
        public = self.env.ref("base.public_user")
        prospect.with_user(public).sudo()._gdpr_answer("objection", "web")
        self.env.flush_all()
        self.env.cr.precommit.run()
        messages = prospect.sudo().message_ids
        note = messages.filtered(lambda m: "objected" in (m.preview or ""))
        self.assertEqual(note.preview, "Jeanne Martin objected to direct marketing (web page)")
        self.assertEqual(note.subtype_id, self.env.ref("mail.mt_note"))
        self.assertEqual(note.author_id, self.env.ref("base.partner_root"))
        self.assertFalse(messages.tracking_value_ids.filtered(lambda t: t.field_id.name.startswith("gdpr_")))
        self.assertNotIn("jeanne.martin@example.com", str(messages.mapped("body")))
        self.assertNotIn("/gdpr/", str(messages.mapped("body")))

    def test_answers_contacts_and_notices_are_sentences(self):
        prospect = self.make_prospect(kind="b2c").with_user(self.gdpr_user)
        prospect._gdpr_notice_left("v1")
        prospect._gdpr_answer("consent_given", "phone")
        prospect._gdpr_answer("consent_withdrawn", "letter")
        other = self.make_prospect(name="Paul Durand", email="paul@example.com", kind="b2c")
        other._gdpr_notice_left("v1")
        other.with_user(self.gdpr_user)._gdpr_answer("consent_refused", "email")
        self.assertEqual(
            self.notes(prospect)[-3:],
            [
                "Notice sent",
                "Jeanne Martin gave consent (phone)",
                "Jeanne Martin withdrew consent (letter)",
            ],
        )
        self.assertEqual(self.notes(other)[-1], "Paul Durand refused consent (email)")
        self.assertEqual(prospect.sudo().message_ids[0].author_id, self.gdpr_user.partner_id)

    def test_a_phone_answer_is_one_sentence(self):
        prospect = self.make_prospect(kind="b2c")
        prospect._gdpr_notice_left("v1")
        prospect._gdpr_channel_answer("phone_consent_given", "phone")
        self.assertEqual(self.notes(prospect)[-2:], ["Notice sent", "Jeanne Martin agreed to be called (phone)"])
        prospect._gdpr_channel_answer("phone_consent_withdrawn", "letter")
        self.assertEqual(self.notes(prospect)[-1], "Jeanne Martin withdrew consent to phone calls (letter)")

    def test_a_contact_from_the_prospect_is_a_sentence(self):
        prospect = self.make_prospect()
        prospect._gdpr_record_contact("phone")
        self.assertEqual(self.notes(prospect)[-1], "Contact from the prospect recorded (phone)")
        # already recorded today: nothing new said
        prospect._gdpr_record_contact("phone")
        self.assertEqual(self.notes(prospect).count("Contact from the prospect recorded (phone)"), 1)

    def test_the_sentence_is_in_the_users_language(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"]._load_module_terms(["gdpr_prospection"], ["fr_FR"], overwrite=True)
        self.gdpr_user.lang = "fr_FR"
        prospect = self.make_prospect().with_user(self.gdpr_user).with_context(lang="en_US")
        self.assertEqual(prospect._gdpr_chatter_env().lang, "fr_FR")
        public = self.env.ref("base.public_user")
        self.company.partner_id.lang = "fr_FR"
        visitor = prospect.with_user(public).with_context(lang="en_US").sudo()
        self.assertEqual(visitor._gdpr_chatter_env().lang, "fr_FR")
        # the mail gateway and the crons write as the system (OdooBot speaks English)
        self.env.ref("base.user_root").lang = "en_US"
        system = prospect.with_user(self.env.ref("base.user_root")).with_context(lang="en_US")
        self.assertEqual(system._gdpr_chatter_env().lang, "fr_FR")


class TestSentencesAreErased(PurgeCase):
    @freeze_time(TODAY)
    def test_the_purge_scrubs_the_sentences(self):
        name = "Zoe Quillardet"
        partner = self.prospect(name, kind="b2c")
        email = partner.email
        partner._gdpr_notice_left("v1")
        partner._gdpr_record_contact("phone")
        partner.with_user(self.env.ref("base.public_user")).sudo()._gdpr_answer("objection", "web")
        self.assertTrue(self.residue(name, email))
        self.purge()
        self.assertFalse(self.exists(partner))
        self.assertEqual(self.residue(name, email), [])
        self.assertFalse(self.env["mail.message"].sudo().search([("body", "ilike", name)]))
