from odoo import fields, models
from odoo.addons.gdpr_prospection.models.mail_mail import GDPR_BLOCKED
from odoo.addons.gdpr_prospection.policy import outgoing


class SmsSms(models.Model):
    _inherit = "sms.sms"

    failure_type = fields.Selection(
        selection_add=[(GDPR_BLOCKED, "Blocked by the GDPR rules")], ondelete={GDPR_BLOCKED: "set null"}
    )

    def _send(self, unlink_failed=False, unlink_sent=True, raise_exception=False):
        """The gate before the SMS provider: a text to a prospect the rules
        refuse (a consumer without SMS consent among them), or to a number on
        the suppression list, is cancelled with the rule as reason; the rest
        of the batch leaves."""
        refused = self._gdpr_refused()
        if refused:
            self._gdpr_cancel(refused)
        remaining = self.filtered(lambda sms: sms.id not in refused)
        if not remaining:
            return None
        return super(SmsSms, remaining)._send(
            unlink_failed=unlink_failed, unlink_sent=unlink_sent, raise_exception=raise_exception
        )

    def _gdpr_refused(self):
        """{sms_id: reason} for the texts of the batch the rules refuse, the
        facts of the whole batch gathered in a fixed number of queries."""
        texts = self.sudo()
        by_partner, __, by_phone = self.env["gdpr.outgoing.gate"]._refusals(
            texts.partner_id,
            (),
            outgoing.ORDINARY,
            phones={sms.number: sms.partner_id.id for sms in texts if sms.number},
            channel=outgoing.SMS,
        )
        refused = {}
        for sms in texts:
            reason = by_partner.get(sms.partner_id.id) or by_phone.get(sms.number)
            if reason:
                refused[sms.id] = reason
        return refused

    def _gdpr_cancel(self, refused):
        Gate = self.env["gdpr.outgoing.gate"]
        texts = self.sudo().browse(list(refused))
        for reason in set(refused.values()):
            batch = texts.filtered(lambda sms, r=reason: refused[sms.id] == r)
            batch.write({"state": "canceled", "failure_type": GDPR_BLOCKED})
            batch.sms_tracker_id._action_update_from_sms_state(
                "canceled", failure_type=GDPR_BLOCKED, failure_reason=Gate._message(reason)
            )
            prospects = batch.partner_id.filtered("gdpr_prospect_type")
            Gate._log_blocked({partner.id: reason for partner in prospects}, {}, channel="phone")
        texts.mail_message_id._notify_message_notification_update()
