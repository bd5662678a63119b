import hashlib

from odoo import api, fields, models

from ..policy import notice


class GdprNoticeVersion(models.Model):
    """One version of a notice or consent text, as the person got it: the
    evidence says what was sent (GDPR Art. 5(2), 7(1)) without keeping the
    personalised mail."""

    _name = "gdpr.notice.version"
    _description = "GDPR notice text version"
    _order = "create_date desc, id desc"
    _rec_name = "fingerprint"

    fingerprint = fields.Char(required=True, readonly=True, index=True)
    template_id = fields.Many2one("mail.template", readonly=True, ondelete="set null")
    lang = fields.Char(string="Language", readonly=True)
    subject = fields.Char(readonly=True)
    body_html = fields.Html(string="Text", readonly=True, sanitize=False)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        readonly=True,
        index=True,
        default=lambda self: self.env.company,
        help="The company whose prospects got this text.",
    )

    _sql_constraints = [("fingerprint_unique", "UNIQUE(fingerprint)", "This text version is already recorded.")]

    @api.model
    def _record_sent(self, template, lang, company, mails):
        """Give each queued notice the version of the text it carries: the
        mail as rendered for this company and language, the person's own data
        replaced by placeholders. A change of the settings or of the template
        makes a new version; two people told the same thing share one. One
        lookup and one write per distinct text, whatever the batch size."""
        model = mails[:1].model or "res.partner"
        by_id = {prospect.id: prospect for prospect in self.env[model].sudo().browse(mails.mapped("res_id"))}
        texts, groups = {}, {}
        for mail in mails:
            personal = by_id[mail.res_id]._gdpr_personal_values(lang)
            subject = notice.with_placeholders(mail.subject or "", personal)
            body = notice.with_placeholders(str(mail.body_html or ""), personal)
            fingerprint = self._digest(template, lang, company, subject, body)
            texts[fingerprint] = (subject, body)
            groups.setdefault(fingerprint, []).append(mail.id)
        self._ensure(template, lang, company, texts)
        for fingerprint, mail_ids in groups.items():
            mails.browse(mail_ids).write({"gdpr_text_version": fingerprint})

    @api.model
    def _fingerprint(self, template, lang, company=None):
        """Record the source of ``template`` in ``lang`` for the prospects of
        ``company`` (the current one by default) and return its fingerprint.
        Each company has its own versions: they name no one, but a company
        sees only what it sent."""
        company = company or self.env.company
        source = template.with_context(lang=lang)
        subject, body = source.subject or "", source.body_html or ""
        fingerprint = self._digest(template, lang, company, subject, body)
        self._ensure(template, lang, company, {fingerprint: (subject, body)})
        return fingerprint

    @api.model
    def _fingerprint_page(self, xmlid, lang, company):
        """Record the text of a public page (its QWeb view in ``lang``) and
        return its fingerprint: what a person answered on."""
        view = self.env.ref(xmlid).sudo().with_context(lang=lang)
        subject, body = view.name or xmlid, view.arch_db or ""
        template = self.env["mail.template"]
        fingerprint = self._digest(template, lang, company, f"{xmlid}\0{subject}", body)
        self._ensure(template, lang, company, {fingerprint: (subject, body)})
        return fingerprint

    @api.model
    def _digest(self, template, lang, company, subject, body):
        text = f"{template.id}\0{lang}\0{subject}\0{body}\0{company.id}"
        return hashlib.sha256(text.encode()).hexdigest()[:16]

    @api.model
    def _ensure(self, template, lang, company, texts):
        """Create the versions of ``texts`` ({fingerprint: (subject, body)})
        not recorded yet."""
        known = set(self.sudo().search([("fingerprint", "in", list(texts))]).mapped("fingerprint"))
        self.sudo().create(
            [
                {
                    "fingerprint": fingerprint,
                    "template_id": template.id,
                    "lang": lang,
                    "subject": subject,
                    "body_html": body,
                    "company_id": company.id,
                }
                for fingerprint, (subject, body) in texts.items()
                if fingerprint not in known
            ]
        )
