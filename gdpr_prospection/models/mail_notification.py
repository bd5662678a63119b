from odoo import fields, models

from .mail_mail import GDPR_BLOCKED


class MailNotification(models.Model):
    _inherit = "mail.notification"

    failure_type = fields.Selection(
        selection_add=[(GDPR_BLOCKED, "Blocked by the GDPR rules")], ondelete={GDPR_BLOCKED: "set null"}
    )

    def _filtered_for_web_client(self):
        # a recipient may be a prospect the user may not read (a salesperson's
        # message to a lead's person, now a partner): whether the recipient is
        # a portal partner is read as the system; the chatter shows them masked
        shown = super(MailNotification, self.sudo())._filtered_for_web_client()
        return self.browse(shown.ids)
