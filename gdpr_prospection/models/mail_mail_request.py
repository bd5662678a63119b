from odoo import fields, models

from ..policy import rights


class MailMail(models.Model):
    """The verification mail of a rights request is the company's answer to
    the person (GDPR Art. 12), not prospection: the gate lets it reach a
    person who objected or was never informed, and its link is signed for
    its recipient only as it leaves (the queued mail holds an inert one)."""

    _inherit = "mail.mail"

    gdpr_request_id = fields.Many2one(
        "gdpr.request", string="GDPR request", groups="gdpr_prospection.group_gdpr_dpo", ondelete="cascade"
    )

    def _gdpr_screen_batch(self):
        rights_mails = self.sudo().filtered("gdpr_request_id")
        return super(MailMail, self - rights_mails)._gdpr_screen_batch()

    def _prepare_outgoing_list(self, mail_server=False, recipients_follower_status=None):
        emails = super()._prepare_outgoing_list(mail_server, recipients_follower_status)
        request = self.sudo().gdpr_request_id
        if not request or not request.sudo().token_nonce:
            return emails
        token = request._token()
        for email in emails:
            for key in ("body", "body_alternative"):
                email[key] = rights.sign_placeholder(email[key], request.id, token)
        return emails
