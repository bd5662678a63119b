from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..policy import channel_consent, consent
from ..roles import GDPR_USER


class GdprProspectMixinChannels(models.AbstractModel):
    """Consent per channel beyond email, on a record under the prospect
    regime: the SMS consent (CPCE L34-5, like email), and the answers and
    proof that the phone consent (gdpr_prospect_mixin_phone.py) and the SMS
    consent share. Each channel has its own state, date and evidence."""

    _inherit = "gdpr.prospect.mixin"

    gdpr_sms_consent_state = fields.Selection(
        [
            (channel_consent.NOT_REQUESTED, "Not requested"),
            (channel_consent.GIVEN, "Given"),
            (channel_consent.WITHDRAWN, "Withdrawn"),
        ],
        string="SMS consent",
        groups=GDPR_USER,
        compute="_compute_gdpr_sms_consent_state",
        store=True,
        readonly=False,
        precompute=True,
        copy=False,
        help="Consent to prospection by text message (SMS), apart from the email and phone consents "
        "(CPCE L34-5): a consumer gets prospection texts only while it is given.",
    )
    gdpr_sms_consent_on = fields.Date(string="SMS consent recorded on", groups=GDPR_USER, copy=False, readonly=True)

    @api.depends("gdpr_prospect_type")
    def _compute_gdpr_sms_consent_state(self):
        for record in self:
            if record.gdpr_prospect_type:
                record.gdpr_sms_consent_state = record.gdpr_sms_consent_state or channel_consent.NOT_REQUESTED
            else:
                record.gdpr_sms_consent_state = record.gdpr_sms_consent_state or False

    def _gdpr_channel_texts(self, channel, name):
        """The messages of a channel's consent, each naming its rule."""
        if channel == channel_consent.PHONE:
            return {
                "unproven": self.env._(
                    "The phone consent of %(name)s cannot be given without a recorded phone consent "
                    "event (Code de la consommation L223-1: the company must prove it).",
                    name=name,
                ),
                "uninformed": self.env._(
                    "%(name)s has not received the notice yet: a phone consent is only valid once the "
                    "person was informed (GDPR Art. 4(11) and 7, Code de la consommation L223-1).",
                    name=name,
                ),
            }
        return {
            "unproven": self.env._(
                "The SMS consent of %(name)s cannot be given without a recorded SMS consent event "
                "(CPCE L34-5: the company must prove it).",
                name=name,
            ),
            "uninformed": self.env._(
                "%(name)s has not received the notice yet: an SMS consent is only valid once the "
                "person was informed (GDPR Art. 4(11) and 7, CPCE L34-5).",
                name=name,
            ),
        }

    @api.constrains("gdpr_phone_consent_state", "gdpr_sms_consent_state")
    def _check_gdpr_channel_consent_evidence(self):
        for channel in channel_consent.CHANNELS:
            state_field = channel_consent.STATE_FIELDS[channel]
            given = self.filtered(lambda r, f=state_field: r.gdpr_prospect_type and r[f] == channel_consent.GIVEN)
            if not given:
                continue
            proven = self.env["gdpr.event"]._records_with_event(given, channel_consent.GIVEN_EVENTS[channel])
            for record in given:
                if record.id not in proven:
                    raise ValidationError(self._gdpr_channel_texts(channel, record.display_name)["unproven"])

    def _gdpr_channel_answer(self, answer, channel, on_date=None, note=False, text_version=False, **evidence):
        """Apply the person's answer on the phone or SMS channel (an event type
        of ``channel_consent.ANSWERS``). It changes that channel only: the
        email consent and the other channel stay as they were. A withdrawal
        blanks the phone numbers unless the other channel still holds them
        (``channel_consent.numbers_kept``). Idempotent."""
        consent_channel, state = channel_consent.ANSWERS[answer]
        state_field = channel_consent.STATE_FIELDS[consent_channel]
        today = fields.Date.context_today(self)
        on_date = fields.Date.to_date(on_date) or today
        if on_date > today:
            raise UserError(self.env._("An answer cannot be dated in the future."))
        applied = self.browse()
        for record in self.sudo():
            if record[state_field] == state:
                continue
            if state == channel_consent.GIVEN:
                if not record.gdpr_notice_sent_on:
                    raise UserError(self._gdpr_channel_texts(consent_channel, record.display_name)["uninformed"])
                if record.gdpr_objected_on or record.gdpr_consent_state in (consent.REFUSED, consent.WITHDRAWN):
                    raise UserError(
                        self.env._(
                            "%(name)s objected to prospection or refused it: their data is to be erased.",
                            name=record.display_name,
                        )
                    )
            if not channel_consent.is_allowed_transition(record[state_field], state):
                raise UserError(
                    self.env._("This answer does not apply to %(name)s any more.", name=record.display_name)
                )
            self.env["gdpr.event"]._log(record, answer, channel, note, text_version, **evidence)
            vals = {state_field: state, channel_consent.DATE_FIELDS[consent_channel]: on_date}
            states = {ch: record[field] for ch, field in channel_consent.STATE_FIELDS.items()}
            if state == channel_consent.WITHDRAWN and not channel_consent.numbers_kept(
                record.gdpr_prospect_type, consent_channel, states
            ):
                # the number goes with the consent that held it
                vals.update(dict.fromkeys(record._gdpr_phone_fields, False))
            record.with_context(mail_notrack=True).write(vals)
            record._gdpr_post_note(record._gdpr_answer_sentence(answer, channel))
            # the answer came from the person: a contact
            record.with_context(gdpr_contact_note=False)._gdpr_record_contact(channel, on_date)
            applied |= record
        return applied

    def _gdpr_answer_sentence(self, answer, channel):
        if answer not in channel_consent.ANSWERS:
            return super()._gdpr_answer_sentence(answer, channel)
        self.ensure_one()
        env = self._gdpr_chatter_env()
        values = {"name": self._gdpr_person_name(), "channel": self._gdpr_channel_word(channel)}
        sentences = {
            "phone_consent_given": env._("%(name)s agreed to be called (%(channel)s)", **values),
            "phone_consent_withdrawn": env._("%(name)s withdrew consent to phone calls (%(channel)s)", **values),
            "sms_consent_given": env._("%(name)s agreed to receive text messages (%(channel)s)", **values),
            "sms_consent_withdrawn": env._("%(name)s withdrew consent to text messages (%(channel)s)", **values),
        }
        return sentences[answer]
