from datetime import timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..policy import consent, phone

# the activity fields that decide whether an activity is a call, to whom and when
CALL_FIELDS = ("activity_type_id", "res_model", "res_model_id", "res_id", "date_deadline")
# the zone of the legal calling hours when neither the company nor the user has one
DEFAULT_TZ = "Europe/Paris"


class MailActivity(models.Model):
    """The phone canvassing rules on call activities (any activity type of
    category "phonecall", such as mail.mail_activity_data_call) with a
    prospect (Code de la consommation L223-1, D223-9). Scheduling one checks
    its deadline's day (a deadline has no hour: the hours are checked when
    the call is logged); marking one done checks the current time in the
    company's time zone (its partner's, else the user's, else Paris). A
    refused call leaves nothing but the prospect's count of refused calls;
    a call made is a "call" event."""

    _inherit = "mail.activity"

    @api.model_create_multi
    def create(self, vals_list):
        # checked before anything exists: a refused call leaves only its count
        for vals in vals_list:
            self.new(self._add_missing_default_values(vals))._gdpr_check_calls()
        return super().create(vals_list)

    def write(self, vals):
        res = super().write(vals)
        if any(name in vals for name in CALL_FIELDS):
            self._gdpr_check_calls()
        return res

    def _action_done(self, feedback=False, attachment_ids=None):
        calls = self._gdpr_prospect_calls()
        if calls:
            calls._gdpr_check_calls(now=fields.Datetime.now())
            called = [self.env[call.res_model].sudo().browse(call.res_id) for call in calls]
        result = super()._action_done(feedback=feedback, attachment_ids=attachment_ids)
        for prospect in called if calls else ():
            self.env["gdpr.event"]._log(prospect, "call", "phone")
        return result

    def _gdpr_prospect_calls(self):
        """The call activities among these that concern a record under the
        prospect regime, a partner or a lead (as superuser)."""
        regime = {model._name for model in self.env["gdpr.prospect.mixin"]._gdpr_regime_models()}
        calls = self.sudo().filtered(
            lambda a: a.res_model in regime and a.res_id and a.activity_type_id.category == "phonecall"
        )
        prospects = set()
        for model in {call.res_model for call in calls}:
            ids = [call.res_id for call in calls if call.res_model == model]
            records = self.env[model].sudo().with_context(active_test=False).browse(ids).exists()
            prospects |= {(model, record.id) for record in records if record.gdpr_prospect_type}
        return calls.filtered(lambda a: (a.res_model, a.res_id) in prospects)

    def _gdpr_scheduled_call_days(self, prospect, start, end):
        """The deadlines of the other open calls to ``prospect`` between
        ``start`` and ``end``: a call scheduled is an attempt to come."""
        others = self.sudo().search(
            [
                ("res_model", "=", prospect._name),
                ("res_id", "=", prospect.id),
                ("activity_type_id.category", "=", "phonecall"),
                ("date_deadline", ">=", start),
                ("date_deadline", "<=", end),
                ("id", "not in", [activity_id for activity_id in self.ids if isinstance(activity_id, int)]),
            ]
        )
        return others.mapped("date_deadline")

    def _gdpr_local_now(self, company, now):
        tz = company.partner_id.tz or self.env.user.tz or DEFAULT_TZ
        return pytz.utc.localize(now).astimezone(pytz.timezone(tz)).replace(tzinfo=None)

    def _gdpr_check_calls(self, now=None):
        """Refuse a call to a prospect that the phone canvassing rules
        forbid: at ``now`` (a call being logged), else on its deadline."""
        calls = self._gdpr_prospect_calls()
        if not calls:
            return
        for activity in calls:
            prospect = self.env[activity.res_model].sudo().browse(activity.res_id)
            company = prospect.company_id or self.env.company
            if now:
                local = self._gdpr_local_now(company, now)
                day, moment = local.date(), local.time()
                attempts = prospect._gdpr_calls_since(phone.attempts_since(day)).get(prospect.id, 0)
            else:
                day, moment = activity.date_deadline, None
                start, end = phone.attempts_since(day), day + timedelta(days=phone.ATTEMPT_WINDOW_DAYS - 1)
                made = prospect._gdpr_call_days(start, end).get(prospect.id, [])
                attempts = phone.busiest_window(day, made + activity._gdpr_scheduled_call_days(prospect, start, end))
            suppressed = bool(
                self.env["gdpr.blacklist"].sudo()._screen(prospect._gdpr_emails(), prospect._gdpr_phones())
            )
            objected = bool(prospect.gdpr_objected_on) or prospect.gdpr_consent_state in (
                consent.REFUSED,
                consent.WITHDRAWN,
            )
            reason = phone.call_refusal(
                prospect.gdpr_prospect_type,
                prospect.gdpr_phone_consent_state,
                suppressed,
                objected,
                day,
                moment,
                attempts,
            )
            if reason:
                prospect._gdpr_count_refused_call()
                raise UserError(self._gdpr_refusal_message(reason, prospect, day))

    def _gdpr_refusal_message(self, reason, prospect, day):
        name = prospect.display_name
        messages = {
            phone.SUPPRESSED: self.env._(
                "%(name)s objected to prospection: their number or address is on the suppression list, "
                "do not call them.",
                name=name,
            ),
            phone.OBJECTED: self.env._(
                "%(name)s objected to prospection or refused it: do not call them.",
                name=name,
            ),
            phone.NO_PHONE_CONSENT: self.env._(
                "%(name)s is a consumer who has not consented to phone calls: phone canvassing of a consumer "
                "needs their prior consent (Code de la consommation L223-1). Record their phone consent first.",
                name=name,
            ),
            phone.WEEKEND: self.env._(
                "No phone canvassing on %(day)s: calls are allowed Monday to Friday only "
                "(Code de la consommation D223-9).",
                day=day,
            ),
            phone.HOLIDAY: self.env._(
                "No phone canvassing on %(day)s, a public holiday (Code de la consommation D223-9).",
                day=day,
            ),
            phone.OUTSIDE_HOURS: self.env._(
                "Phone canvassing is allowed from 10:00 to 13:00 and from 14:00 to 20:00 only "
                "(Code de la consommation D223-9)."
            ),
            phone.TOO_MANY_ATTEMPTS: self.env._(
                "%(name)s was already called %(count)s times in 30 days: that is the most the law allows "
                "(Code de la consommation D223-9).",
                name=name,
                count=phone.MAX_ATTEMPTS,
            ),
        }
        return messages[reason]
