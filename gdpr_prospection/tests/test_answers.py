from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common import GdprCase


@tagged("post_install", "-at_install")
class TestManualAnswers(GdprCase):
    def record(self, partners, answer, channel="phone", proof=False, reference=False, user=None):
        Wizard = self.env["gdpr.answer.wizard"].with_user(user or self.gdpr_user)
        context = {"active_model": "res.partner", "active_ids": partners.ids}
        form = Form(Wizard.with_context(**context))
        form.answer = answer
        form.channel = channel
        if proof:
            form.proof = proof
        if answer == "consent_given":
            form.proof_reference = reference or "Recording 2026-05-03-1020"
        return form.save().action_apply()

    def informed(self, prospect, text_version="notice-v1"):
        """The notice and consent request have left (what the mail hook records)."""
        prospect._gdpr_notice_left(text_version)
        return prospect

    def test_objection_by_phone(self):
        prospect = self.make_prospect()
        self.record(prospect, "objection")
        self.assertTrue(prospect.gdpr_objected_on)
        event = self.events(prospect, "objection")
        self.assertEqual((event.channel, event.user_id), ("phone", self.gdpr_user))
        self.assertEqual(self.env["gdpr.blacklist"].search([]).reason, "objection")
        # replaying the same answer records nothing new
        self.record(prospect, "objection")
        self.assertEqual(len(self.events(prospect, "objection")), 1)

    def test_an_objection_is_the_persons_whatever_record_it_came_through(self):
        """The same person kept twice (a duplicate contact, a variant of
        their mailbox): the objection recorded on one ends both."""
        prospect = self.make_prospect(email="jeanne.martin@example.com")
        duplicate = self.make_prospect(name="J. Martin", email="Jeanne.Martin@Example.com")
        stranger = self.make_prospect(name="Paul Durand", email="paul.durand@example.com")
        self.record(prospect, "objection")
        self.assertTrue(duplicate.gdpr_objected_on)
        self.assertEqual(self.events(duplicate, "objection").channel, "phone")
        self.assertFalse(stranger.gdpr_objected_on)

    def test_a_notice_informs_the_person_kept_twice_the_same_way(self):
        prospect = self.make_prospect(email="jeanne.martin@example.com")
        duplicate = self.make_prospect(name="J. Martin", email="jeanne.martin@example.com")
        as_consumer = self.make_prospect(name="Jeanne", email="jeanne.martin@example.com", kind="b2c")
        self.informed(prospect)
        self.assertTrue(duplicate.gdpr_notice_sent_on)
        self.assertFalse(as_consumer.gdpr_notice_sent_on, "a consumer's notice asks for consent: it is another text")

    def test_consent_needs_proof(self):
        prospect = self.informed(self.make_prospect(kind="b2c"))
        wizard = self.env["gdpr.answer.wizard"].with_user(self.gdpr_user)
        for values in ({}, {"proof": "Letter of 2 May, signed"}, {"proof_reference": "Scan 42"}):
            with self.subTest(values=values), self.assertRaisesRegex(UserError, "proof"):
                wizard.create(dict(values, partner_ids=[(6, 0, prospect.ids)], answer="consent_given")).action_apply()
        self.record(prospect, "consent_given", proof="Letter of 2 May, signed", reference="Scan 42")
        self.assertEqual(prospect.gdpr_consent_state, "given")
        event = self.events(prospect, "consent_given")
        self.assertIn("Letter of 2 May, signed", event.note)
        self.assertIn("Scan 42", event.note)
        # the text agreed to: the last notice the person received
        self.assertEqual(event.text_version, "notice-v1")
        self.assertFalse(self.env["gdpr.blacklist"].search([]))

    def test_consent_is_informed_only(self):
        prospect = self.make_prospect(kind="b2c")
        with self.assertRaisesRegex(UserError, "not received the notice"):
            self.record(prospect, "consent_given", proof="Said yes on the phone")
        with self.assertRaisesRegex(UserError, "not received the notice"):
            prospect._gdpr_answer("consent_given", "web")
        self.assertEqual(prospect.gdpr_consent_state, "not_requested")
        self.assertFalse(self.events(prospect, "consent_given"))

    def test_an_answer_is_never_dated_in_the_future(self):
        prospect = self.make_prospect()
        wizard = self.env["gdpr.answer.wizard"].with_user(self.gdpr_user)
        with self.assertRaisesRegex(UserError, "future"):
            wizard.create(
                {"partner_ids": [(6, 0, prospect.ids)], "answer": "objection", "answered_on": "2099-01-01"}
            ).action_apply()
        self.assertFalse(prospect.gdpr_objected_on)

    def test_a_typed_proof_does_not_outlive_the_person_in_clear(self):
        prospect = self.informed(self.make_prospect(kind="b2c"))
        self.record(prospect, "consent_given", proof="Call with Jeanne Martin, 06 12 34 56 78")
        self.record(prospect, "consent_withdrawn", proof="Jeanne Martin called back")
        self.env["gdpr.purge.run"].sudo()._cron_purge()
        self.assertFalse(prospect.exists())
        events = self.env["gdpr.event"].sudo().search([("partner_ref", "=", prospect.id)])
        self.assertTrue(events.filtered(lambda event: event.event_type == "consent_given"))
        notes = " ".join(events.filtered("note").mapped("note"))
        self.assertNotIn("Jeanne", notes)
        self.assertNotIn("06 12 34 56 78", notes)
        # the DPO can still check a given proof against the evidence
        given = events.filtered(lambda event: event.event_type == "consent_given")
        original = given.note
        self.assertTrue(original.startswith("hmac:"))

    def test_withdrawal_after_consent(self):
        prospect = self.informed(self.make_prospect(kind="b2c"))
        self.record(prospect, "consent_given", proof="Call")
        self.record(prospect, "consent_withdrawn", channel="email")
        self.assertEqual(prospect.gdpr_consent_state, "withdrawn")
        self.assertEqual(self.env["gdpr.blacklist"].search([]).reason, "consent_withdrawn")

    def test_refused_consent_cannot_be_given_later(self):
        prospect = self.make_prospect(kind="b2c")
        self.record(prospect, "consent_refused")
        with self.assertRaises(UserError):
            self.record(prospect, "consent_given", proof="Call")

    def test_outsiders_cannot_record_answers(self):
        prospect = self.make_prospect()
        with self.assertRaises(AccessError):
            self.env["gdpr.answer.wizard"].with_user(self.employee).create(
                {"partner_ids": [(6, 0, prospect.ids)], "answer": "objection"}
            )
