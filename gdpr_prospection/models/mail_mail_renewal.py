from odoo import fields, models


class MailMail(models.Model):
    """A renewal question counts as asked when the mail really left: the
    prospect's "renewal asked on" and its evidence are written then, never
    when the mail was queued (the gate may still cancel it, the server
    refuse it)."""

    _inherit = "mail.mail"

    gdpr_renewal = fields.Boolean(string="GDPR renewal question")

    def _postprocess_sent_message(self, success_pids, failure_reason=False, failure_type=None):
        asked = self.env["res.partner"].sudo()
        if not failure_type:
            for mail in self.filtered(lambda m: m.gdpr_renewal and m.model == "res.partner" and m.res_id):
                partner = self.env["res.partner"].sudo().browse(mail.res_id).exists()
                if partner in success_pids:
                    asked |= partner
        if asked:
            asked.write({"gdpr_renewal_sent_on": fields.Datetime.now()})
            self.env["gdpr.event"]._log(asked, "renewal_sent", "email")
        return super()._postprocess_sent_message(success_pids, failure_reason=failure_reason, failure_type=failure_type)
