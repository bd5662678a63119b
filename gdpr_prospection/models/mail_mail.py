from odoo import fields, models, tools


class MailMail(models.Model):
    _inherit = "mail.mail"

    gdpr_text_version = fields.Char(
        string="GDPR notice version", help="Set on Article 14 notices: the fingerprint of their text."
    )

    def _postprocess_sent_message(self, success_pids, failure_reason=False, failure_type=None):
        """A notice counts as sent when the mail really left, never when it
        was queued: record it now, before the mail is auto-deleted."""
        sent = self.filtered(lambda m: m.gdpr_text_version and m.model == "res.partner" and m.res_id)
        if sent and not failure_type:
            for mail in sent:
                partner = self.env["res.partner"].sudo().browse(mail.res_id).exists()
                if partner and partner in success_pids:
                    partner._gdpr_notice_left(mail.gdpr_text_version)
        return super()._postprocess_sent_message(success_pids, failure_reason=failure_reason, failure_type=failure_type)

    def _prepare_outgoing_list(self, mail_server=False, recipients_follower_status=None):
        """Every prospection message names a free, one-click way to object
        (CPCE L34-5, RFC 8058), computed at send time: no token is stored."""
        emails = super()._prepare_outgoing_list(mail_server, recipients_follower_status)
        partners = (
            self.env["res.partner"].sudo().union(*(email["partner_id"] for email in emails if email.get("partner_id")))
        )
        prospects = partners.filtered("gdpr_prospect_type")
        if not prospects:
            return emails
        for email in emails:
            prospect = email.get("partner_id") and email["partner_id"].sudo() & prospects
            if not prospect:
                continue
            email["headers"] = dict(email["headers"], **prospect._gdpr_unsubscribe_headers())
            if not self.gdpr_text_version:
                # the notices carry these links already; any other message gets them in a footer
                footer = (
                    self.env["ir.qweb"]
                    .with_context(lang=prospect.lang)
                    ._render(
                        "gdpr_prospection.prospection_mail_footer",
                        {"partner": prospect, "company": prospect.company_id},
                    )
                )
                email["body"] = tools.mail.append_content_to_html(email["body"], footer, plaintext=False)
                email["body_alternative"] = tools.html2plaintext(email["body"])
        return emails
