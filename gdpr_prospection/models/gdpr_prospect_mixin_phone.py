from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from ..policy import consent, phone
from ..roles import GDPR_USER


class GdprProspectMixinPhone(models.AbstractModel):
    """Phone canvassing of a record under the prospect regime: its own
    consent, apart from the email consent (Code de la consommation L223-1:
    consent is per channel), and the count of calls the rules refused."""

    _inherit = "gdpr.prospect.mixin"

    gdpr_phone_consent_state = fields.Selection(
        [
            (phone.NOT_REQUESTED, "Not requested"),
            (phone.GIVEN, "Given"),
            (phone.WITHDRAWN, "Withdrawn"),
        ],
        string="Phone consent",
        groups=GDPR_USER,
        compute="_compute_gdpr_phone_consent_state",
        store=True,
        readonly=False,
        precompute=True,
        copy=False,
        help="Consent to phone canvassing, apart from the email consent (Code de la consommation L223-1, "
        "since 11 August 2026): a consumer is called, and their number kept, only while it is given.",
    )
    gdpr_phone_consent_on = fields.Date(string="Phone consent recorded on", groups=GDPR_USER, copy=False, readonly=True)
    gdpr_call_refused_count = fields.Integer(
        string="Calls refused",
        groups=GDPR_USER,
        copy=False,
        readonly=True,
        help="Calls the phone canvassing rules refused to schedule or log (hours, holidays, consent, attempts).",
    )

    @api.depends("gdpr_prospect_type")
    def _compute_gdpr_phone_consent_state(self):
        for record in self:
            if record.gdpr_prospect_type:
                record.gdpr_phone_consent_state = record.gdpr_phone_consent_state or phone.NOT_REQUESTED
            else:
                record.gdpr_phone_consent_state = record.gdpr_phone_consent_state or False

    @api.constrains("gdpr_phone_consent_state")
    def _check_gdpr_phone_consent_evidence(self):
        given = self.filtered(lambda r: r.gdpr_prospect_type and r.gdpr_phone_consent_state == phone.GIVEN)
        if not given:
            return
        proven = self.env["gdpr.event"]._records_with_event(given, "phone_consent_given")
        for record in given:
            if record.id not in proven:
                raise ValidationError(
                    self.env._(
                        "The phone consent of %(name)s cannot be given without a recorded phone consent "
                        "event (Code de la consommation L223-1: the company must prove it).",
                        name=record.display_name,
                    )
                )

    def _gdpr_phone_answer(self, answer, channel, on_date=None, note=False, text_version=False, **evidence):
        """Apply the person's phone answer: phone_consent_given or
        phone_consent_withdrawn. A withdrawal blanks the phone numbers and
        leaves the email consent as it was. Idempotent."""
        state = phone.ANSWER_STATES[answer]
        today = fields.Date.context_today(self)
        on_date = fields.Date.to_date(on_date) or today
        if on_date > today:
            raise UserError(self.env._("An answer cannot be dated in the future."))
        applied = self.browse()
        for record in self.sudo():
            if record.gdpr_phone_consent_state == state:
                continue
            if state == phone.GIVEN:
                if not record.gdpr_notice_sent_on:
                    raise UserError(
                        self.env._(
                            "%(name)s has not received the notice yet: a phone consent is only valid once the "
                            "person was informed (GDPR Art. 4(11) and 7, Code de la consommation L223-1).",
                            name=record.display_name,
                        )
                    )
                if record.gdpr_objected_on or record.gdpr_consent_state in (consent.REFUSED, consent.WITHDRAWN):
                    raise UserError(
                        self.env._(
                            "%(name)s objected to prospection or refused it: their data is to be erased.",
                            name=record.display_name,
                        )
                    )
            if not phone.is_allowed_transition(record.gdpr_phone_consent_state, state):
                raise UserError(
                    self.env._("This answer does not apply to %(name)s any more.", name=record.display_name)
                )
            self.env["gdpr.event"]._log(record, answer, channel, note, text_version, **evidence)
            vals = {"gdpr_phone_consent_state": state, "gdpr_phone_consent_on": on_date}
            if state == phone.WITHDRAWN:
                # the number goes with the consent (Code de la consommation L223-1)
                vals.update(dict.fromkeys(record._gdpr_phone_fields, False))
            record.with_context(mail_notrack=True).write(vals)
            record._gdpr_post_note(record._gdpr_answer_sentence(answer, channel))
            # the answer came from the person: a contact
            record.with_context(gdpr_contact_note=False)._gdpr_record_contact(channel, on_date)
            applied |= record
        return applied

    # --- calls ---

    def _gdpr_calls_since(self, day):
        """{record id: number of calls made on or after the date ``day``}."""
        groups = (
            self.env["gdpr.event"]
            .sudo()
            ._read_group(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "in", self.ids),
                    ("event_type", "=", "call"),
                    ("date", ">=", fields.Datetime.to_datetime(day)),
                ],
                ["res_id"],
                ["__count"],
            )
        )
        return dict(groups)

    def _gdpr_call_days(self, start, end):
        """{record id: [the day of each call made from ``start`` to ``end``]}."""
        events = (
            self.env["gdpr.event"]
            .sudo()
            .search_read(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "in", self.ids),
                    ("event_type", "=", "call"),
                    ("date", ">=", fields.Datetime.to_datetime(start)),
                    ("date", "<", fields.Datetime.to_datetime(end + timedelta(days=1))),
                ],
                ["res_id", "date"],
            )
        )
        days = {}
        for event in events:
            days.setdefault(event["res_id"], []).append(event["date"].date())
        return days

    def _gdpr_count_refused_call(self):
        """One more refused call for this record, and nothing else: the
        refusal raises, so the count is written in this transaction and,
        when it rolls back, again in a transaction of its own."""
        self.ensure_one()
        query = SQL(
            "UPDATE %s SET gdpr_call_refused_count = COALESCE(gdpr_call_refused_count, 0) + 1 WHERE id = %s",
            SQL.identifier(self._table),
            self.id,
        )
        self.flush_recordset(["gdpr_call_refused_count"])
        self.env.cr.execute(query)
        self.invalidate_recordset(["gdpr_call_refused_count"])
        registry = self.env.registry

        def count_again():
            with registry.cursor() as cr:
                cr.execute(query)

        self.env.cr.postrollback.add(count_again)
