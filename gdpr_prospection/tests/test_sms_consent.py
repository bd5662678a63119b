from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common import GdprCase

TODAY = "2026-09-15 11:00:00"
PHONE = "+33 6 12 34 56 78"


@tagged("post_install", "-at_install")
class TestSmsConsent(GdprCase):
    """Consent per channel: SMS prospection (CPCE L34-5) has its own state,
    date and proof, apart from the email and phone consents."""

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

    def give(self, prospect, answer, **values):
        values.setdefault("proof", "Call of 15 September at 10:20, notice read to her")
        values.setdefault("proof_reference", "Recording 2026-09-15-1020")
        self.record(prospect, answer, **values)

    @freeze_time(TODAY)
    def test_a_new_prospect_has_no_sms_consent(self):
        for kind in ("b2b", "b2c"):
            prospect = self.make_prospect(name=f"New {kind}", email=f"new.{kind}@example.com", kind=kind)
            self.assertEqual(prospect.gdpr_sms_consent_state, "not_requested")
            self.assertFalse(prospect.gdpr_sms_consent_on)
        self.assertFalse(self.env["res.partner"].create({"name": "Not a prospect"}).gdpr_sms_consent_state)

    @freeze_time(TODAY)
    def test_each_channel_has_its_own_state_date_and_proof(self):
        prospect = self.consumer()
        Wizard = self.env["gdpr.answer.wizard"].with_user(self.gdpr_user)
        base = {"partner_ids": [(6, 0, prospect.ids)], "answer": "sms_consent_given"}
        with self.assertRaisesRegex(UserError, "proof"):
            Wizard.create(dict(base, proof="Said yes")).action_apply()
        with self.assertRaisesRegex(UserError, "third party"):
            Wizard.create(
                dict(base, proof="Said yes", proof_reference="Form 42", collected_by="third_party")
            ).action_apply()
        self.assertEqual(prospect.gdpr_sms_consent_state, "not_requested")
        self.give(prospect, "sms_consent_given", collected_by="third_party", collector_name="Call centre Example SAS")
        self.assertEqual(prospect.gdpr_sms_consent_state, "given")
        self.assertEqual(str(prospect.gdpr_sms_consent_on), "2026-09-15")
        event = self.events(prospect, "sms_consent_given")
        self.assertEqual((event.channel, event.text_version, event.user_id), ("phone", "notice-v1", self.gdpr_user))
        for part in ("notice read to her", "Recording 2026-09-15-1020", "Call centre Example SAS", "Sales Rep"):
            self.assertIn(part, event.note)
        # the other channels are untouched: no email consent, no phone consent
        self.assertEqual((prospect.gdpr_consent_state, prospect.gdpr_phone_consent_state), ("pending", "not_requested"))
        self.assertFalse(prospect.gdpr_phone_consent_on)
        self.assertFalse(self.events(prospect, "consent_given") | self.events(prospect, "phone_consent_given"))
        self.assertTrue(any("agreed to receive text messages" in body for body in prospect.message_ids.mapped("body")))
        # later, a phone consent on another day: its own date and proof
        with freeze_time("2026-09-17 11:00:00"):
            self.give(prospect, "phone_consent_given", proof="Second call", proof_reference="Recording 2")
        self.assertEqual(str(prospect.gdpr_phone_consent_on), "2026-09-17")
        self.assertEqual(str(prospect.gdpr_sms_consent_on), "2026-09-15")
        self.assertIn("Second call", self.events(prospect, "phone_consent_given").note)
        self.assertEqual(len(self.events(prospect, "sms_consent_given")), 1)

    @freeze_time(TODAY)
    def test_sms_consent_needs_an_informed_person_who_did_not_object(self):
        uninformed = self.make_prospect(name="Paul Neuf", email="paul.neuf@example.com", kind="b2c")
        with self.assertRaisesRegex(UserError, "not received the notice"):
            self.give(uninformed, "sms_consent_given")
        with self.assertRaisesRegex(UserError, "SMS consent is only valid once the person was informed"):
            uninformed.with_user(self.gdpr_user)._gdpr_channel_answer("sms_consent_given", "phone")
        objected = self.consumer()
        objected._gdpr_answer("objection", "web")
        with self.assertRaisesRegex(UserError, "objected"):
            self.give(objected, "sms_consent_given")
        self.assertEqual(objected.gdpr_sms_consent_state, "not_requested")

    @freeze_time(TODAY)
    def test_sms_consent_is_recorded_only(self):
        prospect = self.consumer()
        for user in (self.gdpr_user, self.dpo):
            for vals in ({"gdpr_sms_consent_state": "given"}, {"gdpr_sms_consent_on": "2026-09-01"}):
                with self.subTest(user=user.login, vals=vals), self.assertRaisesRegex(UserError, "SMS consent is"):
                    prospect.with_user(user).write(vals)
        # even the superuser needs the evidence first, and a phone consent's is no SMS consent's
        prospect._gdpr_channel_answer("phone_consent_given", "phone")
        with self.assertRaisesRegex(ValidationError, "recorded SMS consent event"):
            prospect.gdpr_sms_consent_state = "given"

    @freeze_time(TODAY)
    def test_consumer_number_held_on_an_sms_consent(self):
        prospect = self.consumer()
        Partner = self.env["res.partner"].with_user(self.gdpr_user)
        with self.assertRaisesRegex(ValidationError, "Mobile"):
            Partner.browse(prospect.id).mobile = PHONE
        self.give(prospect, "sms_consent_given")
        Partner.browse(prospect.id).mobile = PHONE
        self.assertEqual(prospect.mobile, PHONE)

    @freeze_time(TODAY)
    def test_sms_withdrawal_keeps_email_and_phone_consents_and_the_number(self):
        prospect = self.consumer()
        prospect._gdpr_answer("consent_given", "web", "notice-v1")
        self.give(prospect, "phone_consent_given")
        self.give(prospect, "sms_consent_given")
        prospect.with_user(self.gdpr_user).write({"phone": PHONE, "mobile": PHONE})
        self.record(prospect, "sms_consent_withdrawn", channel="letter")
        self.assertEqual(prospect.gdpr_sms_consent_state, "withdrawn")
        self.assertEqual((prospect.gdpr_consent_state, prospect.gdpr_phone_consent_state), ("given", "given"))
        self.assertEqual((prospect.phone, prospect.mobile), (PHONE, PHONE), "the phone consent holds the number")
        event = self.events(prospect, "sms_consent_withdrawn")
        self.assertEqual((len(event), event.channel), (1, "letter"))
        self.assertFalse(self.events(prospect, "phone_consent_withdrawn") | self.events(prospect, "consent_withdrawn"))
        # no erasure, no suppression: the person still hears from us by email and phone
        self.assertFalse(prospect.gdpr_erasure_reason)
        self.assertFalse(self.env["gdpr.blacklist"].sudo().search([]))
        # the same answer again records nothing; consenting again is allowed
        self.record(prospect, "sms_consent_withdrawn")
        self.assertEqual(len(self.events(prospect, "sms_consent_withdrawn")), 1)
        self.give(prospect, "sms_consent_given")
        self.assertEqual(prospect.gdpr_sms_consent_state, "given")

    @freeze_time(TODAY)
    def test_the_last_consent_takes_the_number_with_it(self):
        prospect = self.consumer()
        self.give(prospect, "sms_consent_given")
        self.give(prospect, "phone_consent_given")
        prospect.with_user(self.gdpr_user).write({"mobile": PHONE})
        # the phone withdrawal leaves the number to the SMS consent
        self.record(prospect, "phone_consent_withdrawn")
        self.assertEqual((prospect.gdpr_phone_consent_state, prospect.mobile), ("withdrawn", PHONE))
        self.record(prospect, "sms_consent_withdrawn")
        self.assertEqual(prospect.gdpr_sms_consent_state, "withdrawn")
        self.assertFalse(prospect.phone or prospect.mobile)
        self.assertEqual(prospect.gdpr_consent_state, "pending")

    @freeze_time(TODAY)
    def test_a_professional_keeps_the_number_after_an_sms_withdrawal(self):
        prospect = self.make_prospect(phone=PHONE)
        prospect._gdpr_notice_left("notice-v1")
        self.give(prospect, "sms_consent_given")
        self.record(prospect, "sms_consent_withdrawn")
        self.assertEqual((prospect.gdpr_sms_consent_state, prospect.phone), ("withdrawn", PHONE))

    @freeze_time(TODAY)
    def test_the_access_report_lists_each_channel(self):
        prospect = self.consumer()
        self.give(prospect, "sms_consent_given")
        holdings = self.env["report.gdpr_prospection.access_report_document"]._holdings(prospect)
        regime = dict(holdings[0]["regime"])
        self.assertEqual(regime["SMS consent"], "Given")
        self.assertEqual(regime["SMS consent recorded on"], "2026-09-15")
        self.assertEqual(regime["Phone consent"], "Not requested")
