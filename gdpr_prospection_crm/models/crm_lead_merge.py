from odoo import models
from odoo.addons.gdpr_prospection.policy import channel_consent, consent

# from the weakest to the strictest: the merged lead takes the strictest
CONSENT_ORDER = (consent.GIVEN, consent.PENDING, consent.NOT_REQUESTED, consent.REFUSED, consent.WITHDRAWN)
CHANNEL_ORDER = (channel_consent.GIVEN, channel_consent.NOT_REQUESTED, channel_consent.WITHDRAWN)


def strictest(states, order):
    """The strictest of ``states`` in ``order`` (weakest first)."""
    known = [state for state in states if state in order]
    return max(known, key=order.index) if known else False


class CrmLead(models.Model):
    """Merging leads under the prospect regime (crm.merge.opportunity): the
    merged lead is a prospect when one of them was, with the earliest
    collection and notice, the strictest state (an objection anywhere wins,
    a consumer's rules over a professional's) and the evidence of all."""

    _inherit = "crm.lead"

    def _merge_opportunity(self, user_id=False, team_id=False, auto_unlink=True, max_length=5):
        leads = self.sudo()
        prospects = leads.filtered("gdpr_prospect_type")
        values = self._gdpr_merged_values(prospects) if prospects else {}
        head = super()._merge_opportunity(
            user_id=user_id, team_id=team_id, auto_unlink=auto_unlink, max_length=max_length
        )
        if values:
            head.sudo()._gdpr_take_merged(values, leads - head.sudo())
        return head

    def _gdpr_merged_values(self, prospects):
        first = prospects.sorted(lambda lead: (lead.gdpr_collected_on or lead.create_date.date(), lead.id))[:1]
        dates = lambda name: [value for value in prospects.mapped(name) if value]  # noqa: E731
        kind = "b2c" if "b2c" in prospects.mapped("gdpr_prospect_type") else "b2b"
        return {
            "gdpr_prospect_type": kind,
            "gdpr_source_id": first.gdpr_source_id.id,
            "gdpr_source_url": first.gdpr_source_url,
            "gdpr_collected_on": min(dates("gdpr_collected_on"), default=False),
            "gdpr_notice_sent_on": min(dates("gdpr_notice_sent_on"), default=False),
            "gdpr_objected_on": min(dates("gdpr_objected_on"), default=False),
            "gdpr_last_contact_on": max(dates("gdpr_last_contact_on"), default=False),
            "gdpr_consent_state": strictest(prospects.mapped("gdpr_consent_state"), CONSENT_ORDER),
            "gdpr_phone_consent_state": strictest(prospects.mapped("gdpr_phone_consent_state"), CHANNEL_ORDER),
            "gdpr_sms_consent_state": strictest(prospects.mapped("gdpr_sms_consent_state"), CHANNEL_ORDER),
        }

    def _gdpr_take_merged(self, values, others):
        """Copy the evidence of the merged leads to this one, then write the
        merged regime (a recorded transition, in superuser mode)."""
        self.ensure_one()
        Event = self.env["gdpr.event"].sudo()
        history = Event.search([("res_model", "=", self._name), ("res_id", "in", others.ids)], order="date, id")
        Event.create(
            [
                {
                    "event_type": event.event_type,
                    "date": event.date,
                    "channel": event.channel,
                    "user_id": event.user_id.id,
                    "res_model": self._name,
                    "res_id": self.id,
                    "partner_ref": event.partner_ref,
                    "email_hash": event.email_hash,
                    "company_id": event.company_id.id,
                    "note": self.env._("Merged from lead #%(id)s", id=event.res_id)
                    + (f": {event.note}" if event.note else ""),
                    "text_version": event.text_version,
                    "ip_address": event.ip_address,
                }
                for event in history
            ]
        )
        if self.gdpr_prospect_type:
            # a prospect's own source and URL stay; the strictest state is taken
            values = dict(values, gdpr_source_id=self.gdpr_source_id.id, gdpr_source_url=self.gdpr_source_url)
        self.with_context(gdpr_channel="manual", mail_notrack=True).write(values)
