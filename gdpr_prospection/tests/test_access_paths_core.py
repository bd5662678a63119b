from odoo import SUPERUSER_ID
from odoo.tests import tagged

from .mail_common import GdprMailCase

NAME = "Jeanne Martin"
EMAIL = "jeanne.martin@example.com"


@tagged("post_install", "-at_install")
class TestCoreKeepsThePerson(GdprMailCase):
    """Masking a prospect is for what a user outside the prospection roles
    reads: the superuser, the notice and the mails that leave keep the
    person's real name and address."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.prospect = cls.make_prospect(name=NAME, email=EMAIL)
        cls.customer = cls.env["res.partner"].create({"name": "Plain Customer", "email": "customer@example.com"})

    def sent_to_prospect(self):
        return [mail for mail in self._mails if EMAIL in str(mail["email_to"])]

    def test_superuser_reads_the_person(self):
        root = self.prospect.with_user(SUPERUSER_ID)
        self.assertEqual(root.display_name, NAME)
        self.assertEqual(root.with_context(show_email=True).display_name, f"{NAME} <{EMAIL}>")
        self.customer.message_subscribe(partner_ids=self.prospect.ids)
        follower = self.customer.message_follower_ids.filtered(lambda f: f.partner_id == self.prospect)
        self.assertEqual((follower.name, follower.email), (NAME, EMAIL))

    def test_notice_addresses_the_person(self):
        with self.mock_mail_gateway():
            self.prospect.with_user(self.gdpr_user).action_gdpr_send_notice()
            self.send_queue()
        sent = self.sent_to_prospect()
        self.assertEqual(len(sent), 1)
        self.assertIn(NAME, str(sent[0]["email_to"]))
        self.assertIn(NAME, sent[0]["body"])

    def test_outsider_post_reaches_the_follower_by_name(self):
        """An accountant writes on a customer that the prospect follows: core
        notifies the prospect (as superuser, for that accountant) under their
        own name."""
        with self.mock_mail_gateway():
            self.prospect.action_gdpr_send_notice()
            self.send_queue()
        self.customer.message_subscribe(partner_ids=self.prospect.ids)
        with self.mock_mail_gateway():
            self.customer.with_user(self.accountant).message_post(
                body="Meeting moved", message_type="comment", subtype_xmlid="mail.mt_comment"
            )
            self.send_queue()
        sent = self.sent_to_prospect()
        self.assertEqual(len(sent), 1)
        self.assertIn(f'"{NAME}" <{EMAIL}>', str(sent[0]["email_to"]))
