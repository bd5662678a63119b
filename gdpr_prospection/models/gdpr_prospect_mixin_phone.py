from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL

from ..policy import phone
from ..roles import GDPR_USER


class GdprProspectMixinPhone(models.AbstractModel):
    """Phone canvassing of a record under the prospect regime: its own
    consent, apart from the email consent (Code de la consommation L223-1:
    consent is per channel), and the count of calls the rules refused. Its
    answers and their proof are those of every channel
    (gdpr_prospect_mixin_channels.py)."""

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
        help="Consent to phone canvassing, apart from the email and SMS consents (Code de la consommation "
        "L223-1, since 11 August 2026): a consumer is called only while it is given, and their number kept "
        "only while it or the SMS consent is given.",
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
