from odoo import api, models


class MailMail(models.Model):
    _inherit = "mail.mail"

    @api.model_create_multi
    def create(self, vals_list):
        """Whatever generated it (the mailing's composer, its test mail, a
        custom flow), a mail of a mailing is marketing: the suppression list
        stops it whoever holds the address, and every prospect rule applies."""
        for vals in vals_list:
            if vals.get("mailing_id"):
                vals["gdpr_marketing"] = True
        return super().create(vals_list)

    def _gdpr_cancel(self, refused):
        """A mail the gate cancels at send time never reaches
        ``_postprocess_sent_message``: its trace says it was cancelled, and
        why, so that the mailing counts it as cancelled."""
        result = super()._gdpr_cancel(refused)
        mails = self.sudo().filtered("mailing_trace_ids")
        for (failure_type, failure_reason), reason_mails in mails.grouped(
            lambda mail: (mail.failure_type, mail.failure_reason)
        ).items():
            reason_mails.mailing_trace_ids.write(
                {"trace_status": "cancel", "failure_type": failure_type, "failure_reason": failure_reason}
            )
        return result
