from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .purge_common import TODAY, PurgeCase


@tagged("post_install", "-at_install")
class TestPurgeHistory(PurgeCase):
    """The purge erases what the regime collected, never a customer's or a
    colleague's history."""

    def other_record(self):
        # a record of another model, as an order or a ticket would be
        return self.env["gdpr.data.source"].create({"name": "Some other record", "reuse_allowed": True})

    def test_a_partner_with_a_history_cannot_become_a_prospect(self):
        Partner = self.env["res.partner"]
        customer = Partner.create({"name": "Paul Client", "email": "paul.client@example.com"})
        self.env["res.partner.bank"].create({"acc_number": "FR7612345", "partner_id": customer.id})
        colleague = self.env["res.users"].create({"name": "Ann Colleague", "login": "ann.colleague"}).partner_id
        writer = Partner.create({"name": "Rita Writer", "email": "rita@example.com"})
        record = self.other_record()
        self.env["mail.message"].create(
            {"model": record._name, "res_id": record.id, "author_id": writer.id, "body": "About my order"}
        )
        for partner, history in ((customer, "Bank Accounts"), (colleague, "a user account"), (writer, "messages")):
            with self.subTest(partner=partner.name), self.assertRaisesRegex(ValidationError, history):
                partner.with_user(self.gdpr_user).write(
                    {"gdpr_prospect_type": "b2b", "gdpr_source_id": self.source.id, "function": "Buyer"}
                )
            self.assertFalse(partner.sudo().gdpr_prospect_type)
        # a contact whose only history is its own chatter may become one
        newcomer = Partner.create({"name": "Nina New", "email": "nina@example.com"})
        newcomer.message_post(body="Met at the fair")
        newcomer.with_user(self.gdpr_user).write(
            {"gdpr_prospect_type": "b2b", "gdpr_source_id": self.source.id, "function": "Buyer"}
        )
        self.assertEqual(newcomer.gdpr_prospect_type, "b2b")

    @freeze_time(TODAY)
    def test_what_they_wrote_elsewhere_stays_without_their_name(self):
        partner = self.prospect("Olga Writer")
        email = partner.email
        record = self.other_record()
        kept = self.env["mail.message"].create(
            {
                "model": record._name,
                "res_id": record.id,
                "author_id": partner.id,
                "email_from": f"Olga Writer <{email}>",
                "body": "The delivery arrived late",
            }
        )
        on_contact = self.env["res.partner"].create({"name": "Some Customer"})
        on_contact.message_post(body="Reply from her", author_id=partner.id, message_type="comment")
        self.object(partner)
        self.purge()
        self.assertFalse(self.exists(partner))
        self.assertTrue(kept.exists(), "another model's history stays")
        self.assertFalse(kept.author_id)
        self.assertNotIn("olga", (kept.email_from or "").lower())
        self.assertEqual(kept.email_from, "Erased prospect")
        self.assertFalse(on_contact.message_ids.filtered(lambda m: "Reply from her" in (m.body or "")))
