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
        refused, holders = self._gdpr_refused()
        if refused:
            self._gdpr_cancel(refused, holders)
        remaining = self.filtered(lambda sms: sms.id not in refused)
        if not remaining:
            return None
        return super(SmsSms, remaining)._send(
            unlink_failed=unlink_failed, unlink_sent=unlink_sent, raise_exception=raise_exception
        )

    def _gdpr_refused(self):
        """({sms_id: reason}, {sms_id: prospects}) for the texts of the batch
        the rules refuse, the facts of the whole batch gathered in a fixed
        number of queries per model. A text without a partner (a number typed,
        or a lead's own) obeys the prospects that hold its number."""
        texts = self.sudo()
        by_partner, __, by_phone = self.env["gdpr.outgoing.gate"]._refusals(
            texts.partner_id,
            (),
            outgoing.ORDINARY,
            phones={sms.number: sms.partner_id.id for sms in texts if sms.number},
            channel=outgoing.SMS,
        )
        typed = {sms.number for sms in texts if sms.number and not sms.partner_id}
        by_holder = self._gdpr_holder_refusals(typed) if typed else {}
        refused, holders = {}, {}
        for sms in texts:
            reason = by_partner.get(sms.partner_id.id) or by_phone.get(sms.number)
            if not reason and not sms.partner_id and sms.number in by_holder:
                reason, holders[sms.id] = by_holder[sms.number]
            if reason:
                refused[sms.id] = reason
        return refused, holders

    def _gdpr_holder_refusals(self, numbers):
        """{number: (reason, prospects)} for the ``numbers`` that prospects of
        any model under the regime hold (the number Odoo sanitised for each)
        and whose rules refuse a text; the strictest rule of the holders wins."""
        suppressed = self.env["gdpr.blacklist"].sudo()._screen(phones=list(numbers))
        refusals = {}
        for Model in self.env["gdpr.prospect.mixin"].sudo()._gdpr_regime_models():
            if "phone_sanitized" not in Model._fields:
                continue
            found = Model.with_context(active_test=False).search(
                [("phone_sanitized", "in", list(numbers)), ("gdpr_prospect_type", "!=", False)]
            )
            if not found:
                continue
            due = self.env["gdpr.purge.due"]._erasure_reasons(found)
            facts = found.read([*outgoing.VALUE_FIELDS, "phone_sanitized"], load=False)
            for holder, values in zip(found, facts, strict=True):
                number = values["phone_sanitized"]
                reason = outgoing.refusal(
                    values, number in suppressed, outgoing.ORDINARY, erasure_due=holder.id in due, channel=outgoing.SMS
                )
                if reason:
                    known, others = refusals.get(number, (reason, []))
                    refusals[number] = (min(reason, known, key=outgoing.REASONS.index), [*others, holder])
        return refusals

    def _gdpr_cancel(self, refused, holders=None):
        Gate = self.env["gdpr.outgoing.gate"]
        Event = self.env["gdpr.event"].sudo()
        holders = holders or {}
        texts = self.sudo().browse(list(refused))
        for reason in set(refused.values()):
            batch = texts.filtered(lambda sms, r=reason: refused[sms.id] == r)
            batch.write({"state": "canceled", "failure_type": GDPR_BLOCKED})
            batch.sms_tracker_id._action_update_from_sms_state(
                "canceled", failure_type=GDPR_BLOCKED, failure_reason=Gate._message(reason)
            )
            prospects = batch.partner_id.filtered("gdpr_prospect_type")
            Gate._log_blocked({partner.id: reason for partner in prospects}, {}, channel="phone")
            for sms in batch.filtered(lambda sms: sms.id in holders):
                for holder in holders[sms.id]:
                    Event._log(holder, "blocked", "phone", note=reason)
        texts.mail_message_id._notify_message_notification_update()
