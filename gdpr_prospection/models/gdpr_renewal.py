from odoo import api, fields, models
from odoo.tools import SQL

from ..policy import consent


class GdprRenewal(models.AbstractModel):
    """The renewal question: shortly before a prospect's retention ends,
    one mail asks whether they want to keep hearing from the company (CNIL,
    commercial-management framework). B2B: "stay in touch", with the
    objection link; B2C: renew the consent, with the consent link. A
    positive answer is a contact from the person (retention restarts from
    it); silence lets the purge take them at the end. Once per retention
    period; the mail goes through the outgoing gate like any other."""

    _name = "gdpr.renewal"
    _description = "Renewal question before the end of retention"

    @api.model
    def _template(self, prospect_type):
        return self.env.ref(f"gdpr_prospection.mail_template_gdpr_renewal_{prospect_type}")

    @api.model
    def _due_domain(self, company, today):
        """The prospects of ``company`` to ask today."""
        until = fields.Date.add(today, days=company.gdpr_renewal_days)
        return [
            ("gdpr_prospect_type", "!=", False),
            ("company_id", "=", company.id),
            ("email_normalized", "!=", False),
            ("gdpr_notice_sent_on", "!=", False),
            ("gdpr_objected_on", "=", False),
            ("gdpr_consent_state", "not in", (consent.REFUSED, consent.WITHDRAWN)),
            "|",
            ("gdpr_prospect_type", "=", "b2b"),
            ("gdpr_consent_state", "=", consent.GIVEN),
            ("gdpr_retention_until", ">=", today),
            ("gdpr_retention_until", "<=", until),
            # once per retention period: not asked since it started
            (
                "id",
                "not in",
                SQL(
                    """(SELECT id FROM res_partner
                         WHERE gdpr_renewal_sent_on IS NOT NULL
                           AND gdpr_renewal_sent_on::date >= GREATEST(gdpr_collected_on, gdpr_last_contact_on))"""
                ),
            ),
            # nor queued in this period and not sent yet (or refused)
            (
                "id",
                "not in",
                SQL(
                    """(SELECT message.res_id FROM mail_mail mail
                          JOIN mail_message message ON message.id = mail.mail_message_id
                          JOIN res_partner partner ON partner.id = message.res_id
                         WHERE mail.gdpr_renewal AND message.model = 'res.partner'
                           AND mail.create_date::date
                               >= GREATEST(partner.gdpr_collected_on, partner.gdpr_last_contact_on))"""
                ),
            ),
        ]

    @api.model
    def _send(self, prospects):
        """Queue the renewal mail of each prospect, its type's template in
        its language; they count as asked once it left (mail_mail_renewal)."""
        mails = self.env["mail.mail"].sudo()
        prospects = prospects.sudo()._gdpr_renewal_due()
        for prospect_type in ("b2b", "b2c"):
            group = prospects.filtered(lambda p, t=prospect_type: p.gdpr_prospect_type == t)
            if group:
                mails |= self._template(prospect_type).send_mail_batch(group.ids)
        if mails:
            mails.write({"gdpr_renewal": True})
            self.env.ref("mail.ir_cron_mail_scheduler_action").sudo()._trigger()
        return mails

    @api.model
    def _cron_send_renewals(self, batch_size=500):
        """Nightly: ask the prospects whose retention ends within the
        company's renewal delay, once per retention period."""
        today = fields.Date.context_today(self)
        Partner = self.env["res.partner"].sudo()
        Partner.flush_model(["gdpr_renewal_sent_on", "gdpr_collected_on", "gdpr_last_contact_on"])
        self.env["mail.mail"].flush_model(["gdpr_renewal"])
        prospects = Partner.browse()
        remaining = 0
        for company in self.env["res.company"].sudo().search([("gdpr_renewal_days", ">", 0)]):
            domain = self._due_domain(company, today)
            found = Partner.search(domain, limit=batch_size - len(prospects), order="gdpr_retention_until, id")
            prospects |= found
            if len(prospects) >= batch_size:
                remaining = 1
                break
        mails = self._send(prospects)
        self.env["ir.cron"]._notify_progress(done=len(prospects), remaining=remaining)
        return mails
