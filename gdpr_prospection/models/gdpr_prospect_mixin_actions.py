import secrets

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..policy import consent, inputs, purge, tokens
from ..roles import GDPR_DPO, GDPR_USER


class GdprProspectMixinActions(models.AbstractModel):
    """What happens to a record under the prospect regime (the mixin's
    second half, its data being in gdpr_prospect_mixin.py): the person's
    answers, contacts from them, conversion, the notice's bookkeeping and
    the signed links of the public pages."""

    _inherit = "gdpr.prospect.mixin"

    # --- consent, objection, contact ---

    def _gdpr_check_consent_transition(self, new_state):
        for record in self.filtered("gdpr_prospect_type"):
            if not consent.is_allowed_transition(record.gdpr_consent_state, new_state):
                raise ValidationError(
                    self.env._(
                        "The consent of %(name)s cannot go from “%(old)s” to “%(new)s”.",
                        name=record.display_name,
                        old=record.gdpr_consent_state,
                        new=new_state,
                    )
                )

    def _gdpr_record_contact(self, channel, on_date=None):
        """A contact that came from the prospect (reply, click, call from
        them): restarts the retention period."""
        today = fields.Date.context_today(self)
        on_date = fields.Date.to_date(on_date) or today
        if on_date > today:
            raise UserError(self.env._("A contact from the prospect cannot be dated in the future."))
        prospects = self._gdpr_in_regime().filtered(
            lambda r: not r.gdpr_last_contact_on or r.gdpr_last_contact_on < on_date
        )
        if prospects:
            prospects.sudo().write({"gdpr_last_contact_on": on_date})
            self.env["gdpr.event"]._log(prospects, "contact", channel)
            # an answer says it already: one sentence, not two
            for record in prospects if self.env.context.get("gdpr_contact_note", True) else ():
                where = record._gdpr_channel_word(channel)
                env = record._gdpr_chatter_env()
                record._gdpr_post_note(env._("Contact from the prospect recorded (%(channel)s)", channel=where))
        return prospects

    def action_gdpr_record_contact(self):
        """Button: the prospect called or wrote to us."""
        if not self.env.user.has_group(GDPR_USER):
            raise AccessError(self.env._("Only prospection users record contacts from prospects."))
        self.check_access("write")
        self._gdpr_record_contact("manual")

    def action_gdpr_convert(self, reason):
        """Explicit, recorded conversion of a prospect into a customer: the
        prospect rules stop applying. The reason goes into the evidence."""
        if not self.env.user.has_group(GDPR_DPO):
            raise UserError(self.env._("Only the data protection officer converts prospects."))
        if not (reason or "").strip():
            raise UserError(self.env._("Say why these prospects become customers: the reason is kept as evidence."))
        prospects = self.filtered("gdpr_prospect_type")
        if not prospects:
            raise UserError(self.env._("Select prospects to convert."))
        refused = prospects.filtered(
            lambda r: r.gdpr_objected_on or r.gdpr_consent_state in (consent.REFUSED, consent.WITHDRAWN)
        )
        if refused:
            raise UserError(
                self.env._(
                    "%(names)s objected to prospection or refused it: their data is to be erased, "
                    "they cannot become customers this way.",
                    names=", ".join(refused.mapped("display_name")),
                )
            )
        self.check_access("write")
        self.env["gdpr.event"]._log(prospects, "converted", "manual", note=reason.strip())
        prospects.sudo().write({"gdpr_prospect_type": False, "gdpr_converted_on": fields.Datetime.now()})
        return True

    def _gdpr_answer(self, answer, channel, text_version=False, ip_address=False, note=False, page_version=False):
        """Apply the person's answer: consent_given, consent_refused,
        objection or consent_withdrawn. Idempotent: an answer already in
        force changes nothing and records nothing."""
        Event = self.env["gdpr.event"].sudo()
        applied = self.browse()
        for record in self.sudo():
            if answer == "objection":
                if record.gdpr_objected_on:
                    continue
                vals = {"gdpr_objected_on": fields.Datetime.now()}
            else:
                state = consent.ANSWER_STATES[answer]
                if record.gdpr_consent_state == state:
                    continue
                if state == consent.GIVEN and not record.gdpr_notice_sent_on:
                    raise UserError(
                        self.env._(
                            "%(name)s has not received the notice and its consent request yet: a consent "
                            "is only valid once the person was informed (GDPR Art. 4(11) and 7).",
                            name=record.display_name,
                        )
                    )
                if not consent.is_allowed_transition(record.gdpr_consent_state, state):
                    raise UserError(
                        self.env._("This answer does not apply to %(name)s any more.", name=record.display_name)
                    )
                vals = {"gdpr_consent_state": state}
            Event._log(record, answer, channel, note, text_version, ip_address, page_version=page_version)
            if answer in purge.ANSWER_SUPPRESSION:
                phones = [record[name] for name in record._gdpr_phone_fields]
                identities = [(record._gdpr_email(), phones[0] if phones else False)]
                identities += [(False, phone) for phone in phones[1:]]
                self.env["gdpr.blacklist"].sudo()._add(identities, purge.ANSWER_SUPPRESSION[answer])
            vals["gdpr_last_contact_on"] = fields.Date.context_today(self)
            record.write(vals)
            record._gdpr_renew_nonce()
            record._gdpr_post_note(record._gdpr_answer_sentence(answer, channel))
            applied |= record
        if applied and answer in purge.ANSWER_SUPPRESSION and not self.env.context.get("gdpr_answer_spread"):
            # the person's answer, whatever record it came through: their
            # other records (a lead and its partner) end with it
            for others in applied._gdpr_other_records_of_the_person():
                others.with_context(gdpr_answer_spread=True)._gdpr_answer_spread(
                    answer, channel, text_version, ip_address, note, page_version
                )
            # erased at once, not at the next nightly run (GDPR Art. 17(1)(c), 21(3))
            self.env.ref("gdpr_prospection.ir_cron_gdpr_purge").sudo()._trigger()
        return applied

    # --- the chatter: one plain sentence per answer, contact or notice ---

    def _gdpr_chatter_env(self):
        """The environment the chatter's sentences are written in: the
        user's language, the company's on a public page (never the
        visitor's: the sentence is for the company's users) and when the
        system writes it (the mail gateway, a scheduled job)."""
        self.ensure_one()
        user = self.env.user
        lang = user.lang
        if user._is_public() or user._is_superuser() or not lang:
            lang = (self.sudo().company_id or self.env.company).partner_id.lang or self.env.lang
        return self.with_context(lang=lang).env

    def _gdpr_person_name(self):
        """The person's name, as the chatter's sentences say it (not the
        display name, which a public page's user sees masked)."""
        self.ensure_one()
        return self.sudo()[self._rec_name] if self._rec_name else self.sudo().display_name

    def _gdpr_channel_word(self, channel):
        """How the chatter names a channel, in the chatter's language."""
        env = self._gdpr_chatter_env()
        words = {
            "email": env._("email"),
            "web": env._("web page"),
            "chat": env._("live chat"),
            "phone": env._("phone"),
            "letter": env._("letter"),
            "manual": env._("entered by hand"),
            "import": env._("import"),
            "cron": env._("scheduled job"),
        }
        return words.get(channel, channel)

    def _gdpr_answer_sentence(self, answer, channel):
        """One plain sentence for the person's answer: their name, what they
        answered and where. Never their address nor a link."""
        self.ensure_one()
        env = self._gdpr_chatter_env()
        values = {"name": self._gdpr_person_name(), "channel": self._gdpr_channel_word(channel)}
        if answer == "objection":
            return env._("%(name)s objected to direct marketing (%(channel)s)", **values)
        if answer == "consent_given":
            return env._("%(name)s gave consent (%(channel)s)", **values)
        if answer == "consent_refused":
            return env._("%(name)s refused consent (%(channel)s)", **values)
        if answer == "consent_withdrawn":
            return env._("%(name)s withdrew consent (%(channel)s)", **values)
        return answer

    def _gdpr_post_note(self, body):
        """Post ``body`` (plain text, escaped) as an internal note on the
        record itself: the purge deletes it with the record."""
        self.ensure_one()
        author = self.env.ref("base.partner_root") if self.env.user._is_public() else self.env.user.partner_id
        self.sudo().message_post(body=body, subtype_xmlid="mail.mt_note", author_id=author.id)

    # --- notices ---

    def action_gdpr_send_notice(self, resend=False):
        """Send each selected prospect its Article 14 notice (B2B) or notice
        and consent request (B2C). Tells the user what was skipped and why."""
        if not self.env.user.has_group(GDPR_USER):
            raise AccessError(self.env._("Only prospection users send GDPR notices."))
        self.check_access("read")
        mails, skipped = self.env["gdpr.notice"]._send(self, resend=resend)
        return self.env["gdpr.notice"]._skip_report(len(mails), skipped)

    def _gdpr_notice_left(self, text_version):
        """The notice mail of this prospect has left: date it and record it."""
        self.ensure_one()
        Event = self.env["gdpr.event"]
        Event._log(self, "notice_sent", "email", text_version=text_version)
        vals = {"gdpr_notice_sent_on": fields.Datetime.now(), "gdpr_notice_blocked": False}
        if self.gdpr_prospect_type == "b2c" and self.gdpr_consent_state in (consent.NOT_REQUESTED, consent.PENDING):
            Event._log(self, "consent_requested", "email", text_version=text_version)
            vals["gdpr_consent_state"] = consent.PENDING
        self.sudo().write(vals)
        self._gdpr_post_note(self._gdpr_chatter_env()._("Notice sent"))
        if not self.env.context.get("gdpr_answer_spread"):
            for others in self._gdpr_other_records_of_the_person():
                others.with_context(gdpr_answer_spread=True)._gdpr_notice_spread(self.gdpr_prospect_type, text_version)

    def _gdpr_flag_notice_blocked(self):
        """Flag prospects the nightly job cannot inform and ask the DPO."""
        todo = self.filtered(lambda r: not r.gdpr_notice_blocked)
        if not todo:
            return
        todo.write({"gdpr_notice_blocked": True})
        dpo = self.env.ref(GDPR_DPO).users.filtered(lambda u: not u.share)[:1] or self.env.ref("base.user_admin")
        for record in todo:
            record.activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=record.gdpr_notice_due_on,
                summary=self.env._("GDPR notice cannot be sent"),
                note=self.env._(
                    "No valid email address: inform this prospect another way before the deadline, or erase it."
                ),
                user_id=dpo.id,
            )

    def _gdpr_last_text_version(self):
        """Fingerprint of the last notice this person got: the text their
        answer refers to."""
        self.ensure_one()
        return self.env["gdpr.event"]._last_text_version(self)

    # --- signed links of the public pages ---

    def _gdpr_renew_nonce(self):
        """A new nonce kills every consent link sent so far."""
        for record in self.sudo():
            record.gdpr_token_nonce = secrets.token_urlsafe(16)

    def _gdpr_token(self, action):
        self.ensure_one()
        record = self.sudo()
        secret = self.env["ir.config_parameter"].sudo().get_param("database.secret")
        if action == "consent":
            if not record.gdpr_token_nonce:
                record._gdpr_renew_nonce()
            days = (record.company_id or self.env.company).gdpr_consent_link_days
            expiry = int(fields.Datetime.add(fields.Datetime.now(), days=days).timestamp())
            return tokens.make_token(
                secret, action, self._gdpr_token_subject(record.id), record.gdpr_token_nonce, expiry
            )
        return tokens.make_token(secret, action, self._gdpr_token_subject(record.id))

    @api.model
    def _gdpr_path_model(self):
        """The model named in the public pages' paths: none for partners."""
        return None if self._name == "res.partner" else self._name

    @api.model
    def _gdpr_token_subject(self, record_id):
        return tokens.subject(record_id, self._gdpr_path_model())

    @api.model
    def _gdpr_check_token(self, action, record_id, token):
        """True when ``token`` opens ``action`` for ``record_id``; the record
        may have been erased since (objection links still work then)."""
        secret = self.env["ir.config_parameter"].sudo().get_param("database.secret")
        nonce = None
        if action == "consent":
            record = self.sudo().browse(record_id).exists()
            if not record or not record.gdpr_token_nonce:
                return False
            nonce = record.gdpr_token_nonce
        now = int(fields.Datetime.now().timestamp())
        return tokens.check_token(secret, action, self._gdpr_token_subject(record_id), token, nonce=nonce, now=now)

    @api.model
    def _gdpr_web_url(self, url):
        """``url`` when a notice may render it as a link (http or https),
        else False: the input checks refuse the others, and a template never
        turns one into a link."""
        return inputs.web_url(url)

    def _gdpr_public_url(self, action):
        """The link to a public page as a template renders it: inert, with no
        token, so that no stored copy of a mail (the queued mail, the chatter)
        opens the page. mail.mail signs it as the mail leaves."""
        self.ensure_one()
        return f"{self.get_base_url()}{tokens.placeholder_path(action, self.id, self._gdpr_path_model())}"

    def _gdpr_sign_links(self, text):
        """``text`` as it leaves for this person: their placeholder links
        signed (``_gdpr_public_url``). Never store the result."""
        self.ensure_one()
        return tokens.sign_placeholders(text, self.id, self._gdpr_token, self._gdpr_path_model())

    def _gdpr_unsubscribe_headers(self):
        self.ensure_one()
        model = self._gdpr_path_model()
        path = f"{model}/{self.id}" if model else str(self.id)
        url = f"{self.get_base_url()}/gdpr/unsubscribe/{path}/{self._gdpr_token('object')}"
        return {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
