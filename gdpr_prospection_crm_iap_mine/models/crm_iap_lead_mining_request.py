from odoo import fields, models
from odoo.exceptions import UserError

LEAD_GENERATION_URL = "https://iap.odoo.com"


class CrmIapLeadMiningRequest(models.Model):
    """A mining of companies and their contacts brings people's data that
    the company did not collect from them: each lead with a contact is a
    B2B prospect (Art. 14 notice within a month, suppression list, purge),
    from the Lead Generation data source. The source must allow reuse
    before the request is sent, so that no credit is spent on contacts that
    could not be kept."""

    _inherit = "crm.iap.lead.mining.request"

    def _perform_request(self):
        for request in self.filtered(lambda r: r.search_type == "people"):
            source = request._gdpr_source()
            if not source or not source.reuse_allowed:
                raise UserError(
                    self.env._(
                        "Lead Generation brings people's data from a data provider: the data protection officer "
                        "must first check its terms and tick “Terms allow reuse” on the data source “%(name)s” "
                        "(Contacts > Prospection > Data sources; GDPR Art. 5(1)(a), 14).",
                        name=source.name if source else "Odoo Lead Generation (IAP)",
                    )
                )
        return super()._perform_request()

    def _gdpr_company(self):
        return self.team_id.company_id or self.env.company

    def _gdpr_source(self):
        """The company's Lead Generation data source (by its address)."""
        return (
            self.env["gdpr.data.source"]
            .sudo()
            .search([("base_url", "=", LEAD_GENERATION_URL), ("company_id", "=", self._gdpr_company().id)], limit=1)
        )

    def _lead_vals_from_response(self, data):
        vals = super()._lead_vals_from_response(data)
        if data.get("people_data"):
            vals.update(
                {
                    "gdpr_prospect_type": "b2b",
                    "gdpr_source_id": self._gdpr_source().id,
                    "gdpr_source_url": vals.get("website") or LEAD_GENERATION_URL,
                    "gdpr_collected_on": fields.Date.context_today(self),
                }
            )
        return vals
