from odoo.tests import HttpCase, JsonRpcException, tagged

from .common import GdprCase


@tagged("post_install", "-at_install")
class TestChatterRefusesBeforePosting(GdprCase, HttpCase):
    """The chatter's "Send message", as the web client posts it: a message to
    a prospect the rules refuse is refused with the rule named, and nothing
    is posted (GDPR Art. 14(3)(b))."""

    def post(self, record, partner_ids, subtype="mail.mt_comment"):
        self.authenticate("gdpr_sales", "gdpr_sales")
        return self.make_jsonrpc_request(
            "/mail/message/post",
            {
                "thread_model": record._name,
                "thread_id": record.id,
                "post_data": {
                    "body": "Our offer",
                    "message_type": "comment",
                    "partner_ids": partner_ids,
                    "subtype_xmlid": subtype,
                },
            },
        )

    def messages(self, record):
        return self.env["mail.message"].search(
            [("model", "=", record._name), ("res_id", "=", record.id), ("body", "ilike", "Our offer")]
        )

    def test_uninformed_prospect_refused_with_the_rule(self):
        prospect = self.make_prospect()
        with self.assertRaises(JsonRpcException) as caught:
            self.post(prospect, prospect.ids)
        self.assertIn("odoo.exceptions.RedirectWarning", str(caught.exception))
        self.assertFalse(self.messages(prospect), "nothing posted")

    def test_informed_prospect_and_notes_pass(self):
        prospect = self.make_prospect()
        self.post(prospect, prospect.ids, subtype="mail.mt_note")
        self.assertEqual(len(self.messages(prospect)), 1, "a note reaches nobody: never refused")
        prospect.sudo().gdpr_notice_sent_on = "2026-01-05 10:00:00"
        self.post(prospect, prospect.ids)
        self.assertEqual(len(self.messages(prospect)), 2)
