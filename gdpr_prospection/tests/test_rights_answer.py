import json

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .mail_common import GdprMailCase


@tagged("post_install", "-at_install")
class TestRightsAnswer(GdprMailCase):
    """The DPO answers an access request with the report, attached to the
    request and mailed to the person (GDPR Art. 12(3), 15, 20)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # a consumer who never answered: prospection may not reach them, the answer must
        cls.prospect = cls.make_prospect(kind="b2c")
        cls.prospect._gdpr_notice_left("text-v1")
        cls.request = (
            cls.env["gdpr.request"]
            .with_user(cls.dpo)
            .create({"request_type": "access", "channel": "letter", "email": "jeanne.martin@example.com"})
        )

    def test_the_report_is_attached_and_sent_to_the_person(self):
        self.assertEqual(self.request.partner_id, self.prospect)
        self.request.with_user(self.dpo).action_attach_access_report()
        attachments = self.request.answer_attachment_ids
        self.assertEqual(len(attachments), 2)
        self.assertEqual(set(attachments.mapped("res_model")), {"gdpr.request"})
        as_json = attachments.filtered(lambda a: a.mimetype == "application/json")
        record = json.loads(as_json.raw)["records"][0]
        self.assertEqual(record["source"]["url"], "https://directory.example/jeanne-martin")
        report = attachments - as_json
        # without wkhtmltopdf in tests, Odoo renders the report's HTML
        self.assertIn(b"Trade directory", report.raw)

        with self.mock_mail_gateway():
            self.request.with_user(self.dpo).action_send_access_report()
            self.send_queue()
        self.assertEqual(self.request.state, "done")
        self.assertTrue(self.request.answered_on)
        sent = [mail for mail in self._mails if "jeanne.martin@example.com" in mail["email_to"][0]]
        self.assertEqual(len(sent), 1, "the answer reaches a consumer who never consented")
        self.assertEqual(sorted(name for name, __, __ in sent[0]["attachments"]), sorted(attachments.mapped("name")))
        self.assertIn("/gdpr/request", sent[0]["body"])
        self.assertIn("dpo@controller.example", sent[0]["email_from"])
        self.assertFalse(self.events(self.prospect, "blocked"))

    def test_only_the_dpo_answers(self):
        for user in (self.gdpr_user, self.employee, self.accountant):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.request.with_user(user).action_send_access_report()
        self.request.with_user(self.dpo).action_attach_access_report()
        attachment = self.request.answer_attachment_ids[0]
        for user in (self.gdpr_user, self.employee):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                attachment.with_user(user).read(["raw"])

    def test_only_an_access_request_gets_the_report(self):
        objection = self.request.copy({"request_type": "objection"})
        with self.assertRaises(UserError):
            objection.with_user(self.dpo).action_send_access_report()
        self.request.write({"state": "refused", "refusal_reason": "Identity not proven"})
        with self.assertRaises(UserError):
            self.request.with_user(self.dpo).action_attach_access_report()

    def test_the_report_copies_go_with_the_erasure(self):
        self.request.with_user(self.dpo).action_send_access_report()
        attachments = self.request.answer_attachment_ids
        mail = self.env["mail.mail"].sudo().search([("gdpr_request_id", "=", self.request.id)])
        self.assertEqual(len(mail), 1, "queued, not yet sent")
        self.prospect._gdpr_answer("objection", "letter")
        self.env["gdpr.purge.run"]._purge_selection(self.prospect)
        self.assertFalse(self.prospect.exists())
        self.assertFalse(attachments.exists(), "the report held the data in clear")
        self.assertFalse(mail.exists())
        self.assertTrue(self.request.email_hash)
        self.assertTrue(self.request.answered_on, "the answer's date stays as evidence")
        with self.assertRaises(UserError):
            self.request.with_user(self.dpo).action_attach_access_report()
