from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import LeadCase


@tagged("post_install", "-at_install")
class TestLeadCalls(LeadCase):
    """A call to a lead's person follows the phone canvassing rules of a
    partner's (Code de la consommation L223-1, D223-9)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.partner_id.tz = "Europe/Paris"
        cls.call_type = cls.env.ref("mail.mail_activity_data_call")

    def schedule(self, lead, deadline):
        return (
            self.env["mail.activity"]
            .with_user(self.gdpr_user)
            .create(
                {
                    "res_model_id": self.env["ir.model"]._get_id("crm.lead"),
                    "res_id": lead.id,
                    "activity_type_id": self.call_type.id,
                    "date_deadline": deadline,
                    "user_id": self.gdpr_user.id,
                }
            )
        )

    def test_consumer_lead_without_phone_consent_is_not_called(self):
        lead = self.make_lead(contact_name="Claire Conso", email="claire@example.com", kind="b2c", function=False)
        # the refusal is caught without a savepoint: its count stays, as a
        # refused request's count is written again after its rollback
        try:
            with freeze_time("2026-09-14 08:00:00"):
                self.schedule(lead, "2026-09-15")
        except UserError as error:
            self.assertIn("L223-1", str(error))
        else:
            self.fail("the call was not refused")
        self.assertEqual(lead.gdpr_call_refused_count, 1)

    def test_professional_lead_call_is_evidence(self):
        lead = self.make_lead()
        with freeze_time("2026-09-14 08:00:00"):
            activity = self.schedule(lead, "2026-09-15")
            with self.assertRaises(UserError):
                self.schedule(lead, "2026-09-19")  # a Saturday
        with freeze_time("2026-09-15 09:30:00"):  # 11:30 in Paris
            activity.with_user(self.gdpr_user).action_feedback(feedback="Called")
        self.assertEqual(len(self.lead_events(lead, "call")), 1)
