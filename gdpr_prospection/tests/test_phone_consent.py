from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common import GdprCase

TODAY = "2026-09-15 11:00:00"
PHONE = "+33 6 12 34 56 78"


@tagged("post_install", "-at_install")
class TestPhoneConsent(GdprCase):
    """Consent per channel: phone consent has its own state, date and proof
    (Code de la consommation L223-1), apart from the email consent."""

    def record(self, partners, answer, user=None, **values):
        Wizard = self.env["gdpr.answer.wizard"].with_user(user or self.gdpr_user)
        form = Form(Wizard.with_context(active_model="res.partner", active_ids=partners.ids))
        form.answer = answer
        form.channel = values.pop("channel", "phone")
        for name, value in values.items():
            setattr(form, name, value)
        return form.save().action_apply()

    def consumer(self, **values):
        prospect = self.make_prospect(name="Claire Conso", email="claire.conso@example.com", kind="b2c", **values)
        prospect._gdpr_notice_left("notice-v1")
        return prospect

    def give_phone(self, prospect, **values):
        values.setdefault("proof", "Call of 15 September at 10:20, notice read to her")
        values.setdefault("proof_reference", "Recording 2026-09-15-1020")
        self.record(prospect, "phone_consent_given", **values)

    @freeze_time(TODAY)
    def test_a_new_prospect_has_no_phone_consent(self):
        prospect = self.make_prospect(kind="b2c")
        self.assertEqual(prospect.gdpr_phone_consent_state, "not_requested")
        self.assertFalse(self.env["res.partner"].create({"name": "Not a prospect"}).gdpr_phone_consent_state)

    @freeze_time(TODAY)
    def test_phone_consent_needs_proof_and_an_informed_person(self):
        prospect = self.consumer()
        Wizard = self.env["gdpr.answer.wizard"].with_user(self.gdpr_user)
        base = {"partner_ids": [(6, 0, prospect.ids)], "answer": "phone_consent_given"}
        for values in ({"proof": "Said yes"}, {"proof_reference": "Recording 42"}):
            with self.subTest(values=values), self.assertRaisesRegex(UserError, "proof"):
                Wizard.create(dict(base, **values)).action_apply()
        uninformed = self.make_prospect(name="Paul Neuf", email="paul.neuf@example.com", kind="b2c")
        with self.assertRaisesRegex(UserError, "not received the notice"):
            self.give_phone(uninformed)
        # a third party acting for the company is named
        with self.assertRaisesRegex(UserError, "third party"):
            Wizard.create(
                dict(base, proof="Said yes", proof_reference="Recording 42", collected_by="third_party")
            ).action_apply()
        self.assertEqual(prospect.gdpr_phone_consent_state, "not_requested")
        self.give_phone(prospect, collected_by="third_party", collector_name="Call centre Example SAS")
        self.assertEqual(prospect.gdpr_phone_consent_state, "given")
        self.assertEqual(str(prospect.gdpr_phone_consent_on), "2026-09-15")
        event = self.events(prospect, "phone_consent_given")
        self.assertEqual((event.channel, event.text_version, event.user_id), ("phone", "notice-v1", self.gdpr_user))
        for part in ("notice read to her", "Recording 2026-09-15-1020", "Call centre Example SAS", "Sales Rep"):
            self.assertIn(part, event.note)
        # the email consent is another channel: untouched
        self.assertEqual(prospect.gdpr_consent_state, "pending")
        self.assertFalse(self.events(prospect, "consent_given"))
        # the answer came from the person: retention restarts
        self.assertEqual(str(prospect.gdpr_last_contact_on), "2026-09-15")

    @freeze_time(TODAY)
    def test_consumer_phone_number_only_with_phone_consent(self):
        prospect = self.consumer()
        Partner = self.env["res.partner"].with_user(self.gdpr_user)
        with self.assertRaisesRegex(ValidationError, "Phone"):
            Partner.browse(prospect.id).phone = PHONE
        # an email consent does not open the phone channel
        prospect._gdpr_answer("consent_given", "web", "notice-v1")
        with self.assertRaisesRegex(ValidationError, "Phone"):
            Partner.browse(prospect.id).mobile = PHONE
        self.give_phone(prospect)
        Partner.browse(prospect.id).write({"phone": PHONE, "mobile": PHONE})
        self.assertEqual(prospect.phone, PHONE)

    @freeze_time(TODAY)
    def test_withdrawal_removes_the_number_and_keeps_email_consent(self):
        prospect = self.consumer()
        prospect._gdpr_answer("consent_given", "web", "notice-v1")
        self.give_phone(prospect)
        prospect.with_user(self.gdpr_user).write({"phone": PHONE, "mobile": PHONE})
        self.record(prospect, "phone_consent_withdrawn")
        self.assertEqual(prospect.gdpr_phone_consent_state, "withdrawn")
        self.assertFalse(prospect.phone or prospect.mobile)
        self.assertEqual(prospect.gdpr_consent_state, "given")
        self.assertEqual(len(self.events(prospect, "phone_consent_withdrawn")), 1)
        # no erasure, no suppression: the person still hears from us by email
        self.assertFalse(prospect.gdpr_erasure_reason)
        self.assertFalse(self.env["gdpr.blacklist"].sudo().search([]))
        with self.assertRaisesRegex(ValidationError, "Phone"):
            prospect.with_user(self.gdpr_user).phone = PHONE
        # the same answer again records nothing
        self.record(prospect, "phone_consent_withdrawn")
        self.assertEqual(len(self.events(prospect, "phone_consent_withdrawn")), 1)

    @freeze_time(TODAY)
    def test_phone_consent_is_recorded_only(self):
        prospect = self.consumer()
        for user in (self.gdpr_user, self.dpo):
            for vals in (
                {"gdpr_phone_consent_state": "given"},
                {"gdpr_phone_consent_on": "2026-09-01"},
                {"gdpr_call_refused_count": 0},
                {"gdpr_renewal_sent_on": "2026-09-01 10:00:00"},
            ):
                with self.subTest(user=user.login, vals=vals), self.assertRaisesRegex(UserError, "cannot be written"):
                    prospect.with_user(user).write(vals)
        # even the superuser needs the evidence first
        with self.assertRaisesRegex(ValidationError, "phone consent event"):
            prospect.gdpr_phone_consent_state = "given"

    @freeze_time(TODAY)
    def test_a_refused_or_objected_person_gives_no_phone_consent(self):
        prospect = self.consumer()
        prospect._gdpr_answer("objection", "web")
        with self.assertRaisesRegex(UserError, "objected"):
            self.give_phone(prospect)
