from odoo.addons.gdpr_prospection_crm.models.crm_lead_inbound import leads_from_the_person
from odoo.addons.website_crm.controllers.website_form import WebsiteForm


class GdprWebsiteForm(WebsiteForm):
    def insert_record(self, request, model, values, custom, meta=None):
        """A lead sent from a website form: the visitor typed their data."""
        if model.sudo().model != "crm.lead":
            return super().insert_record(request, model, values, custom, meta=meta)
        with leads_from_the_person("website"):
            return super().insert_record(request, model, values, custom, meta=meta)
