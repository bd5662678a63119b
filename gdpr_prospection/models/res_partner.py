import secrets

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL, create_index

from ..policy import consent, minimisation, notice, retention, tokens

GDPR_USER = "gdpr_prospection.group_gdpr_user"
GDPR_DPO = "gdpr_prospection.group_gdpr_dpo"


class ResPartner(models.Model):
    _inherit = "res.partner"

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
    gdpr_notice_sent_on = fields.Datetime(
        string="Notice sent on", groups=GDPR_USER, tracking=True, copy=False, readonly=True
    )
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
        tracking=True,
        copy=False,
    )
    gdpr_objected_on = fields.Datetime(string="Objected on", groups=GDPR_USER, tracking=True, copy=False, readonly=True)
    gdpr_last_contact_on = fields.Date(
        string="Last contact from the prospect",
        groups=GDPR_USER,
        tracking=True,
        copy=False,
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
    gdpr_event_ids = fields.One2many("gdpr.event", "partner_id", string="GDPR evidence", groups=GDPR_DPO)

    @api.depends("gdpr_prospect_type")
    def _compute_gdpr_collected_on(self):
        today = fields.Date.context_today(self)
        for partner in self:
            if partner.gdpr_prospect_type and not partner.gdpr_collected_on:
                partner.gdpr_collected_on = today

    @api.depends("gdpr_prospect_type")
    def _compute_gdpr_lawful_basis(self):
        for partner in self:
            if partner.gdpr_prospect_type == "b2c":
                partner.gdpr_lawful_basis = "consent"
            elif partner.gdpr_prospect_type == "b2b":
                partner.gdpr_lawful_basis = partner.gdpr_lawful_basis or "legitimate_interest"
            else:
                partner.gdpr_lawful_basis = False

    @api.depends("gdpr_prospect_type")
    def _compute_gdpr_consent_state(self):
        for partner in self:
            if partner.gdpr_prospect_type:
                partner.gdpr_consent_state = partner.gdpr_consent_state or consent.NOT_REQUESTED
            else:
                partner.gdpr_consent_state = partner.gdpr_consent_state or False

    @api.depends("gdpr_prospect_type", "gdpr_collected_on", "gdpr_last_contact_on", "company_id")
    def _compute_gdpr_retention_until(self):
        for partner in self:
            if not partner.gdpr_prospect_type:
                partner.gdpr_retention_until = False
                continue
            months = (partner.company_id or self.env.company).gdpr_retention_months
            partner.gdpr_retention_until = retention.retention_until(
                partner.gdpr_collected_on, partner.gdpr_last_contact_on, months
            )

    @api.depends("gdpr_prospect_type", "gdpr_collected_on", "company_id")
    def _compute_gdpr_notice_due_on(self):
        for partner in self:
            delay = (partner.company_id or self.env.company).gdpr_notice_delay_days
            partner.gdpr_notice_due_on = partner.gdpr_prospect_type and notice.notice_deadline(
                partner.gdpr_collected_on, delay
            )

    @api.depends("email")
    def _compute_gdpr_notice_blocked(self):
        self.gdpr_notice_blocked = False

    def init(self):
        # imports look prospects up by address, a batch at a time: without an
        # index each batch scans every partner, and a big file slows down as
        # it fills the table
        create_index(
            self.env.cr,
            "res_partner_gdpr_email_normalized_index",
            self._table,
            ["email_normalized"],
            where="email_normalized IS NOT NULL",
        )

    @api.constrains("gdpr_prospect_type", "gdpr_source_id", "gdpr_lawful_basis", "is_company", "company_id")
    def _check_gdpr_prospect(self):
        for partner in self.filtered("gdpr_prospect_type"):
            if partner.is_company:
                raise ValidationError(
                    _(
                        "%(name)s is a company: only natural persons are prospects under the GDPR.",
                        name=partner.display_name,
                    )
                )
            if not partner.company_id:
                raise ValidationError(
                    _("The prospect %(name)s belongs to the company that collected it.", name=partner.display_name)
                )
            if not partner.gdpr_source_id:
                raise ValidationError(
                    _("The prospect %(name)s needs a data source (GDPR Art. 14(2)(f)).", name=partner.display_name)
                )
            if partner.gdpr_prospect_type == "b2c" and partner.gdpr_lawful_basis != "consent":
                raise ValidationError(
                    _(
                        "%(name)s is prospected as a consumer (B2C): the only lawful basis is consent, "
                        "never legitimate interest (GDPR Art. 6(1)(a), CPCE L34-5).",
                        name=partner.display_name,
                    )
                )

    @api.constrains("gdpr_consent_state")
    def _check_gdpr_consent_evidence(self):
        for state, event_type in consent.EVIDENCE_REQUIRED.items():
            partners = self.filtered(lambda p, s=state: p.gdpr_prospect_type and p.gdpr_consent_state == s)
            if not partners:
                continue
            proven = {
                partner.id
                for [partner] in self.env["gdpr.event"]
                .sudo()
                ._read_group([("partner_id", "in", partners.ids), ("event_type", "=", event_type)], ["partner_id"])
            }
            for partner in partners:
                if partner.id not in proven:
                    raise ValidationError(
                        _(
                            "The consent of %(name)s cannot become “%(state)s” without a recorded "
                            "consent event (GDPR Art. 7(1)).",
                            name=partner.display_name,
                            state=dict(self._fields["gdpr_consent_state"]._description_selection(self.env))[state],
                        )
                    )

    @api.constrains(*minimisation.WATCHED_FIELDS, "gdpr_prospect_type", "gdpr_consent_state")
    def _check_gdpr_minimisation(self):
        if self.env.context.get("gdpr_employer_sync"):
            return  # the employer's fields, copied: exempt (see _gdpr_inherited_fields)
        field_labels = self._fields
        for partner in self.filtered("gdpr_prospect_type"):
            company = partner.company_id or self.env.company
            values = {name: partner[name] for name in minimisation.WATCHED_FIELDS if name in self._fields}
            bad = minimisation.forbidden_fields(
                values,
                company._gdpr_allowed_field_names(),
                partner.gdpr_prospect_type,
                partner.gdpr_consent_state == consent.GIVEN,
                partner._gdpr_inherited_fields(),
            )
            if bad:
                labels = ", ".join(field_labels[name]._description_string(self.env) for name in bad)
                raise ValidationError(
                    _(
                        "Data minimisation (GDPR Art. 5(1)(c)): the prospect %(name)s may not hold: "
                        "%(fields)s. Remove it, or ask your DPO to declare it necessary.",
                        name=partner.display_name,
                        fields=labels,
                    )
                )

    @api.constrains("email", "phone", "mobile", "gdpr_prospect_type")
    def _check_gdpr_suppression(self):
        prospects = self.filtered("gdpr_prospect_type")
        if not prospects:
            return
        hits = (
            self.env["gdpr.blacklist"]
            .sudo()
            ._screen(prospects.mapped("email"), prospects.mapped("phone") + prospects.mapped("mobile"))
        )
        blocked = prospects.filtered(lambda p: {p.email, p.phone, p.mobile} & hits)
        if blocked:
            raise ValidationError(
                _(
                    "%(names)s objected to prospection or refused it: the suppression list "
                    "forbids prospecting them again.",
                    names=", ".join(blocked.mapped("display_name")),
                )
            )

    def _commercial_sync_from_company(self):
        # Core copies the employer's commercial fields onto each new contact,
        # one write per contact: what it copies is exempt from minimisation,
        # so the check (already run by the create) is not run again for it.
        return super(ResPartner, self.with_context(gdpr_employer_sync=True))._commercial_sync_from_company()

    def _gdpr_inherited_fields(self):
        """Fields that a B2B contact shows from its employer (the company's
        address and commercial data): they are not the person's own data."""
        self.ensure_one()
        parent = self.parent_id
        if not parent or self.gdpr_prospect_type != "b2b":
            return set()
        names = set(self._address_fields()) | set(self._commercial_fields())
        return {name for name in names if name in self._fields and self[name] == parent[name]}

    @api.model_create_multi
    def create(self, vals_list):
        today = fields.Date.context_today(self)
        lang_allowed = {}
        for vals in vals_list:
            if vals.get("gdpr_prospect_type"):
                # a prospect belongs to the company that collected it
                vals["gdpr_collected_on"] = vals.get("gdpr_collected_on") or today
                vals["company_id"] = vals.get("company_id") or self.env.company.id
                company_id = vals["company_id"]
                if company_id not in lang_allowed:
                    company = self.env["res.company"].browse(company_id)
                    lang_allowed[company_id] = "lang" in company._gdpr_allowed_field_names()
                if not lang_allowed[company_id] and self._gdpr_is_default_lang(vals):
                    # Odoo fills in a language by default (the user's, the
                    # employer's): not the person's data, and not allowed here
                    vals["lang"] = False
        partners = super().create(vals_list)
        prospects = partners.filtered("gdpr_prospect_type")
        if prospects:
            self.env["gdpr.event"]._log(prospects, "collected", self._gdpr_channel())
        return partners

    @api.model
    def _gdpr_is_default_lang(self, vals):
        if not vals.get("lang"):
            return True
        parent = self.browse(vals["parent_id"]) if vals.get("parent_id") else self.browse()
        return vals["lang"] in (self.env.lang, self.env.context.get("default_lang"), parent.lang)

    def write(self, vals):
        if "gdpr_consent_state" in vals:
            self._gdpr_check_consent_transition(vals["gdpr_consent_state"])
        newcomers = self.browse()
        if vals.get("gdpr_prospect_type") and "company_id" in vals and not vals["company_id"]:
            vals = dict(vals, company_id=self.env.company.id)
        if "gdpr_prospect_type" in vals:
            if vals["gdpr_prospect_type"]:
                newcomers = self.filtered(lambda p: not p.gdpr_prospect_type)
                if newcomers:
                    self._gdpr_prepare_newcomers(newcomers, vals)
            elif not vals.get("gdpr_converted_on") and self.filtered("gdpr_prospect_type"):
                raise UserError(
                    _("A prospect leaves the prospect regime through a recorded conversion (“Convert to customer”).")
                )
        res = super().write(vals)
        if newcomers:
            self.env["gdpr.event"]._log(newcomers, "collected", self._gdpr_channel())
        return res

    def export_data(self, fields_to_export):
        if not self.env.su and not self.env.user.has_group(GDPR_DPO) and self.sudo().filtered("gdpr_prospect_type"):
            raise AccessError(_("Only the data protection officer exports prospects."))
        return super().export_data(fields_to_export)

    def _gdpr_channel(self):
        """Channel of the data being written: the caller's, else "import"
        under Odoo's generic importer (base_import), else "manual"."""
        context = self.env.context
        return context.get("gdpr_channel") or ("import" if context.get("import_file") else "manual")

    def _gdpr_prepare_newcomers(self, newcomers, vals):
        """Partners turned into prospects by ``vals`` belong to the current
        company when they had none (their collection date is computed)."""
        if not vals.get("company_id"):
            homeless = newcomers.filtered(lambda p: not p.company_id)
            if homeless:
                super(ResPartner, homeless).write({"company_id": self.env.company.id})

    def _gdpr_check_consent_transition(self, new_state):
        for partner in self.filtered("gdpr_prospect_type"):
            if not consent.is_allowed_transition(partner.gdpr_consent_state, new_state):
                raise ValidationError(
                    _(
                        "The consent of %(name)s cannot go from “%(old)s” to “%(new)s”.",
                        name=partner.display_name,
                        old=partner.gdpr_consent_state,
                        new=new_state,
                    )
                )

    def _gdpr_record_contact(self, channel, on_date=None):
        """A contact that came from the prospect (reply, click, call from
        them): restarts the retention period."""
        on_date = on_date or fields.Date.context_today(self)
        prospects = self.filtered(
            lambda p: p.gdpr_prospect_type and (not p.gdpr_last_contact_on or p.gdpr_last_contact_on < on_date)
        )
        if prospects:
            prospects.write({"gdpr_last_contact_on": on_date})
            self.env["gdpr.event"]._log(prospects, "contact", channel)
        return prospects

    def action_gdpr_record_contact(self):
        """Button: the prospect called or wrote to us."""
        self._gdpr_record_contact("manual")

    def action_gdpr_convert(self):
        """Explicit, recorded conversion of a prospect into a customer: the
        prospect rules stop applying."""
        if not self.env.user.has_group(GDPR_DPO):
            raise UserError(_("Only the data protection officer converts prospects."))
        prospects = self.filtered("gdpr_prospect_type")
        if not prospects:
            raise UserError(_("Select prospects to convert."))
        self.env["gdpr.event"]._log(prospects, "converted", "manual")
        prospects.write({"gdpr_prospect_type": False, "gdpr_converted_on": fields.Datetime.now()})
        return True

    # --- notices and answers ---

    def action_gdpr_send_notice(self, resend=False):
        """Send each selected prospect its Article 14 notice (B2B) or notice
        and consent request (B2C). Tells the user what was skipped and why."""
        if not self.env.user.has_group(GDPR_USER):
            raise AccessError(_("Only prospection users send GDPR notices."))
        self.check_access("read")
        mails, skipped = self.env["gdpr.notice"]._send(self, resend=resend)
        return self.env["gdpr.notice"]._skip_report(len(mails), skipped)

    def _gdpr_notice_left(self, text_version):
        """The notice mail of this prospect has left: date it and record it."""
        self.ensure_one()
        now = fields.Datetime.now()
        Event = self.env["gdpr.event"]
        Event._log(self, "notice_sent", "email", text_version=text_version)
        vals = {"gdpr_notice_sent_on": now, "gdpr_notice_blocked": False}
        if self.gdpr_prospect_type == "b2c" and self.gdpr_consent_state in (consent.NOT_REQUESTED, consent.PENDING):
            Event._log(self, "consent_requested", "email", text_version=text_version)
            vals["gdpr_consent_state"] = consent.PENDING
        self.write(vals)

    def _gdpr_flag_notice_blocked(self):
        """Flag prospects the nightly job cannot inform and ask the DPO."""
        todo = self.filtered(lambda p: not p.gdpr_notice_blocked)
        if not todo:
            return
        todo.write({"gdpr_notice_blocked": True})
        dpo = self.env.ref(GDPR_DPO).users.filtered(lambda u: not u.share)[:1] or self.env.ref("base.user_admin")
        for partner in todo:
            partner.activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=partner.gdpr_notice_due_on,
                summary=_("GDPR notice cannot be sent"),
                note=_("No valid email address: inform this prospect another way before the deadline, or erase it."),
                user_id=dpo.id,
            )

    def _gdpr_renew_nonce(self):
        """A new nonce kills every consent link sent so far."""
        for partner in self.sudo():
            partner.gdpr_token_nonce = secrets.token_urlsafe(16)

    def _gdpr_token(self, action):
        self.ensure_one()
        partner = self.sudo()
        secret = self.env["ir.config_parameter"].sudo().get_param("database.secret")
        if action == "consent":
            if not partner.gdpr_token_nonce:
                partner._gdpr_renew_nonce()
            days = (partner.company_id or self.env.company).gdpr_consent_link_days
            expiry = int(fields.Datetime.add(fields.Datetime.now(), days=days).timestamp())
            return tokens.make_token(secret, action, partner.id, partner.gdpr_token_nonce, expiry)
        return tokens.make_token(secret, action, partner.id)

    @api.model
    def _gdpr_check_token(self, action, partner_id, token):
        """True when ``token`` opens ``action`` for ``partner_id``; the partner
        may have been erased since (objection links still work then)."""
        secret = self.env["ir.config_parameter"].sudo().get_param("database.secret")
        nonce = None
        if action == "consent":
            partner = self.sudo().browse(partner_id).exists()
            if not partner or not partner.gdpr_token_nonce:
                return False
            nonce = partner.gdpr_token_nonce
        now = int(fields.Datetime.now().timestamp())
        return tokens.check_token(secret, action, partner_id, token, nonce=nonce, now=now)

    def _gdpr_public_url(self, action):
        self.ensure_one()
        return f"{self.get_base_url()}/gdpr/{action}/{self.id}/{self._gdpr_token(action)}"

    def _gdpr_unsubscribe_headers(self):
        self.ensure_one()
        url = f"{self.get_base_url()}/gdpr/unsubscribe/{self.id}/{self._gdpr_token('object')}"
        return {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}

    def _gdpr_data_categories(self):
        """What the company holds about this prospect, in its words."""
        self.ensure_one()
        labels = [
            self._fields[name]._description_string(self.env)
            for name in ("name", "email", "function", "parent_id", "phone", "mobile", "lang")
            if self[name]
        ]
        labels.append(_("where and when the data was collected"))
        return ", ".join(labels)

    def _gdpr_last_text_version(self):
        """Fingerprint of the last notice this person got: the text their
        answer refers to."""
        self.ensure_one()
        event = (
            self.env["gdpr.event"]
            .sudo()
            .search(
                [("partner_id", "=", self.id), ("text_version", "!=", False)], order="date desc, id desc", limit=1
            )
        )
        return event.text_version

    def _gdpr_answer(self, answer, channel, text_version=False, ip_address=False, note=False):
        """Apply the person's answer: consent_given, consent_refused,
        objection or consent_withdrawn. Idempotent: an answer already in
        force changes nothing and records nothing."""
        Event = self.env["gdpr.event"].sudo()
        applied = self.browse()
        for partner in self.sudo():
            if answer == "objection":
                if partner.gdpr_objected_on:
                    continue
                Event._log(partner, "objection", channel, note, text_version, ip_address)
                vals = {"gdpr_objected_on": fields.Datetime.now()}
                reason = "objection"
            else:
                state = {
                    "consent_given": consent.GIVEN,
                    "consent_refused": consent.REFUSED,
                    "consent_withdrawn": consent.WITHDRAWN,
                }[answer]
                if partner.gdpr_consent_state == state:
                    continue
                if not consent.is_allowed_transition(partner.gdpr_consent_state, state):
                    raise UserError(_("This answer does not apply to %(name)s any more.", name=partner.display_name))
                Event._log(partner, answer, channel, note, text_version, ip_address)
                vals = {"gdpr_consent_state": state}
                reason = answer if answer != "consent_given" else False
            if reason:
                self.env["gdpr.blacklist"].sudo()._add(
                    [(partner.email, partner.phone), (False, partner.mobile)], reason
                )
            vals["gdpr_last_contact_on"] = fields.Date.context_today(self)
            partner.write(vals)
            partner._gdpr_renew_nonce()
            applied |= partner
        return applied

    @api.model
    def _gdpr_recompute_company_dates(self, companies):
        """Apply a company's new retention period and notice delay to all its
        prospects in one statement (the ORM would load them all in memory)."""
        self.flush_model(["gdpr_collected_on", "gdpr_last_contact_on", "gdpr_prospect_type", "company_id"])
        for company in companies:
            self.env.cr.execute(
                SQL(
                    """UPDATE res_partner
                          SET gdpr_retention_until = GREATEST(gdpr_collected_on, gdpr_last_contact_on)
                                                     + make_interval(months => %s),
                              gdpr_notice_due_on = gdpr_collected_on + %s
                        WHERE company_id = %s AND gdpr_prospect_type IS NOT NULL""",
                    min(company.gdpr_retention_months, retention.MAX_RETENTION_MONTHS),
                    min(company.gdpr_notice_delay_days, retention.MAX_NOTICE_DELAY_DAYS),
                    company.id,
                )
            )
        self.invalidate_model(["gdpr_retention_until", "gdpr_notice_due_on"])

    # --- purge ---
    gdpr_erasure_reason = fields.Selection(
        [
            ("objected", "Objected"),
            ("withdrawn", "Consent withdrawn"),
            ("refused", "Consent refused"),
            ("no_consent", "No consent in time"),
            ("retention_expired", "Retention period over"),
        ],
        string="Due for erasure",
        groups=GDPR_USER,
        compute="_compute_gdpr_erasure_reason",
        search="_search_gdpr_erasure_reason",
        help="Why the nightly purge will erase this prospect at its next run.",
    )

    def _compute_gdpr_erasure_reason(self):
        reasons = self.env["gdpr.purge.run"]._erasure_reasons(self)
        for partner in self:
            partner.gdpr_erasure_reason = reasons.get(partner.id, False)

    def _search_gdpr_erasure_reason(self, operator, value):
        return self.env["gdpr.purge.run"]._erasure_reason_domain(operator, value)

    def _gdpr_anonymise(self):
        """Blank every personal field of partners that cannot be deleted
        (a kept record points to them), archive them and take them out of
        the prospect regime, without tracking (no old value survives). The
        regime is left by erasure, not conversion: this class's write, which
        allows only the latter, is skipped on purpose."""
        vals = self.env["gdpr.purge.run"]._anonymised_values()
        # blanking a field that is empty on all of them would only set off
        # the recomputations that depend on it
        vals = {
            name: value
            for name, value in vals.items()
            if name in ("name", "active", "gdpr_prospect_type") or any(partner[name] for partner in self)
        }
        return super(ResPartner, self.with_context(tracking_disable=True, mail_notrack=True)).write(vals)
