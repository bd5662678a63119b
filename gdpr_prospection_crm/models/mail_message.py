from odoo import fields, models
from odoo.addons.gdpr_prospection.models.mail_thread import INCOMING_MAIL
from odoo.tools import email_normalize


class MailMessage(models.Model):
    _inherit = "mail.message"

    def _gdpr_record_prospect_replies(self):
        """A mail the person wrote that the gateway posts on their lead (a
        reply, a new message to the alias's thread) is a contact from them,
        as on a partner: it restarts the lead's retention."""
        super()._gdpr_record_prospect_replies()
        incoming = INCOMING_MAIL.get()
        if not incoming or incoming[0]:
            return
        mails = self.filtered(lambda m: m.message_type == "email" and m.model == "crm.lead" and m.res_id)
        if not mails:
            return
        senders = {mail.res_id: email_normalize(mail.email_from or "") for mail in mails}
        today = fields.Date.context_today(self)
        regime = self.env["crm.lead"].sudo().browse(list(senders)).exists()._gdpr_in_regime()
        # the mail that made the lead is its collection, not a contact after it
        replied = regime.filtered(
            lambda lead: (
                lead.email_normalized
                and lead.email_normalized == senders[lead.id]
                and (lead.gdpr_collected_on or today) < today
            )
        )
        if replied:
            replied._gdpr_record_contact("email", today)
