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
    def _template(self, prospect_type, model="res.partner"):
        return self.env[model]._gdpr_renewal_template(prospect_type)

    @api.model
    def _due_domain(self, company, today, model="res.partner"):
        """The prospects of ``company`` (records of ``model``) to ask today."""
        table = SQL.identifier(self.env[model]._table)
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
                    """(SELECT id FROM %s
                         WHERE gdpr_renewal_sent_on IS NOT NULL
                           AND gdpr_renewal_sent_on::date >= GREATEST(gdpr_collected_on, gdpr_last_contact_on))""",
                    table,
                ),
            ),
            # nor queued in this period and not sent yet (or refused)
            (
                "id",
                "not in",
                SQL(
                    """(SELECT message.res_id FROM mail_mail mail
                          JOIN mail_message message ON message.id = mail.mail_message_id
                          JOIN %s record ON record.id = message.res_id
                         WHERE mail.gdpr_renewal AND message.model = %s
                           AND mail.create_date::date
                               >= GREATEST(record.gdpr_collected_on, record.gdpr_last_contact_on))""",
                    table,
                    model,
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
                mails |= self._template(prospect_type, prospects._name).send_mail_batch(group.ids)
        if mails:
            mails.write({"gdpr_renewal": True})
            self.env.ref("mail.ir_cron_mail_scheduler_action").sudo()._trigger()
        return mails

    @api.model
    def _cron_send_renewals(self, batch_size=500):
        """Nightly: ask the prospects whose retention ends within the
        company's renewal delay, once per retention period, on every model
        under the regime (partners, then a bridge's leads)."""
        today = fields.Date.context_today(self)
        self.env["mail.mail"].flush_model(["gdpr_renewal"])
        companies = self.env["res.company"].sudo().search([("gdpr_renewal_days", ">", 0)])
        mails = self.env["mail.mail"].sudo()
        done = remaining = 0
        for Model in self.env["gdpr.prospect.mixin"]._gdpr_regime_models():
            Model = Model.sudo()
            Model.flush_model(["gdpr_renewal_sent_on", "gdpr_collected_on", "gdpr_last_contact_on"])
            prospects = Model.browse()
            for company in companies:
                room = batch_size - done - len(prospects)
                if room <= 0:
                    remaining = 1
                    break
                domain = self._due_domain(company, today, Model._name)
                prospects |= Model.search(domain, limit=room, order="gdpr_retention_until, id")
            mails |= self._send(prospects)
            done += len(prospects)
            if remaining:
                break
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)
        return mails
