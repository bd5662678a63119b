import hashlib

from odoo import api, fields, models


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
    def _fingerprint(self, template, lang, company=None):
        """Record the template's text in ``lang``, as sent to the prospects of
        ``company`` (the current one by default), and return its fingerprint.
        Each company has its own versions: they name no one, but a company
        sees only what it sent."""
        company = company or self.env.company
        template = template.with_context(lang=lang)
        subject, body = template.subject or "", template.body_html or ""
        text = f"{template.id}\0{lang}\0{subject}\0{body}\0{company.id}"
        fingerprint = hashlib.sha256(text.encode()).hexdigest()[:16]
        if not self.sudo().search_count([("fingerprint", "=", fingerprint)], limit=1):
            self.sudo().create(
                {
                    "fingerprint": fingerprint,
                    "template_id": template.id,
                    "lang": lang,
                    "subject": subject,
                    "body_html": body,
                    "company_id": company.id,
                }
            )
        return fingerprint
