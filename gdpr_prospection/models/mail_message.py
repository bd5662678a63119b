from odoo import api, fields, models


class MailMessage(models.Model):
    _inherit = "mail.message"

    @api.model_create_multi
    def create(self, vals_list):
        messages = super().create(vals_list)
        messages._gdpr_record_prospect_replies()
        return messages

    def _gdpr_record_prospect_replies(self):
        """An email or message written by a prospect is a contact that came
        from them: it restarts their retention period. Messages the company
        sends (authored by its users) never do."""
        incoming = self.filtered(lambda m: m.message_type in ("email", "comment") and m.author_id)
        if not incoming:
            return
        authors = incoming.author_id.sudo().filtered(lambda p: p.gdpr_prospect_type and not p.user_ids)
        if authors:
            today = fields.Date.context_today(self)
            authors._gdpr_record_contact("email", today)
