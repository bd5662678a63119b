from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common import GdprCase


@tagged("post_install", "-at_install")
class TestManualAnswers(GdprCase):
    def record(self, partners, answer, channel="phone", proof=False, user=None):
        Wizard = self.env["gdpr.answer.wizard"].with_user(user or self.gdpr_user)
        context = {"active_model": "res.partner", "active_ids": partners.ids}
        form = Form(Wizard.with_context(**context))
        form.answer = answer
        form.channel = channel
        if proof:
            form.proof = proof
        return form.save().action_apply()

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

    def test_consent_needs_proof(self):
        prospect = self.make_prospect(kind="b2c")
        wizard = self.env["gdpr.answer.wizard"].with_user(self.gdpr_user)
        with self.assertRaisesRegex(UserError, "proof"):
            wizard.create({"partner_ids": [(6, 0, prospect.ids)], "answer": "consent_given"}).action_apply()
        self.record(prospect, "consent_given", proof="Letter of 2 May, signed")
        self.assertEqual(prospect.gdpr_consent_state, "given")
        self.assertEqual(self.events(prospect, "consent_given").note, "Letter of 2 May, signed")
        self.assertFalse(self.env["gdpr.blacklist"].search([]))

    def test_withdrawal_after_consent(self):
        prospect = self.make_prospect(kind="b2c")
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
