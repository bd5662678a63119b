from odoo import api, models, tools
from odoo.exceptions import RedirectWarning, UserError

from ..policy import outgoing


class GdprOutgoingGate(models.AbstractModel):
    """The one place that says whether a message may reach a recipient.

    Every outgoing path asks it: the mail queue before SMTP, the chatter and
    the composer before they queue anything, the mass mailing and SMS bridges.
    It gathers the facts of a whole batch in a fixed number of queries and
    lets ``policy.outgoing.refusal`` decide.
    """

    _name = "gdpr.outgoing.gate"
    _description = "GDPR gate on outgoing messages"

    @api.model
    def _refusals(self, partners, emails, kind, phones=None, model=None, channel=outgoing.EMAIL):
        """Which recipients may not get a message of ``kind``.

        :param partners: res.partner recipients
        :param emails: recipient addresses typed in clear (any format)
        :param phones: recipient phone numbers (SMS), as {number: partner_id or False}
        :param model: the model of the record the message is about, if known
            (bridges read it: a message on a lead reaches the lead's person)
        :param channel: ``outgoing.EMAIL`` or ``outgoing.SMS``: each has its own consent
        :return: ({partner_id: reason}, {normalized_email: reason}, {phone: reason})
        """
        partners = partners.sudo().with_context(active_test=False)
        phones = phones or {}
        normalized = {address for email in emails for address in tools.email_normalize_all(email or "")}
        partner_emails = {partner.id: partner.email_normalized for partner in partners}
        suppressed = (
            self.env["gdpr.blacklist"]
            .sudo()
            ._screen(emails=[*normalized, *filter(None, partner_emails.values())], phones=list(phones))
        )
        holders = self._prospects_by_email(list(normalized))
        prospects = partners.filtered("gdpr_prospect_type") | holders
        facts = (
            {values["id"]: values for values in prospects.read(list(outgoing.VALUE_FIELDS), load=False)}
            if prospects
            else {}
        )
        due = self.env["gdpr.purge.due"]._erasure_reasons(prospects) if prospects else {}

        def decide(partner_id, is_suppressed):
            return outgoing.refusal(
                facts.get(partner_id), is_suppressed, kind, erasure_due=partner_id in due, channel=channel
            )

        by_partner = {}
        for partner in partners:
            reason = decide(partner.id, partner_emails[partner.id] in suppressed)
            if reason:
                by_partner[partner.id] = reason
        holder_of = {holder.email_normalized: holder.id for holder in holders}
        by_email = {}
        for address in normalized:
            reason = decide(holder_of.get(address), address in suppressed)
            if reason:
                by_email[address] = reason
        by_phone = {}
        for phone in phones:
            if phone in suppressed and (reason := decide(phones[phone], True)):
                by_phone[phone] = reason
        return by_partner, by_email, by_phone

    @api.model
    def _refused_of(self, by_partner, by_email, partner_ids, addresses):
        """The refusals (from ``_refusals``) that concern one message, given its
        partner ids and its addresses in clear: ({partner_id: reason},
        {normalized_email: reason})."""
        partners = {pid: by_partner[pid] for pid in partner_ids if pid in by_partner}
        emails = {}
        for address in addresses:
            normalized = tools.email_normalize(address)
            if normalized in by_email:
                emails[normalized] = by_email[normalized]
        return partners, emails

    @api.model
    def _first_reason(self, by_partner, by_email):
        """The rule a message refused for several recipients is reported under."""
        return next(iter({**by_partner, **by_email}.values()))

    @api.model
    def _prospects_by_email(self, normalized_emails):
        if not normalized_emails:
            return self.env["res.partner"]
        return (
            self.env["res.partner"]
            .sudo()
            .with_context(active_test=False)
            .search([("email_normalized", "in", normalized_emails), ("gdpr_prospect_type", "!=", False)])
        )

    @api.model
    def _message(self, reason):
        """What the sender reads: the rule, and what to do about it."""
        messages = {
            outgoing.SUPPRESSED: self.env._(
                "This address is on the suppression list: the person asked never to be prospected again."
            ),
            outgoing.OBJECTED: self.env._(
                "This prospect objected to prospection (GDPR Art. 21): nothing more may be sent."
            ),
            outgoing.CONSENT_REFUSED: self.env._("This consumer refused consent: nothing more may be sent."),
            outgoing.CONSENT_WITHDRAWN: self.env._("This consumer withdrew consent: nothing more may be sent."),
            outgoing.TO_ERASE: self.env._("This prospect's data is due for erasure: nothing more may be sent."),
            outgoing.NOT_INFORMED: self.env._(
                "This prospect has not received the GDPR notice yet (GDPR Art. 14(3)(b)): send the GDPR notice first."
            ),
            outgoing.NO_CONSENT: self.env._(
                "This consumer has not consented to prospection (CPCE L34-5): wait for their consent."
            ),
            outgoing.NOT_QUALIFIED: self.env._(
                "This person wrote to us and is not qualified yet: set “Prospected as” (professional or consumer) "
                "on their lead before any marketing message; the GDPR notice then goes first."
            ),
            outgoing.NO_SMS_CONSENT: self.env._(
                "This prospect has not consented to text messages, or withdrew that consent (CPCE L34-5: an "
                "email consent is no SMS consent): record their SMS consent (“Record an answer”) before texting them."
            ),
        }
        return messages[reason]

    @api.model
    def _check_partners(self, partners, kind=outgoing.ORDINARY, model=None, emails=()):
        """Refuse at once, with the rule named, a message a user is about to
        send to prospects who may not get it (``model``: the record's the
        message is posted on; ``emails``: recipients given by address)."""
        by_partner, by_email, __ = self._refusals(partners, emails, kind, model=model)
        if not by_partner and not by_email:
            return
        refusals = [(partner.display_name, by_partner[partner.id]) for partner in partners if partner.id in by_partner]
        refusals += list(by_email.items())
        lines = [
            "- " + self.env._("%(recipient)s: %(rule)s", recipient=recipient, rule=self._message(reason))
            for recipient, reason in refusals
        ]
        message = self.env._("This message cannot be sent:\n%(lines)s", lines="\n".join(lines))
        refused = partners.browse(list(by_partner)).sudo()
        if (
            not by_email
            and set(by_partner.values()) == {outgoing.NOT_INFORMED}
            and all(refused.mapped("gdpr_prospect_type"))
        ):
            # the way forward is one click: the notice goes first
            raise RedirectWarning(
                message,
                self.env.ref("gdpr_prospection.action_server_gdpr_send_notice").id,
                self.env._("Send the GDPR notice"),
                {"active_model": "res.partner", "active_ids": list(by_partner), "active_id": next(iter(by_partner))},
            )
        raise UserError(message)

    @api.model
    def _log_blocked(self, by_partner, by_email, channel="email"):
        """Evidence of each refused recipient, with the rule and without the
        address in clear."""
        Event = self.env["gdpr.event"].sudo()
        partners = self.env["res.partner"].sudo().browse(list(by_partner))
        for reason in set(by_partner.values()):
            Event._log(partners.filtered(lambda p, r=reason: by_partner[p.id] == r), "blocked", channel, note=reason)
        for address, reason in by_email.items():
            Event._log_identity(address, "blocked", channel, note=reason)
