from odoo import api, models
from odoo.addons.gdpr_prospection.policy import professional
from odoo.exceptions import ValidationError

from ..policy import leads


class CrmLead(models.Model):
    """Leads under the prospect regime (gdpr.prospect.mixin): the same
    fields, checks, clocks, evidence and purge as partners, on the lead's
    own address fields. A lead that holds only a company's data is no
    prospect."""

    _name = "crm.lead"
    _inherit = ["crm.lead", "gdpr.prospect.mixin"]

    _gdpr_email_field = "email_from"
    _gdpr_phone_fields = ("phone", "mobile")

    def _compute_company_id(self):
        # core empties the company of a lead nobody is assigned to; a prospect
        # stays with the company that collected it (the controller)
        collectors = {lead: lead.company_id for lead in self if lead.gdpr_prospect_type and lead.company_id}
        result = super()._compute_company_id()
        for lead, company in collectors.items():
            if not lead.company_id:
                lead.company_id = company
        return result

    @api.constrains("gdpr_prospect_type", "contact_name", "email_from")
    def _check_gdpr_lead_holds_a_person(self):
        if self._gdpr_erasing():
            return
        for lead in self.filtered("gdpr_prospect_type"):
            if leads.holds_only_a_company(lead.contact_name, lead.email_from):
                raise ValidationError(
                    self.env._(
                        "The lead %(name)s holds only a company's data (no contact name, a generic address "
                        "such as info@ or contact@): it is not a prospect. Give the person's name or address, "
                        "or leave “Prospected as” empty.",
                        name=lead.display_name,
                    )
                )

    @api.constrains("gdpr_prospect_type", "function", "partner_name", "partner_id")
    def _check_gdpr_b2b_is_professional(self):
        if self._gdpr_erasing():
            return  # the employer's partner may be the one erased
        for lead in self:
            employer = lead.partner_name or lead.partner_id.commercial_partner_id.is_company
            if professional.lacks_profession(lead.gdpr_prospect_type, lead.function, employer):
                raise ValidationError(
                    self.env._(
                        "The lead %(name)s is prospected as a professional (B2B): give the person's job title "
                        "or their company. Without consent, a message may only reach a professional about "
                        "their profession (CPCE L34-5).",
                        name=lead.display_name,
                    )
                )
