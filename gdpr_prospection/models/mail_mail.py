from odoo import fields, models, tools

from ..policy import outgoing

GDPR_BLOCKED = "gdpr_blocked"


class MailMail(models.Model):
    _inherit = "mail.mail"

    gdpr_text_version = fields.Char(
        string="GDPR notice version", help="Set on Article 14 notices: the fingerprint of their text."
    )
    gdpr_marketing = fields.Boolean(
        string="Marketing mail", help="Sent in mass mode: the suppression list stops it whoever holds the address."
    )
    failure_type = fields.Selection(
        selection_add=[(GDPR_BLOCKED, "Blocked by the GDPR rules")], ondelete={GDPR_BLOCKED: "set null"}
    )

    def _gdpr_kind(self):
        if self.gdpr_text_version:
            return outgoing.NOTICE
        if self.gdpr_marketing:
            return outgoing.MARKETING
        return outgoing.ORDINARY

    def _send(
        self,
        auto_commit=False,
        raise_exception=False,
        smtp_session=None,
        alias_domain_id=False,
        mail_server=False,
        post_send_callback=None,
    ):
        """The gate before SMTP: every recipient the rules refuse is cancelled
        the way core cancels a blacklisted one, with the rule as reason. The
        facts of the whole batch come in a fixed number of queries."""
        refused = self._gdpr_screen_batch()
        blocked = self.browse([mail_id for mail_id, (whole, __, __) in refused.items() if whole])
        partial = frozenset(
            (mail_id, recipient)
            for mail_id, (whole, by_partner, by_email) in refused.items()
            if not whole
            for recipient in (*by_partner, *by_email)
        )
        if refused:
            blocked._gdpr_cancel(refused)
            self.browse(list(refused))._gdpr_cancel_notifications(refused)
            self.env["gdpr.outgoing.gate"]._log_blocked(
                {pid: reason for __, by_partner, __ in refused.values() for pid, reason in by_partner.items()},
                {email: reason for __, __, by_email in refused.values() for email, reason in by_email.items()},
            )
        remaining = (self - blocked).with_context(gdpr_refused_recipients=partial)
        return super(MailMail, remaining)._send(
            auto_commit=auto_commit,
            raise_exception=raise_exception,
            smtp_session=smtp_session,
            alias_domain_id=alias_domain_id,
            mail_server=mail_server,
            post_send_callback=post_send_callback,
        )

    def _gdpr_screen_batch(self):
        """{mail_id: (all recipients refused, {partner_id: reason}, {email: reason})}
        for the mails of the batch that have a refused recipient."""
        Gate = self.env["gdpr.outgoing.gate"]
        refused = {}
        outgoing_mails = self.sudo().filtered(lambda m: m.state == "outgoing")
        for (kind, model), mails in outgoing_mails.grouped(lambda m: (m._gdpr_kind(), m.model)).items():
            to_addresses = {m.id: tools.email_split(m.email_to or "") for m in mails}
            by_partner, by_email, __ = Gate._refusals(
                mails.recipient_ids, [a for addresses in to_addresses.values() for a in addresses], kind, model=model
            )
            if not (by_partner or by_email):
                continue
            for mail in mails:
                partners, emails = Gate._refused_of(by_partner, by_email, mail.recipient_ids.ids, to_addresses[mail.id])
                if partners or emails:
                    whole = len(partners) == len(mail.recipient_ids) and len(emails) == len(to_addresses[mail.id])
                    refused[mail.id] = (whole, partners, emails)
        return refused

    def _gdpr_cancel(self, refused):
        """Cancel these mails, every recipient of which the gate refused."""
        Gate = self.env["gdpr.outgoing.gate"]
        mails = self.sudo().grouped(lambda mail: Gate._first_reason(*refused[mail.id][1:]))
        for reason, reason_mails in mails.items():
            reason_mails.write(
                {"state": "cancel", "failure_type": GDPR_BLOCKED, "failure_reason": Gate._message(reason)}
            )

    def _gdpr_cancel_notifications(self, refused):
        """Cancel the notifications of the refused recipients of these mails
        (the sender sees them on the message), one write per rule."""
        Gate = self.env["gdpr.outgoing.gate"]
        notifications = (
            self.env["mail.notification"]
            .sudo()
            .search(
                [
                    ("notification_type", "=", "email"),
                    ("mail_mail_id", "in", self.ids),
                    ("notification_status", "not in", ("sent", "canceled")),
                ]
            )
        )
        by_reason = notifications.grouped(
            lambda n: refused.get(n.mail_mail_id.id, (False, {}, {}))[1].get(n.res_partner_id.id)
        )
        by_reason.pop(None, None)
        for reason, reason_notifications in by_reason.items():
            reason_notifications.write(
                {
                    "notification_status": "canceled",
                    "failure_type": GDPR_BLOCKED,
                    "failure_reason": Gate._message(reason),
                }
            )
        if by_reason:
            self.env["mail.notification"].union(
                *by_reason.values()
            ).mail_message_id._notify_message_notification_update()

    def _postprocess_sent_message(self, success_pids, failure_reason=False, failure_type=None):
        """A notice counts as sent when the mail really left, never when it
        was queued: record it now, before the mail is auto-deleted."""
        if not failure_type:
            for mail, record in self.filtered("gdpr_text_version")._gdpr_reached_records(success_pids):
                record._gdpr_notice_left(mail.gdpr_text_version)
        return super()._postprocess_sent_message(success_pids, failure_reason=failure_reason, failure_type=failure_type)

    def _gdpr_reached_records(self, success_pids):
        """[(mail, record)] for these mails about a record under the regime
        that reached its person: a partner when it is among the successes;
        a record's own address (a lead's) when that address was not refused."""
        regime = {model._name for model in self.env["gdpr.prospect.mixin"]._gdpr_regime_models()}
        refused = self.env.context.get("gdpr_refused_recipients") or frozenset()
        reached = []
        for mail in self.filtered(lambda m: m.res_id and m.model in regime):
            record = self.env[mail.model].sudo().browse(mail.res_id).exists()
            if not record:
                continue
            if record._name == "res.partner":
                left = record in success_pids
            else:
                address = tools.email_normalize(record._gdpr_email() or "")
                addresses = {tools.email_normalize(a) for a in tools.email_split(mail.email_to or "")}
                left = bool(address) and address in addresses and (mail.id, address) not in refused
            if left:
                reached.append((mail, record))
        return reached

    def _prepare_outgoing_list(self, mail_server=False, recipients_follower_status=None):
        """Every prospection message names a free, one-click way to object
        (CPCE L34-5, RFC 8058), computed at send time, and its links to the
        public pages are signed for its recipient only now: no token is
        stored (the mail and its chatter copy keep inert links)."""
        emails = self._gdpr_drop_refused(super()._prepare_outgoing_list(mail_server, recipients_follower_status))
        partners = (
            self.env["res.partner"].sudo().union(*(email["partner_id"] for email in emails if email.get("partner_id")))
        )
        prospects = partners.filtered("gdpr_prospect_type")
        holder = self._gdpr_record_prospect()
        if not prospects and not holder:
            return emails
        for email in emails:
            prospect = email.get("partner_id") and email["partner_id"].sudo() & prospects
            if not prospect and holder:
                # a mail to the address of the record it is about (a lead), typed
                # in clear or through a partner that holds the same address
                address = tools.email_normalize(holder._gdpr_email() or "")
                if address in {tools.email_normalize(a) for a in email["email_to"]}:
                    prospect = holder
            if not prospect:
                continue
            email["headers"] = dict(email["headers"], **prospect._gdpr_unsubscribe_headers())
            if not self.gdpr_text_version:
                # the notices carry these links already; any other message gets them in a footer
                footer = (
                    self.env["ir.qweb"]
                    .with_context(lang=prospect._gdpr_lang())
                    ._render(
                        "gdpr_prospection.prospection_mail_footer",
                        {"partner": prospect, "company": prospect.company_id},
                    )
                )
                email["body"] = tools.mail.append_content_to_html(email["body"], footer, plaintext=False)
                email["body_alternative"] = tools.html2plaintext(email["body"])
            email["body"] = prospect._gdpr_sign_links(email["body"])
            email["body_alternative"] = prospect._gdpr_sign_links(email["body_alternative"])
        return emails

    def _gdpr_record_prospect(self):
        """The prospect this mail is about when it is a record under the
        regime other than a partner (a lead), else None."""
        self.ensure_one()
        if not self.model or self.model == "res.partner" or not self.res_id or self.model not in self.env:
            return None
        if self.model not in {m._name for m in self.env["gdpr.prospect.mixin"]._gdpr_regime_models()}:
            return None
        record = self.env[self.model].sudo().browse(self.res_id).exists()
        return record if record and record.gdpr_prospect_type else None

    def _gdpr_drop_refused(self, emails):
        """Leave out the recipients the gate refused (the others still get the mail)."""
        refused = self.env.context.get("gdpr_refused_recipients")
        if not refused:
            return emails
        kept = []
        for email in emails:
            partner = email.get("partner_id")
            if partner and (self.id, partner.id) in refused:
                continue
            addresses = [a for a in email["email_to"] if (self.id, tools.email_normalize(a)) not in refused]
            if not addresses:
                continue
            kept.append(dict(email, email_to=addresses))
        return kept
