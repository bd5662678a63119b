import json

from odoo.addons.gdpr_prospection.tests.mail_common import GdprMailCase
from odoo.tests import tagged


@tagged("post_install", "-at_install")
class TestLeadRightsAnswer(GdprMailCase):
    """A request by letter from a person known by a lead only: the DPO
    attaches and sends the access report, and its copies go with the lead's
    erasure (GDPR Art. 12(3), 15, 17)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lead = cls.env["crm.lead"].create(
            {
                "name": "Opportunity with Lou Letter",
                "contact_name": "Lou Letter",
                "email_from": "lou.letter@acme.example",
                "partner_name": "Acme",
                "function": "Buyer",
                "gdpr_prospect_type": "b2b",
                "gdpr_source_id": cls.source.id,
                "gdpr_source_url": "https://directory.example/lou",
                "user_id": False,
            }
        )
        cls.request = (
            cls.env["gdpr.request"]
            .with_user(cls.dpo)
            .create(
                {
                    "request_type": "access",
                    "channel": "letter",
                    "email": "Lou.Letter@acme.example",
                    "details": "Lou Letter, 3 rue des Lettres",
                }
            )
        )

    def test_the_request_names_the_lead_and_gets_its_report(self):
        request = self.request.sudo()
        self.assertFalse(request.partner_id)
        self.assertEqual((request.subject_model, request.subject_id), ("crm.lead", self.lead.id))
        self.request.with_user(self.dpo).action_attach_access_report()
        attachments = self.request.answer_attachment_ids
        as_json = attachments.filtered(lambda a: a.mimetype == "application/json")
        record = json.loads(as_json.raw)["records"][0]
        self.assertEqual(record["source"]["url"], "https://directory.example/lou")
        self.assertIn("Lou Letter", dict(record["data"]).values())
        self.assertIn(b"Trade directory", (attachments - as_json).raw)
        with self.mock_mail_gateway():
            self.request.with_user(self.dpo).action_send_access_report()
            self.send_queue()
        self.assertEqual(self.request.state, "done")
        self.assertTrue([mail for mail in self._mails if "lou.letter@acme.example" in mail["email_to"][0]])

    def test_the_copies_and_the_words_go_with_the_leads_erasure(self):
        self.request.with_user(self.dpo).action_send_access_report()
        attachments = self.request.answer_attachment_ids
        mail = self.env["mail.mail"].sudo().search([("gdpr_request_id", "=", self.request.id)])
        self.assertTrue(attachments and mail)
        self.lead._gdpr_answer("objection", "letter")
        run = self.env["gdpr.purge.run"]
        for _i in range(10):
            if run._cron_purge().state == "done":
                break
        self.assertFalse(self.lead.exists())
        self.assertFalse(attachments.exists(), "the report held the data in clear")
        self.assertFalse(mail.exists())
        request = self.request.sudo()
        self.assertFalse(request.subject_id)
        self.assertTrue(request.email_hash)
        self.assertNotIn("Lou Letter", request.details or "", "what the person wrote becomes a keyed hash")
