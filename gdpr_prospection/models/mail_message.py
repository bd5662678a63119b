from odoo import api, fields, models

from .mail_thread import INCOMING_MAIL


class MailMessage(models.Model):
    _inherit = "mail.message"

    @api.model_create_multi
    def create(self, vals_list):
        messages = super().create(vals_list)
        messages._gdpr_record_prospect_replies()
        return messages

    def _gdpr_record_prospect_replies(self):
        """A mail that came in through the mail gateway from a prospect, and
        that a person wrote (no out-of-office reply, no delivery report), is
        a contact from them: it restarts their retention period. A message
        a user writes, even in the prospect's name, never is."""
        incoming = INCOMING_MAIL.get()
        if not incoming or incoming[0]:
            return
        mails = self.filtered(lambda m: m.message_type == "email" and m.author_id)
        authors = mails.author_id.sudo().filtered(lambda p: p.gdpr_prospect_type and not p.user_ids)
        if authors:
            authors._gdpr_record_contact("email", fields.Date.context_today(self))
