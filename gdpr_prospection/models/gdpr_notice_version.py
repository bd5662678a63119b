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

    _sql_constraints = [("fingerprint_unique", "UNIQUE(fingerprint)", "This text version is already recorded.")]

    @api.model
    def _fingerprint(self, template, lang):
        """Record the template's text in ``lang`` and return its fingerprint."""
        template = template.with_context(lang=lang)
        subject, body = template.subject or "", template.body_html or ""
        fingerprint = hashlib.sha256(f"{template.id}\0{lang}\0{subject}\0{body}".encode()).hexdigest()[:16]
        if not self.sudo().search_count([("fingerprint", "=", fingerprint)], limit=1):
            self.sudo().create(
                {
                    "fingerprint": fingerprint,
                    "template_id": template.id,
                    "lang": lang,
                    "subject": subject,
                    "body_html": body,
                }
            )
        return fingerprint
