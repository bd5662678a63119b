from odoo.tests import tagged

from .test_lead_notice import LeadMailCase


@tagged("post_install", "-at_install")
class TestLeadFooter(LeadMailCase):
    """A message on a lead prospect that reaches its person through a
    partner (a customer record holding the same address) carries the lead's
    way to object, signed for the lead (CPCE L34-5, RFC 8058)."""

    def test_a_message_through_a_partner_carries_the_leads_footer(self):
        lead = self.make_lead()
        lead._gdpr_notice_left("notice-v1")
        # a partner with a life of its own: the lead stays the prospect
        partner = self.env["res.partner"].create({"name": "Jeanne at Acme", "email": "jeanne.martin@acme.example"})
        self.assertFalse(partner.gdpr_prospect_type)
        with self.mock_mail_gateway():
            lead.with_user(self.prospector).message_post(
                body="Our offer", partner_ids=partner.ids, subtype_xmlid="mail.mt_comment"
            )
            self.send_queue()
        [sent] = [mail for mail in self._mails if "jeanne.martin@acme.example" in mail["email_to"][0]]
        self.assertIn(f"/gdpr/object/crm.lead/{lead.id}/", sent["body"])
        self.assertNotIn("sent-mail-only", sent["body"], "the footer's links are signed")
        self.assertIn(f"/gdpr/unsubscribe/crm.lead/{lead.id}/", sent["headers"]["List-Unsubscribe"])

    def test_a_colleague_copied_on_the_lead_gets_no_footer(self):
        lead = self.make_lead()
        lead._gdpr_notice_left("notice-v1")
        colleague = self.env["res.partner"].create({"name": "Colleague", "email": "colleague@controller.example"})
        with self.mock_mail_gateway():
            lead.message_post(body="FYI", partner_ids=colleague.ids, subtype_xmlid="mail.mt_comment")
            self.send_queue()
        [sent] = [mail for mail in self._mails if "colleague@controller.example" in mail["email_to"][0]]
        self.assertNotIn("/gdpr/object/", sent["body"])
        self.assertNotIn("List-Unsubscribe", sent["headers"])
