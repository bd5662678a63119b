from datetime import date

from freezegun import freeze_time

from odoo.addons.gdpr_prospection_crm.tests.common import LeadCase
from odoo.tests import tagged


@tagged("post_install", "-at_install")
class TestLivechatLeads(LeadCase):
    """A lead made from a live chat came from the person: the DPO's basis
    for live chat, no notice, the prospects' retention."""

    def chat_with(self, visitor):
        operator = self.salesman.partner_id
        return self.env["discuss.channel"].create(
            {
                "name": "Visitor chat",
                "channel_type": "group",
                "channel_partner_ids": [(4, visitor.id), (4, operator.id)],
            }
        )

    @freeze_time("2026-05-04")
    def test_the_lead_command_makes_an_inbound_lead(self):
        self.company.gdpr_inbound_basis_livechat = "legitimate_interest"
        visitor = self.env["res.partner"].create({"name": "Victor Visitor", "email": "victor@example.com"})
        channel = self.chat_with(visitor)
        lead = channel.with_user(self.salesman)._convert_visitor_to_lead(self.salesman.partner_id, "/lead Quote")
        lead = lead.sudo()
        self.assertEqual(lead.partner_id, visitor)
        self.assertEqual(lead.gdpr_inbound_channel, "livechat")
        self.assertEqual(lead.gdpr_lawful_basis, "legitimate_interest")
        self.assertFalse(lead.gdpr_prospect_type)
        self.assertFalse(lead.gdpr_notice_due_on)
        self.assertEqual(lead.gdpr_retention_until, date(2029, 5, 4))
        self.assertEqual(self.lead_events(lead, "collected").channel, "chat")

    def test_an_anonymous_chat_stays_a_plain_lead(self):
        channel = self.env["discuss.channel"].create(
            {
                "name": "Anonymous chat",
                "channel_type": "group",
                "channel_partner_ids": [(4, self.salesman.partner_id.id)],
            }
        )
        lead = channel._convert_visitor_to_lead(self.salesman.partner_id, "/lead Someone asked")
        self.assertFalse(lead.gdpr_inbound_channel, "nobody is named: no person's data")
        self.assertFalse(lead.gdpr_retention_until)

    def test_a_lead_created_outside_a_chat_is_not_inbound(self):
        lead = self.env["crm.lead"].create({"name": "Typed", "contact_name": "Tina Typed"})
        self.assertFalse(lead.gdpr_inbound_channel)
