from odoo import api, models
from odoo.addons.gdpr_prospection.policy import channel_consent, minimisation, professional
from odoo.exceptions import ValidationError
from odoo.tools import format_date

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
    _gdpr_lang_field = "lang_code"
    # the person's text, neutralised against spreadsheet formulas on export
    _gdpr_text_fields = ("name", "contact_name", "partner_name", "function", "street", "street2", "zip", "city")

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

    @api.model
    def _gdpr_need_to_know_groups(self):
        # as the record rule crm_lead_rule_gdpr_prospect: the sales users see the company's lead prospects
        return (*super()._gdpr_need_to_know_groups(), "sales_team.group_sale_salesman")

    def _gdpr_access_fields(self):
        return (
            "contact_name",
            "email_from",
            "phone",
            "mobile",
            "function",
            "partner_name",
            "title",
            "street",
            "street2",
            "zip",
            "city",
            "state_id",
            "country_id",
            "lang_id",
        )

    # --- notices ---

    @api.model
    def _gdpr_notice_template(self, prospect_type):
        return self.env.ref(f"gdpr_prospection_crm.mail_template_gdpr_lead_notice_{prospect_type}")

    def _gdpr_renewal_template(self, prospect_type):
        return self.env.ref(f"gdpr_prospection_crm.mail_template_gdpr_lead_renewal_{prospect_type}")

    def _gdpr_personal_values(self, lang):
        """[(placeholder, value)] of what a notice may show of this lead's
        person, as rendered in ``lang``: what a notice version replaces."""
        self.ensure_one()
        collected_on = format_date(self.env, self.gdpr_collected_on, lang_code=lang) if self.gdpr_collected_on else ""
        return [
            ("[name]", self.contact_name),
            ("[email]", self.email_from),
            ("[email]", self.email_normalized),
            ("[job title]", self.function),
            ("[employer]", self.partner_name or self.partner_id.commercial_partner_id.name),
            ("[phone]", self.phone),
            ("[phone]", self.mobile),
            ("[source URL]", self.gdpr_source_url),
            ("[collection date]", collected_on),
        ]

    def _gdpr_data_categories(self):
        """What the company holds about this lead's person, in plain words:
        every personal field that holds a value."""
        self.ensure_one()
        address = self.env._("postal address")
        words = {
            "contact_name": self.env._("name"),
            "email_from": self.env._("email address"),
            "function": self.env._("job title"),
            "partner_name": self.env._("employer"),
            "phone": self.env._("phone number"),
            "mobile": self.env._("phone number"),
            "lang_id": self.env._("language"),
            "title": self.env._("title"),
            "street": address,
            "street2": address,
            "zip": address,
            "city": address,
            "state_id": address,
            "country_id": address,
        }
        categories = []
        for name, word in words.items():
            if name in self._fields and self[name] and word not in categories:
                categories.append(word)
        categories.append(self.env._("where and when the data was collected"))
        return ", ".join(categories)

    # --- a partner the user may not read ---

    def _gdpr_with_masked_partner(self):
        """The leads whose partner is a prospect the user may not read: a
        salesperson outside the prospection roles, once the lead's person
        has their own partner (a conversion, the chatter)."""
        masked = self.partner_id._gdpr_masked()
        return self.filtered(lambda lead: lead.partner_id in masked)

    def _gdpr_compute_reading_the_partner(self, method):
        """Run core's compute ``method``, which compares the lead with its
        partner, as the system for the leads whose partner is masked (the
        user would meet an access error on their own lead); it tells
        nothing the lead itself does not show."""
        hidden = self._gdpr_with_masked_partner()
        getattr(super(CrmLead, hidden.sudo()), method)()
        return getattr(super(CrmLead, self - hidden), method)()

    def _compute_potential_lead_duplicates(self):
        return self._gdpr_compute_reading_the_partner("_compute_potential_lead_duplicates")

    def _compute_partner_email_update(self):
        return self._gdpr_compute_reading_the_partner("_compute_partner_email_update")

    def _compute_partner_phone_update(self):
        return self._gdpr_compute_reading_the_partner("_compute_partner_phone_update")

    # --- conversion: the partner carries the regime ---

    def _prepare_customer_values(self, partner_name, is_company=False, parent_id=False):
        """A prospect's partner holds no more than a prospect may (GDPR
        Art. 5(1)(c)); the company's partner holds none of the person's data."""
        values = super()._prepare_customer_values(partner_name, is_company=is_company, parent_id=parent_id)
        lead = self.sudo()
        if not lead.gdpr_prospect_type:
            return values
        if is_company:
            # the person's address, phones and job stay on the person's partner
            values.update(email=False, phone=False, mobile=False, function=False, title=False)
            return values
        company = lead.company_id or self.env.company
        holds_numbers = channel_consent.holds_numbers(lead.gdpr_phone_consent_state, lead.gdpr_sms_consent_state)
        for name in minimisation.forbidden_fields(
            values, company._gdpr_allowed_field_names(), lead.gdpr_prospect_type, holds_numbers
        ):
            values[name] = False
        return values

    def _message_post_after_hook(self, message, msg_vals):
        """The chatter makes a contact of a lead's suggested recipient (its
        person, by address; the chatter's route names them in the context),
        and core links it to the leads of that address: holding the lead's
        person, the contact carries the lead's regime, as a conversion's
        would. The route let the message through, so the person may be
        reached: the lead's state is the contact's."""
        result = super()._message_post_after_hook(message, msg_vals)
        suggested = set(self.env.context.get("gdpr_suggested_emails") or ())
        contacts = message.partner_ids.filtered(lambda partner: partner.email_normalized in suggested)
        if contacts:
            leads = (
                self.sudo()
                .with_context(active_test=False)
                .search([("partner_id", "in", contacts.ids), ("gdpr_prospect_type", "!=", False)])
            )
            leads._gdpr_carry_to_partner()
        return result

    def _handle_partner_assignment(self, force_partner_id=False, create_missing=True):
        result = super()._handle_partner_assignment(force_partner_id=force_partner_id, create_missing=create_missing)
        self._gdpr_carry_to_partner()
        return result

    def _gdpr_carry_to_partner(self):
        """The partner a prospect lead's conversion created or linked becomes
        the same prospect: type, source, collection date, basis, notice and
        consent states (email, phone, SMS), with a copy of the lead's evidence (the consent's
        proof included). A partner already under the regime, a company, a
        converted customer or a partner with a history of its own (a user, an
        invoice: a customer, whom the purge must not erase) keeps its state."""
        Event = self.env["gdpr.event"].sudo()
        Scrubber = self.env["gdpr.purge.scrubber"].sudo()
        leads = self.sudo().filtered(lambda lead: lead.gdpr_prospect_type and lead.partner_id)
        histories = Scrubber._prior_history(leads.partner_id)
        for lead in leads:
            partner = lead.partner_id
            if partner.gdpr_prospect_type or partner.is_company or partner.gdpr_converted_on:
                continue
            if histories.get(partner.id):
                continue
            history = Event.search([("res_model", "=", lead._name), ("res_id", "=", lead.id)], order="date, id")
            note = self.env._("From lead #%(id)s", id=lead.id)
            Event.create(
                [
                    {
                        "event_type": event.event_type,
                        "date": event.date,
                        "channel": event.channel,
                        "user_id": event.user_id.id,
                        "res_model": partner._name,
                        "res_id": partner.id,
                        "partner_id": partner.id,
                        "partner_ref": partner.id,
                        "email_hash": event.email_hash,
                        "company_id": event.company_id.id,
                        "note": f"{note}: {event.note}" if event.note else note,
                        "text_version": event.text_version,
                        "ip_address": event.ip_address,
                    }
                    for event in history
                ]
            )
            # a professional is known by their job (CPCE L34-5): a contact made
            # elsewhere than by conversion (the chatter) takes the lead's
            profession = {}
            if lead.gdpr_prospect_type == "b2b" and not partner.function and lead.function:
                profession["function"] = lead.function
            if lead.gdpr_prospect_type == "b2b" and not (partner.parent_id or partner.company_name):
                profession["company_name"] = lead.partner_name
            partner.with_context(gdpr_channel="manual").write(
                {
                    **profession,
                    "company_id": lead.company_id.id,
                    "gdpr_prospect_type": lead.gdpr_prospect_type,
                    "gdpr_source_id": lead.gdpr_source_id.id,
                    "gdpr_source_url": lead.gdpr_source_url,
                    "gdpr_collected_on": lead.gdpr_collected_on,
                    "gdpr_lawful_basis": lead.gdpr_lawful_basis,
                    "gdpr_notice_sent_on": lead.gdpr_notice_sent_on,
                    "gdpr_consent_state": lead.gdpr_consent_state,
                    "gdpr_phone_consent_state": lead.gdpr_phone_consent_state,
                    "gdpr_phone_consent_on": lead.gdpr_phone_consent_on,
                    "gdpr_sms_consent_state": lead.gdpr_sms_consent_state,
                    "gdpr_sms_consent_on": lead.gdpr_sms_consent_on,
                    "gdpr_objected_on": lead.gdpr_objected_on,
                    "gdpr_last_contact_on": lead.gdpr_last_contact_on,
                }
            )
