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

    gdpr_suppressed_count = fields.Integer(
        string="Left out (suppression list)",
        readonly=True,
        copy=False,
        help="Contacts of the answer on the suppression list: they objected or asked to be erased, so they "
        "are in no lead and no note.",
    )

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

    def _create_leads_from_response(self, result):
        """The contacts on the suppression list are left out before any lead
        exists: a person who objected is never collected again."""
        emails = [person.get("email") for data in result for person in (data.get("people_data") or [])]
        phones = [person.get("phone") for data in result for person in (data.get("people_data") or [])]
        suppressed = (
            self.env["gdpr.blacklist"]
            .sudo()
            ._screen(emails=[email for email in emails if email], phones=[phone for phone in phones if phone])
        )
        kept, left_out = [], 0
        for data in result:
            people = data.get("people_data") or []
            allowed = [person for person in people if not ({person.get("email"), person.get("phone")} & suppressed)]
            left_out += len(people) - len(allowed)
            if people and not allowed:
                continue  # the lead would be that person's
            kept.append(dict(data, people_data=allowed) if people else data)
        self.gdpr_suppressed_count = left_out
        return super()._create_leads_from_response(kept)

    def _gdpr_company(self):
        return self.team_id.company_id or self.env.company

    def _gdpr_source(self):
        """The company's Lead Generation data source (by its address; one
        whose reuse the DPO allowed first)."""
        return (
            self.env["gdpr.data.source"]
            .sudo()
            .search(
                [("base_url", "=", LEAD_GENERATION_URL), ("company_id", "=", self._gdpr_company().id)],
                order="reuse_allowed desc, id",
                limit=1,
            )
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
