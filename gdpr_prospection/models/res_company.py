from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError

from ..policy import inputs, minimisation, retention


class ResCompany(models.Model):
    _inherit = "res.company"

    def _default_gdpr_allowed_fields(self):
        return (
            self.env["ir.model.fields"]
            .sudo()
            .search([("model", "=", "res.partner"), ("name", "in", minimisation.DEFAULT_ALLOWED_FIELDS)])
        )

    gdpr_controller_contact = fields.Char(
        string="Privacy contact",
        help="Address where people exercise their rights (GDPR Art. 13-14: "
        "identity and contact details of the controller).",
    )
    gdpr_dpo_name = fields.Char(string="Data protection officer")
    gdpr_dpo_email = fields.Char(
        string="DPO email",
        help="Contact details of the data protection officer (GDPR Art. 14(1)(b)).",
    )
    gdpr_privacy_policy_url = fields.Char(
        string="Privacy policy URL",
        help="Public privacy policy that names the sources of prospect data.",
    )
    gdpr_legitimate_interest = fields.Text(
        string="Legitimate interest pursued",
        translate=True,
        help="Stated in the notice to B2B prospects (GDPR Art. 14(2)(b)).",
    )
    gdpr_recipients = fields.Text(
        string="Recipients",
        translate=True,
        help="Recipients or categories of recipients of prospect data (GDPR Art. 14(1)(e)).",
    )
    gdpr_transfers = fields.Text(
        string="Transfers outside the EU",
        translate=True,
        help="Transfers to third countries and their safeguards, if any (GDPR Art. 14(1)(f)).",
    )
    gdpr_retention_months = fields.Integer(
        string="Prospect retention (months)",
        default=retention.DEFAULT_RETENTION_MONTHS,
        help="Counted from collection or from the last contact that came from the "
        "prospect. CNIL reference framework: 3 years at most.",
    )
    gdpr_consent_delay_days = fields.Integer(
        string="Consent answer delay (days)",
        default=retention.DEFAULT_CONSENT_DELAY_DAYS,
        help="A consumer (B2C) who has not consented this many days after the "
        "request is erased (GDPR Art. 6(1)(a), CPCE L34-5).",
    )
    gdpr_notice_delay_days = fields.Integer(
        string="Notice delay (days)",
        default=retention.DEFAULT_NOTICE_DELAY_DAYS,
        help="The Article 14 notice goes out at the latest this many days after "
        "collection (GDPR Art. 14(3)(a): one month at most).",
    )
    gdpr_suppression_months = fields.Integer(
        string="Suppression list retention (months)",
        default=retention.MIN_SUPPRESSION_MONTHS,
        help="How long an objection is remembered. CNIL: at least 3 years.",
    )
    gdpr_evidence_months = fields.Integer(
        string="Evidence retention (months)",
        default=retention.DEFAULT_EVIDENCE_MONTHS,
        help="How long notices, consents, objections and erasures stay provable (GDPR Art. 5(2), accountability).",
    )
    gdpr_purpose = fields.Text(
        string="Purpose of the processing",
        translate=True,
        help="Stated in every notice (GDPR Art. 14(1)(c)). Empty: direct marketing, that is presenting our "
        "products and services.",
    )
    gdpr_automated_decisions = fields.Text(
        string="Automated decisions",
        translate=True,
        help="Automated decision-making or profiling applied to prospects, if any (GDPR Art. 14(2)(g)). Empty: none.",
    )
    gdpr_auto_notice = fields.Boolean(
        string="Send notices automatically",
        default=True,
        help="The nightly job sends the Article 14 notice to prospects whose deadline is near (GDPR Art. 14(3)).",
    )
    gdpr_consent_link_days = fields.Integer(
        string="Consent link validity (days)",
        default=30,
        help="The accept and refuse links of a consent request expire after this "
        "many days; objection and withdrawal links never expire.",
    )
    gdpr_renewal_days = fields.Integer(
        string="Renewal question (days before)",
        default=30,
        help="This many days before a prospect's retention ends, the nightly job asks them once whether they "
        "want to keep hearing from the company (CNIL, commercial-management framework: at the end of the "
        "period, one last contact; without a positive answer, the data goes). 0: never asked.",
    )
    gdpr_log_ip = fields.Boolean(
        string="Record IP addresses of answers",
        help="Keep the IP address of the person who answers on a public page as "
        "part of the evidence. Off by default (data minimisation).",
    )
    gdpr_allowed_field_ids = fields.Many2many(
        "ir.model.fields",
        "gdpr_company_allowed_field_rel",
        "company_id",
        "field_id",
        string="Allowed prospect fields",
        default=lambda self: self._default_gdpr_allowed_fields(),
        domain=[("model", "=", "res.partner"), ("name", "in", minimisation.WATCHED_FIELDS)],
        help="Personal fields a prospect may hold (GDPR Art. 5(1)(c), data minimisation). Anything else is refused.",
    )

    @api.constrains("gdpr_retention_months")
    def _check_gdpr_retention_months(self):
        for company in self:
            if not 1 <= company.gdpr_retention_months <= retention.MAX_RETENTION_MONTHS:
                raise ValidationError(
                    self.env._(
                        "The prospect retention must be between 1 and %(max)s months (CNIL: 3 years at most).",
                        max=retention.MAX_RETENTION_MONTHS,
                    )
                )

    @api.constrains("gdpr_notice_delay_days", "gdpr_consent_delay_days", "gdpr_consent_link_days", "gdpr_renewal_days")
    def _check_gdpr_delays(self):
        for company in self:
            if not 1 <= company.gdpr_notice_delay_days <= retention.MAX_NOTICE_DELAY_DAYS:
                raise ValidationError(
                    self.env._(
                        "The notice delay must be between 1 and %(max)s days (GDPR Art. 14(3): one month at most).",
                        max=retention.MAX_NOTICE_DELAY_DAYS,
                    )
                )
            if company.gdpr_consent_link_days < 1:
                raise ValidationError(self.env._("Consent links must stay valid at least one day."))
            if company.gdpr_renewal_days < 0:
                raise ValidationError(self.env._("The renewal question cannot come after the retention ends."))
            if company.gdpr_consent_delay_days < 1:
                raise ValidationError(self.env._("The consent answer delay must be at least one day."))

    @api.constrains("gdpr_privacy_policy_url")
    def _check_gdpr_privacy_policy_url(self):
        """Notices and the public list of sources render it as a link."""
        for company in self:
            if company.gdpr_privacy_policy_url and not inputs.is_web_url(company.gdpr_privacy_policy_url):
                raise ValidationError(
                    self.env._(
                        "“%(field)s” only takes a web address that starts with http:// or https://: "
                        "“%(value)s” is refused.",
                        field=self._fields["gdpr_privacy_policy_url"].get_description(self.env)["string"],
                        value=company.gdpr_privacy_policy_url,
                    )
                )

    @api.constrains("gdpr_suppression_months", "gdpr_evidence_months")
    def _check_gdpr_suppression_months(self):
        for company in self:
            if company.gdpr_suppression_months < retention.MIN_SUPPRESSION_MONTHS:
                raise ValidationError(
                    self.env._(
                        "Suppression entries must be kept at least %(min)s months (CNIL: 3 years from the objection).",
                        min=retention.MIN_SUPPRESSION_MONTHS,
                    )
                )
            if company.gdpr_evidence_months < 1:
                raise ValidationError(self.env._("The evidence retention must be at least one month."))

    def write(self, vals):
        # The DPO configures the controller's GDPR settings without being an
        # administrator: the ACL lets it write companies, this lets it write
        # only the GDPR fields.
        user = self.env.user
        if (
            not self.env.su
            and any(not name.startswith("gdpr_") for name in vals)
            and user.has_group("gdpr_prospection.group_gdpr_dpo")
            and not user.has_group("base.group_erp_manager")
        ):
            raise AccessError(self.env._("The data protection officer may only change the GDPR settings of a company."))
        res = super().write(vals)
        if "gdpr_retention_months" in vals or "gdpr_notice_delay_days" in vals:
            for model in self.env["gdpr.prospect.mixin"]._gdpr_regime_models():
                model.sudo()._gdpr_recompute_company_dates(self)
        return res

    def action_open_gdpr_settings(self):
        """The GDPR settings of the current company, for the DPO."""
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("GDPR settings"),
            "res_model": "res.company",
            "res_id": self.env.company.id,
            "view_mode": "form",
            "views": [(self.env.ref("gdpr_prospection.res_company_view_form_gdpr").id, "form")],
            "target": "current",
        }

    def _gdpr_postal_address(self):
        """The controller's address on one line, for the notices."""
        self.ensure_one()
        partner = self.partner_id
        parts = [
            partner.street,
            partner.street2,
            " ".join(filter(None, [partner.zip, partner.city])),
            partner.country_id.name,
        ]
        return ", ".join(part for part in parts if part)

    @api.model
    def _gdpr_install_defaults(self):
        """Give the companies that existed before the install the default set
        of allowed prospect fields, and create the hashing key (run once at
        install, and by the demo data, which loads before that)."""
        companies = self.with_context(active_test=False).search([])  # pylint: disable=no-search-all
        for company in companies.filtered(lambda c: not c.gdpr_allowed_field_ids):
            company.gdpr_allowed_field_ids = company._default_gdpr_allowed_fields()
        self.env["gdpr.blacklist"]._hash_key()

    def _gdpr_allowed_field_names(self):
        self.ensure_one()
        return set(self.sudo().gdpr_allowed_field_ids.mapped("name"))
