from datetime import timedelta

from odoo import api, fields, models

from ..policy import consent, notice, purge, retention
from ..roles import GDPR_USER


class GdprProspectMixin(models.AbstractModel):
    """The prospect regime for any record that holds a person's data found
    in a public source: provenance, B2B/B2C and lawful basis, Article 14
    notice, consent state machine, objection, retention clock, erasure
    reason, evidence. The inheriting model has ``company_id``, is a
    ``mail.thread`` with activities, and names its address fields below."""

    _name = "gdpr.prospect.mixin"
    _description = "Record under the GDPR prospection regime"

    # the inheriting model's fields that hold the person's email and phones
    _gdpr_email_field = "email"
    _gdpr_phone_fields = ("phone", "mobile")
    # the field that holds the person's language (the notice's language)
    _gdpr_lang_field = "lang"

    gdpr_prospect_type = fields.Selection(
        [("b2b", "Professional (B2B)"), ("b2c", "Consumer (B2C)")],
        string="Prospected as",
        groups=GDPR_USER,
        tracking=True,
        index="btree_not_null",
        help="B2B: a person prospected in their professional role (legitimate "
        "interest). B2C: a consumer (consent only). Empty: not a prospect.",
    )
    gdpr_source_id = fields.Many2one(
        "gdpr.data.source",
        string="Data source",
        groups=GDPR_USER,
        tracking=True,
        ondelete="restrict",
        index="btree_not_null",
    )
    gdpr_source_url = fields.Char(
        string="Source URL", groups=GDPR_USER, tracking=True, help="The exact page the data came from."
    )
    gdpr_collected_on = fields.Date(
        string="Collected on",
        groups=GDPR_USER,
        tracking=True,
        compute="_compute_gdpr_collected_on",
        store=True,
        readonly=False,
        precompute=True,
    )
    gdpr_lawful_basis = fields.Selection(
        [("consent", "Consent"), ("legitimate_interest", "Legitimate interest")],
        string="Lawful basis",
        groups=GDPR_USER,
        compute="_compute_gdpr_lawful_basis",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
    )
    gdpr_notice_sent_on = fields.Datetime(string="Notice sent on", groups=GDPR_USER, copy=False, readonly=True)
    gdpr_consent_state = fields.Selection(
        [
            (consent.NOT_REQUESTED, "Not requested"),
            (consent.PENDING, "Pending"),
            (consent.GIVEN, "Given"),
            (consent.REFUSED, "Refused"),
            (consent.WITHDRAWN, "Withdrawn"),
        ],
        string="Consent",
        groups=GDPR_USER,
        compute="_compute_gdpr_consent_state",
        store=True,
        readonly=False,
        precompute=True,
        copy=False,
    )
    gdpr_objected_on = fields.Datetime(string="Objected on", groups=GDPR_USER, copy=False, readonly=True)
    gdpr_last_contact_on = fields.Date(
        string="Last contact from the prospect",
        groups=GDPR_USER,
        copy=False,
        readonly=True,
        help="Last reply, click or call that came from the prospect; never a "
        "message the company sent. Restarts the retention period.",
    )
    gdpr_retention_until = fields.Date(
        string="Kept until",
        groups=GDPR_USER,
        compute="_compute_gdpr_retention_until",
        store=True,
        copy=False,
        help="Collection or last contact from the prospect, plus the company's retention period (3 years at most).",
    )
    gdpr_notice_due_on = fields.Date(
        string="Notice due by",
        groups=GDPR_USER,
        compute="_compute_gdpr_notice_due_on",
        store=True,
        help="Collection date plus the company's notice delay (GDPR Art. 14(3)(a): one month at most).",
    )
    gdpr_notice_blocked = fields.Boolean(
        string="Cannot be informed",
        groups=GDPR_USER,
        compute="_compute_gdpr_notice_blocked",
        store=True,
        readonly=False,
        copy=False,
        help="The nightly job could not send the notice (no valid email): the DPO decides.",
    )
    gdpr_token_nonce = fields.Char(groups="base.group_system", copy=False)
    gdpr_converted_on = fields.Datetime(string="Converted on", groups=GDPR_USER, copy=False, readonly=True)
    gdpr_erasure_reason = fields.Selection(
        purge.SELECTION,
        string="Due for erasure",
        groups=GDPR_USER,
        compute="_compute_gdpr_erasure_reason",
        search="_search_gdpr_erasure_reason",
        help="Why the nightly purge will erase this prospect at its next run.",
    )
    gdpr_erasure_on = fields.Date(
        string="To be erased on",
        groups=GDPR_USER,
        compute="_compute_gdpr_erasure_reason",
        help="When the purge erases this prospect: its next run once the prospect is due (at once after an "
        "objection, a refusal or a withdrawal), else the day its retention period or its time to consent ends.",
    )

    @api.depends("gdpr_prospect_type")
    def _compute_gdpr_collected_on(self):
        today = fields.Date.context_today(self)
        for record in self:
            if record.gdpr_prospect_type and not record.gdpr_collected_on:
                record.gdpr_collected_on = today

    @api.depends("gdpr_prospect_type")
    def _compute_gdpr_lawful_basis(self):
        for record in self:
            if record.gdpr_prospect_type == "b2c":
                record.gdpr_lawful_basis = "consent"
            elif record.gdpr_prospect_type == "b2b":
                record.gdpr_lawful_basis = record.gdpr_lawful_basis or "legitimate_interest"
            else:
                record.gdpr_lawful_basis = False

    @api.depends("gdpr_prospect_type")
    def _compute_gdpr_consent_state(self):
        for record in self:
            if record.gdpr_prospect_type:
                record.gdpr_consent_state = record.gdpr_consent_state or consent.NOT_REQUESTED
            else:
                record.gdpr_consent_state = record.gdpr_consent_state or False

    @api.depends("gdpr_prospect_type", "gdpr_collected_on", "gdpr_last_contact_on", "company_id")
    def _compute_gdpr_retention_until(self):
        for record in self:
            if not record.gdpr_prospect_type:
                record.gdpr_retention_until = False
                continue
            months = (record.company_id or self.env.company).gdpr_retention_months
            record.gdpr_retention_until = retention.retention_until(
                record.gdpr_collected_on, record.gdpr_last_contact_on, months
            )

    @api.depends("gdpr_prospect_type", "gdpr_collected_on", "company_id")
    def _compute_gdpr_notice_due_on(self):
        for record in self:
            delay = (record.company_id or self.env.company).gdpr_notice_delay_days
            record.gdpr_notice_due_on = record.gdpr_prospect_type and notice.notice_deadline(
                record.gdpr_collected_on, delay
            )

    @api.depends(lambda self: [self._gdpr_email_field])
    def _compute_gdpr_notice_blocked(self):
        self.gdpr_notice_blocked = False

    def _compute_gdpr_erasure_reason(self):
        reasons = self.env["gdpr.purge.due"]._erasure_reasons(self)
        today = fields.Date.context_today(self)
        next_run = self._gdpr_next_purge_day(today)
        delays = {company.id: company for company in self.sudo().company_id}
        for record in self:
            reason = reasons.get(record.id, False)
            record.gdpr_erasure_reason = reason
            if reason:
                record.gdpr_erasure_on = today if reason in purge.ASKED_BY_THE_PERSON else next_run
            else:
                company = delays.get(record.sudo().company_id.id) or self.env.company
                record.gdpr_erasure_on = record.sudo()._gdpr_coming_erasure_day(company)

    def _gdpr_next_purge_day(self, today):
        """The day of the purge's next scheduled run (today when it is late
        or off: the prospect is due, the DPO's overview says so)."""
        cron = self.env.ref("gdpr_prospection.ir_cron_gdpr_purge", raise_if_not_found=False)
        if not cron or not cron.sudo().active or not cron.sudo().nextcall:
            return today
        return max(today, fields.Date.context_today(self, timestamp=cron.sudo().nextcall))

    def _gdpr_coming_erasure_day(self, company):
        """The first day a prospect that is not due yet becomes due, if
        nothing changes: its retention period over, or (B2C) its time to
        consent over. False for a record that is no prospect."""
        self.ensure_one()
        if not self.gdpr_prospect_type:
            return False
        days = []
        if self.gdpr_retention_until:
            days.append(self.gdpr_retention_until + timedelta(days=1))
        if self.gdpr_prospect_type == "b2c" and self.gdpr_consent_state in purge.UNANSWERED_STATES:
            if self.gdpr_notice_sent_on:
                sent_on = fields.Date.context_today(self, timestamp=self.gdpr_notice_sent_on)
                days.append(sent_on + timedelta(days=company.gdpr_consent_delay_days + 1))
            elif self.gdpr_collected_on:
                days.append(self.gdpr_collected_on + timedelta(days=company.gdpr_notice_delay_days + 1))
        return min(days) if days else False

    def _search_gdpr_erasure_reason(self, operator, value):
        return self.env["gdpr.purge.due"]._erasure_reason_domain(self, operator, value)

    # --- the person's identity, as the suppression list and the evidence see it ---

    def _gdpr_emails(self):
        return [email for email in self.mapped(self._gdpr_email_field) if email]

    def _gdpr_access_fields(self):
        """The fields of the person's data that an access report shows."""
        return (self._rec_name, self._gdpr_email_field, *self._gdpr_phone_fields)

    def _gdpr_phones(self):
        return [phone for name in self._gdpr_phone_fields for phone in self.mapped(name) if phone]

    def _gdpr_email(self):
        self.ensure_one()
        return self[self._gdpr_email_field]

    def _gdpr_lang(self):
        self.ensure_one()
        return self[self._gdpr_lang_field] if self._gdpr_lang_field in self._fields else False

    @api.model
    def _gdpr_notice_template(self, prospect_type):
        """The notice template of this model for ``prospect_type``."""
        return self.env.ref(f"gdpr_prospection.mail_template_gdpr_notice_{prospect_type}")

    def _gdpr_channel(self):
        """Channel of the data being written: the caller's, else "import"
        under Odoo's generic importer (base_import), else "manual"."""
        context = self.env.context
        return context.get("gdpr_channel") or ("import" if context.get("import_file") else "manual")
