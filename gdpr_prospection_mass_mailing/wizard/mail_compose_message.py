from odoo import models, tools
from odoo.addons.gdpr_prospection.models.mail_mail import GDPR_BLOCKED
from odoo.addons.gdpr_prospection.policy import outgoing


class MailComposeMessage(models.TransientModel):
    _inherit = "mail.compose.message"

    def _process_mail_values_state(self, mail_values_dict):
        """A mailing leaves out the recipients the GDPR rules refuse before
        any mail is created, the way core leaves out blacklisted addresses:
        their mail is still-born (cancelled) and their trace is cancelled
        with the rule, so the mailing counts them as cancelled. One gate
        query for the whole batch."""
        mail_values_dict = super()._process_mail_values_state(mail_values_dict)
        if not self.mass_mailing_id:
            return mail_values_dict
        pending = {res_id: values for res_id, values in mail_values_dict.items() if values.get("state") != "cancel"}
        if not pending:
            return mail_values_dict
        partner_ids = {res_id: self._gdpr_recipient_partner_ids(values) for res_id, values in pending.items()}
        emails = {res_id: tools.email_split(values.get("email_to") or "") for res_id, values in pending.items()}
        Gate = self.env["gdpr.outgoing.gate"]
        by_partner, by_email, __ = Gate._refusals(
            self.env["res.partner"].browse({pid for pids in partner_ids.values() for pid in pids}),
            [address for addresses in emails.values() for address in addresses],
            outgoing.MARKETING,
        )
        if not (by_partner or by_email):
            return mail_values_dict
        logged_partners, logged_emails = {}, {}
        for res_id, values in pending.items():
            partners, addresses = Gate._refused_of(by_partner, by_email, partner_ids[res_id], emails[res_id])
            if not (partners or addresses):
                continue
            reason = Gate._first_reason(partners, addresses)
            values.update(
                {
                    "state": "cancel",
                    "failure_type": GDPR_BLOCKED,
                    "failure_reason": Gate._message(reason),
                    # like a blacklisted address: nothing in the recipient's chatter
                    "is_notification": False,
                }
            )
            logged_partners.update(partners)
            logged_emails.update(addresses)
        Gate._log_blocked(logged_partners, logged_emails)
        return mail_values_dict

    @staticmethod
    def _gdpr_recipient_partner_ids(mail_values):
        """The partner ids of ``recipient_ids`` given as x2many commands."""
        ids = set()
        for command in mail_values.get("recipient_ids") or []:
            if command[0] == 4:
                ids.add(command[1])
            elif command[0] == 6:
                ids.update(command[2])
        return ids

    def _prepare_mail_values_mailing_traces(self, mail_values_all):
        """The trace of a refused recipient also says which rule refused it."""
        traces = super()._prepare_mail_values_mailing_traces(mail_values_all)
        for res_id, trace in traces.items():
            if trace and trace.get("failure_type") == GDPR_BLOCKED:
                trace["failure_reason"] = mail_values_all[res_id].get("failure_reason")
        return traces
