from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.tools import SQL, create_index
from odoo.tools.misc import format_date

from ..policy import channel_consent, minimisation, professional
from ..roles import GDPR_DPO, GDPR_USER


class ResPartner(models.Model):
    """Partners under the prospect regime (gdpr.prospect.mixin), with what
    is a partner's own: the employer's fields a B2B contact shows, the
    language Odoo fills in by default, exports, anonymisation."""

    _name = "res.partner"
    _inherit = ["res.partner", "gdpr.prospect.mixin"]

    gdpr_event_ids = fields.One2many("gdpr.event", "partner_id", string="GDPR evidence", groups=GDPR_DPO)
    gdpr_free_webmail = fields.Boolean(
        string="Free webmail address",
        compute="_compute_gdpr_free_webmail",
        groups=GDPR_USER,
        help="A professional prospect with a free-webmail address: most often a private one. Make sure "
        "the message is about the person's profession, or ask for consent.",
    )
    # not personal data (the company's rule applied to the record), and read
    # by the form for everyone: no group, else its read-only rules would fail
    gdpr_forbidden_fields = fields.Char(
        string="Fields a prospect may not hold",
        compute="_compute_gdpr_forbidden_fields",
        help="Names of the fields outside the company's allowed set, space-separated: read-only on a prospect.",
    )

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

    @api.constrains("gdpr_prospect_type", "is_company")
    def _check_gdpr_prospect_is_a_person(self):
        for partner in self.filtered(lambda p: p.gdpr_prospect_type and p.is_company):
            raise ValidationError(
                self.env._(
                    "%(name)s is a company: only natural persons are prospects under the GDPR.",
                    name=partner.display_name,
                )
            )

    @api.constrains("gdpr_prospect_type", "function", "parent_id", "company_name")
    def _check_gdpr_b2b_is_professional(self):
        for partner in self:
            if professional.lacks_profession(
                partner.gdpr_prospect_type, partner.function, partner.parent_id or partner.company_name
            ):
                raise ValidationError(
                    self.env._(
                        "%(name)s is prospected as a professional (B2B): give their job title or their employer. "
                        "Without consent, a message may only reach a professional about their profession "
                        "(CPCE L34-5).",
                        name=partner.display_name,
                    )
                )

    @api.depends("email", "gdpr_prospect_type")
    def _compute_gdpr_free_webmail(self):
        for partner in self:
            partner.gdpr_free_webmail = partner.gdpr_prospect_type == "b2b" and professional.is_free_webmail(
                partner.email
            )

    @api.depends("gdpr_prospect_type", "gdpr_phone_consent_state", "gdpr_sms_consent_state", "company_id")
    @api.depends_context("company")
    def _compute_gdpr_forbidden_fields(self):
        allowed = {}
        for partner, facts in zip(self, self.sudo(), strict=True):
            company = facts.company_id or self.env.company
            if company not in allowed:
                allowed[company] = company._gdpr_allowed_field_names()
            names = minimisation.forbidden_field_names(
                allowed[company],
                facts.gdpr_prospect_type,
                channel_consent.holds_numbers(facts.gdpr_phone_consent_state, facts.gdpr_sms_consent_state),
            )
            # spaced on both sides: the view tests ``' name ' in gdpr_forbidden_fields``
            partner.gdpr_forbidden_fields = f" {' '.join(names)} " if names else ""

    @api.constrains(
        *minimisation.WATCHED_FIELDS, "gdpr_prospect_type", "gdpr_phone_consent_state", "gdpr_sms_consent_state"
    )
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
                channel_consent.holds_numbers(partner.gdpr_phone_consent_state, partner.gdpr_sms_consent_state),
                partner._gdpr_inherited_fields(),
            )
            if bad:
                labels = ", ".join(field_labels[name]._description_string(self.env) for name in bad)
                raise ValidationError(
                    self.env._(
                        "Data minimisation (GDPR Art. 5(1)(c)): the prospect %(name)s may not hold: "
                        "%(fields)s. Remove it, or ask your DPO to declare it necessary.",
                        name=partner.display_name,
                        fields=labels,
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
        lang_allowed = {}
        for vals in vals_list:
            if vals.get("gdpr_prospect_type"):
                company_id = vals.get("company_id") or self.env.company.id
                if company_id not in lang_allowed:
                    company = self.env["res.company"].browse(company_id)
                    lang_allowed[company_id] = "lang" in company._gdpr_allowed_field_names()
                if not lang_allowed[company_id] and self._gdpr_is_default_lang(vals):
                    # Odoo fills in a language by default (the user's, the
                    # employer's): not the person's data, and not allowed here
                    vals["lang"] = False
        return super().create(vals_list)

    @api.model
    def _gdpr_is_default_lang(self, vals):
        if not vals.get("lang"):
            return True
        parent = self.browse(vals["parent_id"]) if vals.get("parent_id") else self.browse()
        return vals["lang"] in (self.env.lang, self.env.context.get("default_lang"), parent.lang)

    @api.model
    def _gdpr_purge_guard_domain(self):
        """Never purged: companies, partners of users (archived too) and the
        companies' own partners."""
        return super()._gdpr_purge_guard_domain() + [
            ("is_company", "=", False),
            ("id", "not in", SQL("(SELECT partner_id FROM res_users)")),
            ("id", "not in", SQL("(SELECT partner_id FROM res_company)")),
        ]

    @api.model
    def _gdpr_purge_protected_ids(self, ids):
        if not ids:
            return set()
        rows = self.env.execute_query(
            SQL(
                """SELECT partner_id FROM res_users WHERE partner_id = ANY(%(ids)s)
                    UNION SELECT partner_id FROM res_company WHERE partner_id = ANY(%(ids)s)
                    UNION SELECT id FROM res_partner WHERE is_company AND id = ANY(%(ids)s)""",
                ids=list(ids),
            )
        )
        return {row[0] for row in rows}

    def export_data(self, fields_to_export):
        if not self.env.su and not self.env.user.has_group(GDPR_DPO) and self.sudo().filtered("gdpr_prospect_type"):
            raise AccessError(self.env._("Only the data protection officer exports prospects."))
        return super().export_data(fields_to_export)

    def _gdpr_check_no_prior_history(self):
        histories = self.env["gdpr.purge.scrubber"]._prior_history(self)
        for partner in self:
            history = histories.get(partner.id)
            if history:
                raise ValidationError(
                    self.env._(
                        "%(name)s already has a history here (%(history)s): a customer or a colleague, not a "
                        "person found in a public source. As a prospect, the purge would erase that history.",
                        name=partner.display_name,
                        history=", ".join(history),
                    )
                )

    def _get_redirect_suggested_company(self):
        # The need-to-know rule names the company, so core suggests switching
        # to it; for a user without a prospection role no company opens a
        # prospect, and the web client would switch and reload for ever.
        if not self.env.user.has_group(GDPR_USER) and any(self.sudo().mapped("gdpr_prospect_type")):
            return self.env["res.company"]
        return super()._get_redirect_suggested_company()

    def _gdpr_personal_values(self, lang):
        """[(placeholder, value)] of what a notice may show of this person,
        as rendered in ``lang``: what a notice version replaces."""
        self.ensure_one()
        collected_on = format_date(self.env, self.gdpr_collected_on, lang_code=lang) if self.gdpr_collected_on else ""
        return [
            ("[name]", self.name),
            ("[email]", self.email),
            ("[email]", self.email_normalized),
            ("[job title]", self.function),
            ("[employer]", self.parent_id.name or self.company_name),
            ("[phone]", self.phone),
            ("[phone]", self.mobile),
            ("[source URL]", self.gdpr_source_url),
            ("[collection date]", collected_on),
        ]

    def _gdpr_category_words(self):
        """Each personal field a prospect may hold, named in plain words
        (GDPR Art. 14(1)(d): categories the person understands)."""
        address = self.env._("postal address")
        return {
            "name": self.env._("name"),
            "email": self.env._("email address"),
            "function": self.env._("job title"),
            "parent_id": self.env._("employer"),
            "company_name": self.env._("employer"),
            "phone": self.env._("phone number"),
            "mobile": self.env._("phone number"),
            "lang": self.env._("language"),
            "title": self.env._("title"),
            "street": address,
            "street2": address,
            "zip": address,
            "city": address,
            "state_id": address,
            "country_id": address,
            "website": self.env._("website"),
            "comment": self.env._("notes"),
            "image_1920": self.env._("photo"),
            "vat": self.env._("tax number"),
            "ref": self.env._("reference"),
            "category_id": self.env._("tags"),
            "child_ids": self.env._("related contacts"),
            "bank_ids": self.env._("bank account"),
        }

    def _gdpr_data_categories(self):
        """What the company holds about this prospect, in plain words: every
        field that holds a value (not the employer's own address)."""
        self.ensure_one()
        words = self._gdpr_category_words()
        inherited = self._gdpr_inherited_fields()
        categories = []
        for name in ("name", *minimisation.WATCHED_FIELDS):
            if name in self._fields and name not in inherited and self[name] and words[name] not in categories:
                categories.append(words[name])
        categories.append(self.env._("where and when the data was collected"))
        return ", ".join(categories)

    def _gdpr_anonymise(self):
        """Blank every personal field of partners that cannot be deleted
        (a kept record points to them), archive them and take them out of
        the prospect regime, without tracking (no old value survives)."""
        vals = self.env["gdpr.purge.eraser"]._anonymised_values()
        # blanking a field that is empty on all of them would only set off
        # the recomputations that depend on it
        vals = {
            name: value
            for name, value in vals.items()
            if name in ("name", "active", "gdpr_prospect_type") or any(partner[name] for partner in self)
        }
        return self.with_context(tracking_disable=True, mail_notrack=True, gdpr_erasure=True).write(vals)
