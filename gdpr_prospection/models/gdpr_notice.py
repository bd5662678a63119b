from odoo import api, fields, models
from odoo.tools import SQL
from odoo.tools.translate import LazyTranslate

from ..policy import consent, notice

_lt = LazyTranslate(__name__)

SKIP_REASONS = {
    "not_prospect": _lt("not a prospect"),
    "suppressed": _lt("on the suppression list"),
    "objected": _lt("objected"),
    "withdrawn": _lt("withdrew consent"),
    "refused": _lt("refused consent"),
    "no_email": _lt("no valid email address"),
    "already_sent": _lt("notice already sent"),
    "queued": _lt("notice already waiting to leave"),
    "retried": _lt("failed before"),
}


class GdprNotice(models.AbstractModel):
    """Sends the Article 14 notice: the first message to a prospect."""

    _name = "gdpr.notice"
    _description = "Article 14 notice"

    @api.model
    def _template(self, prospect_type, model="res.partner"):
        return self.env[model]._gdpr_notice_template(prospect_type)

    @api.model
    def _outgoing_mails(self, prospects):
        return (
            self.env["mail.mail"]
            .sudo()
            .search(
                [
                    ("gdpr_text_version", "!=", False),
                    ("model", "=", prospects._name),
                    ("res_id", "in", prospects.ids),
                    ("state", "in", ("outgoing", "exception")),
                ]
            )
        )

    @api.model
    def _split_sendable(self, partners, resend=False):
        """Split ``partners`` (or any records under the regime) into those who
        may get the notice now and the skipped ones, by reason. Failed mails
        are put back in the queue."""
        skipped = {reason: partners.browse() for reason in SKIP_REASONS}
        prospects = partners.filtered("gdpr_prospect_type")
        skipped["not_prospect"] = partners - prospects
        phone_fields = prospects._gdpr_phone_fields
        hits = (
            self.env["gdpr.blacklist"]
            .sudo()
            ._screen(
                prospects.mapped(prospects._gdpr_email_field),
                [phone for name in phone_fields for phone in prospects.mapped(name)],
            )
        )
        outgoing = self._outgoing_mails(prospects)
        failed = outgoing.filtered(lambda m: m.state == "exception")
        failed.mark_outgoing()
        retried = set(failed.mapped("res_id"))
        waiting = set(outgoing.mapped("res_id")) - retried
        ready = partners.browse()
        for prospect in prospects:
            if prospect.gdpr_objected_on:
                reason = "objected"
            elif prospect.gdpr_consent_state in (consent.WITHDRAWN, consent.REFUSED):
                reason = "withdrawn" if prospect.gdpr_consent_state == consent.WITHDRAWN else "refused"
            elif {prospect._gdpr_email(), *(prospect[name] for name in phone_fields)} & hits:
                reason = "suppressed"
            elif not prospect.email_normalized:
                reason = "no_email"
            elif prospect.id in waiting:
                reason = "queued"
            elif prospect.id in retried:
                reason = "retried"
            elif prospect.gdpr_notice_sent_on and not resend:
                reason = "already_sent"
            else:
                ready |= prospect
                continue
            skipped[reason] |= prospect
        return ready, {reason: found for reason, found in skipped.items() if found}

    @api.model
    def _queue(self, prospects):
        """Render and queue the notice of each prospect, its type's template
        in its language. Returns the mails."""
        mails = self.env["mail.mail"].sudo()
        for prospect_type in ("b2b", "b2c"):
            group = prospects.filtered(lambda p, t=prospect_type: p.gdpr_prospect_type == t)
            if not group:
                continue
            template = self._template(prospect_type, prospects._name)
            lang_of = {prospect: prospect._gdpr_lang() for prospect in group}
            for company, lang in {(prospect.company_id, lang_of[prospect]) for prospect in group}:
                batch = group.filtered(
                    lambda p, c=company, lang=lang, langs=lang_of: p.company_id == c and langs[p] == lang
                )
                sample = template.with_context(lang=lang)._render_field("body_html", batch[:1].ids, compute_lang=True)
                template._gdpr_check_rendered(prospect_type, sample[batch[0].id], lang)
                # marked as notices at once; each gets its text's version below
                created = template.with_context(gdpr_compile_once=True).send_mail_batch(
                    batch.ids, email_values={"gdpr_text_version": "pending"}
                )
                self.env["gdpr.notice.version"]._record_sent(template, lang or "en_US", company, created)
                mails |= created
        if mails:
            self.env.ref("mail.ir_cron_mail_scheduler_action").sudo()._trigger()
        return mails

    @api.model
    def _send(self, partners, resend=False):
        ready, skipped = self._split_sendable(partners, resend)
        mails = self._queue(ready)
        return mails, skipped

    @api.model
    def _skip_report(self, queued, skipped):
        """The notification that tells the user what was sent and, per
        reason, how many prospects were skipped and who."""
        lines = [
            self.env._("%(count)s notice(s) queued: the sending date is set when each mail has left.", count=queued)
        ]
        skipped = dict(skipped)
        retried = skipped.pop("retried", None)
        if retried:
            lines.append(
                self.env._(
                    "%(count)s notice(s) that had failed put back in the queue, to leave with the next mail run: "
                    "%(names)s",
                    count=len(retried),
                    names=", ".join(retried[:10].mapped("display_name")) + (", …" if len(retried) > 10 else ""),
                )
            )
        for reason, partners in skipped.items():
            names = ", ".join(partners[:10].mapped("display_name"))
            if len(partners) > 10:
                names += ", …"
            lines.append(
                self.env._(
                    "%(count)s skipped (%(reason)s): %(names)s",
                    count=len(partners),
                    reason=SKIP_REASONS[reason]._translate(self.env.lang or "en_US"),
                    names=names,
                )
            )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("GDPR notice"),
                # one line per outcome: the notification escapes the text, the class keeps its line breaks
                "message": "\n".join([lines[0], *(f"• {line}" for line in lines[1:])]),
                "className": "text-prewrap",
                "type": "warning" if skipped or retried else "success",
                "sticky": bool(skipped or retried),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    @api.model
    def _queued_notice_ids_sql(self, model):
        """The records of ``model`` whose notice waits in the mail queue."""
        return SQL(
            """(SELECT message.res_id FROM mail_mail mail
                  JOIN mail_message message ON message.id = mail.mail_message_id
                 WHERE mail.gdpr_text_version IS NOT NULL AND mail.state = 'outgoing'
                   AND message.model = %s AND message.res_id IS NOT NULL)""",
            model,
        )

    @api.model
    def _cron_send_due(self, batch_size=500):
        """Nightly: send the notice to prospects whose Art. 14(3) deadline is
        near, in companies that enabled automatic notices, on every model
        under the regime (partners, then a bridge's leads); flag for the DPO
        those that cannot be informed."""
        today = fields.Date.context_today(self)
        companies = self.env["res.company"].search([("gdpr_auto_notice", "=", True)])
        domain = [
            ("gdpr_prospect_type", "!=", False),
            ("company_id", "in", companies.ids),
            ("gdpr_notice_sent_on", "=", False),
            ("gdpr_notice_due_on", "<=", fields.Date.add(today, days=notice.NOTICE_MARGIN_DAYS)),
            ("gdpr_objected_on", "=", False),
            ("gdpr_consent_state", "not in", (consent.REFUSED, consent.WITHDRAWN)),
            ("gdpr_notice_blocked", "=", False),
        ]
        mails = self.env["mail.mail"].sudo()
        done = remaining = 0
        progressed = False
        for Model in self.env["gdpr.prospect.mixin"]._gdpr_regime_models():
            Model = Model.sudo()
            room = batch_size - done
            if room <= 0:
                remaining += 1  # this model waits for the next batch
                break
            # a notice already queued is not queued again: it must not take a place in the batch
            self.env.flush_all()
            model_domain = [*domain, ("id", "not in", self._queued_notice_ids_sql(Model._name))]
            prospects = Model.search(model_domain, limit=room, order="gdpr_notice_due_on, id")
            sent, skipped = self._send(prospects)
            blocked = skipped.get("no_email", Model) | skipped.get("suppressed", Model)
            if blocked:
                blocked._gdpr_flag_notice_blocked()
            mails |= sent
            progressed = progressed or bool(sent or blocked)
            done += len(prospects)
            if len(prospects) == room:
                self.env.flush_all()
                remaining += Model.search_count(model_domain)
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining if progressed else 0)
        return mails
