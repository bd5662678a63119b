from odoo import api, models, tools
from odoo.addons.gdpr_prospection.policy import outgoing


class GdprOutgoingGate(models.AbstractModel):
    """Lead prospects' addresses count: a mail to the address of a lead
    prospect (typed in clear, or, on a lead, through a partner that holds
    the same address) obeys the lead's state. The strictest rule wins."""

    _inherit = "gdpr.outgoing.gate"

    @api.model
    def _refusals(self, partners, emails, kind, phones=None, model=None, channel=outgoing.EMAIL):
        by_partner, by_email, by_phone = super()._refusals(
            partners, emails, kind, phones=phones, model=model, channel=channel
        )
        typed = {address for email in emails for address in tools.email_normalize_all(email or "")}
        # on a lead, its person is reached through whatever partner holds the address
        partner_emails = {}
        if model == "crm.lead":
            partners = partners.sudo().with_context(active_test=False)
            partner_emails = {p.id: p.email_normalized for p in partners if p.email_normalized}
        addresses = typed | set(partner_emails.values())
        lead_refusals = self._lead_refusals(addresses, kind, channel)
        if not lead_refusals:
            return by_partner, by_email, by_phone
        for address in typed:
            if address in lead_refusals and address not in by_email:
                by_email[address] = lead_refusals[address]
        for partner_id, address in partner_emails.items():
            if address in lead_refusals and partner_id not in by_partner:
                by_partner[partner_id] = lead_refusals[address]
        return by_partner, by_email, by_phone

    @api.model
    def _lead_refusals(self, addresses, kind, channel=outgoing.EMAIL):
        """{normalized_email: reason} for the addresses held by a lead
        prospect that may not get a message of ``kind`` by ``channel``."""
        if not addresses:
            return {}
        leads = (
            self.env["crm.lead"]
            .sudo()
            .with_context(active_test=False)
            .search(
                [
                    ("email_normalized", "in", list(addresses)),
                    "|",
                    ("gdpr_prospect_type", "!=", False),
                    ("gdpr_inbound_channel", "!=", False),
                ]
            )
        )
        if not leads:
            return {}
        suppressed = self.env["gdpr.blacklist"].sudo()._screen(emails=list(addresses), phones=[])
        due = self.env["gdpr.purge.due"]._erasure_reasons(leads)
        fields = [*outgoing.VALUE_FIELDS, outgoing.INBOUND_FIELD]
        refusals = {}
        for lead, values in zip(leads, leads.read([*fields, "email_normalized"], load=False), strict=True):
            address = values["email_normalized"]
            reason = outgoing.refusal(values, address in suppressed, kind, erasure_due=lead.id in due, channel=channel)
            # several leads of one address: the rule checked first wins
            if reason:
                refusals[address] = min(reason, refusals.get(address, reason), key=outgoing.REASONS.index)
        return refusals
