from odoo import fields, models
from odoo.addons.gdpr_prospection.models.mail_mail import GDPR_BLOCKED


class MailingTrace(models.Model):
    _inherit = "mailing.trace"

    failure_type = fields.Selection(
        selection_add=[(GDPR_BLOCKED, "Blocked by the GDPR rules")], ondelete={GDPR_BLOCKED: "set null"}
    )
