from odoo import models


class MailComposeMessage(models.TransientModel):
    _inherit = "mail.compose.message"

    def _action_send_mail(self, auto_commit=False):
        """A message the rules refuse is refused before it is posted, with the
        rule named; a mass mail is marked as marketing, which the suppression
        list stops whoever holds the address."""
        for wizard in self:
            if wizard.composition_mode == "comment" and not wizard.subtype_is_log and wizard.partner_ids:
                self.env["gdpr.outgoing.gate"]._check_partners(wizard.partner_ids, model=wizard.model)
        return super()._action_send_mail(auto_commit=auto_commit)

    def _prepare_mail_values_static(self):
        values = super()._prepare_mail_values_static()
        if self.composition_mode == "mass_mail":
            values["gdpr_marketing"] = True
        return values
