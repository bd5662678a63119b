from odoo import fields, models

from .mail_mail import GDPR_BLOCKED


class MailNotification(models.Model):
    _inherit = "mail.notification"

    failure_type = fields.Selection(
        selection_add=[(GDPR_BLOCKED, "Blocked by the GDPR rules")], ondelete={GDPR_BLOCKED: "set null"}
    )
