from contextlib import contextmanager
from contextvars import ContextVar

from odoo import api, fields, models
from odoo.addons.gdpr_prospection.policy import purge, retention
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..policy import leads

# The path that is creating leads from the person's own message (a website
# form, a mail to an alias, a live chat), while it creates them: a context key
# would come with any RPC call, this cannot.
INBOUND_CHANNEL = ContextVar("gdpr_inbound_channel", default=None)

# the evidence's channel for each path the person came through
EVIDENCE_CHANNELS = {"website": "web", "mail": "email", "livechat": "chat"}


@contextmanager
def leads_from_the_person(channel):
    """Leads created inside this block came from the person through ``channel``."""
    token = INBOUND_CHANNEL.set(channel)
    try:
        yield
    finally:
        INBOUND_CHANNEL.reset(token)


class CrmLead(models.Model):
    """Leads the person made themself: a website form, a mail to an alias, a
    live chat. They are no Article 14 prospects (the person gave the data,
    Art. 13), so no notice and no consent clock; they rest on the basis the
    DPO set for their channel, and keep the prospects' retention, objection
    and erasure. The suppression list still keeps every marketing message
    from them; a reply to their own request leaves."""

    _inherit = "crm.lead"

    gdpr_inbound_channel = fields.Selection(
        [("website", "Website form"), ("mail", "Email to an alias"), ("livechat", "Live chat")],
        string="Came from the person through",
        groups="gdpr_prospection.group_gdpr_user",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The person wrote to us: the data was not collected from a public source (no Article 14 notice). "
        "The lead rests on the lawful basis the DPO set for this channel and is erased at the end of its "
        "retention or at once when the person objects.",
    )
    gdpr_lawful_basis = fields.Selection(
        selection_add=[("contract", "Steps the person asked for (Art. 6(1)(b))")],
        ondelete={"contract": "set null"},
    )

    @api.depends("gdpr_inbound_channel")
    def _compute_gdpr_lawful_basis(self):
        result = super()._compute_gdpr_lawful_basis()
        for lead in self:
            if lead.gdpr_inbound_channel and not lead.gdpr_prospect_type:
                company = lead.company_id or self.env.company
                lead.gdpr_lawful_basis = company._gdpr_inbound_basis(lead.gdpr_inbound_channel)
        return result

    @api.depends("gdpr_inbound_channel")
    def _compute_gdpr_retention_until(self):
        result = super()._compute_gdpr_retention_until()
        for lead in self:
            if lead.gdpr_inbound_channel and not lead.gdpr_prospect_type:
                months = (lead.company_id or self.env.company).gdpr_retention_months
                lead.gdpr_retention_until = retention.retention_until(
                    lead.gdpr_collected_on, lead.gdpr_last_contact_on, months
                )
        return result

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        channel = INBOUND_CHANNEL.get()
        if channel:
            records._gdpr_record_inbound(channel)
        return records

    def _gdpr_record_inbound(self, channel):
        """These leads came from the person through ``channel``: the day they
        wrote is the collection date, the channel's basis applies, and the
        evidence says so. A lead already prospected, or that names no
        person, is left as it is."""
        persons = self.sudo().filtered(
            lambda lead: (
                not lead.gdpr_prospect_type
                and not lead.gdpr_inbound_channel
                and not leads.holds_only_a_company(lead.contact_name, lead.email_from)
            )
        )
        if not persons:
            return persons
        persons.write({"gdpr_inbound_channel": channel, "gdpr_collected_on": fields.Date.context_today(self)})
        self.env["gdpr.event"]._log(persons, "collected", EVIDENCE_CHANNELS[channel])
        return persons

    def _gdpr_check_recorded_fields(self, vals):
        """Only the paths the person comes through record the channel."""
        result = super()._gdpr_check_recorded_fields(vals)
        if not self.env.su and vals.get("gdpr_inbound_channel"):
            raise UserError(
                self.env._(
                    "“%(field)s” cannot be written directly: it is set when the person writes to us through a "
                    "website form, an alias or a live chat.",
                    field=self._fields["gdpr_inbound_channel"].get_description(self.env)["string"],
                )
            )
        return result

    # --- the regime: retention and erasure ---

    def _gdpr_in_regime(self):
        return self.filtered(lambda lead: lead.gdpr_prospect_type or lead.gdpr_inbound_channel)

    @api.model
    def _gdpr_purge_fact_columns(self):
        return (*super()._gdpr_purge_fact_columns(), purge.INBOUND_FIELD)

    @api.model
    def _gdpr_purge_guard_domain(self):
        """Prospect leads, and leads the person made that did not become a
        won deal (a customer relationship the purge must not erase)."""
        return [
            "|",
            ("gdpr_prospect_type", "!=", False),
            "&",
            ("gdpr_inbound_channel", "!=", False),
            "|",
            ("stage_id", "=", False),
            ("stage_id.is_won", "=", False),
        ]

    @api.model
    def _gdpr_purge_protected_ids(self, ids):
        protected = super()._gdpr_purge_protected_ids(ids)
        if not ids:
            return protected
        rows = self.env.execute_query(
            SQL(
                """SELECT lead.id FROM crm_lead lead JOIN crm_stage stage ON stage.id = lead.stage_id
                    WHERE lead.id = ANY(%s) AND lead.gdpr_prospect_type IS NULL AND stage.is_won""",
                list(ids),
            )
        )
        return protected | {row[0] for row in rows}

    @api.model
    def _gdpr_recompute_company_dates(self, companies):
        result = super()._gdpr_recompute_company_dates(companies)
        self.flush_model(["gdpr_inbound_channel"])
        for company in companies:
            self.env.cr.execute(
                SQL(
                    """UPDATE crm_lead
                          SET gdpr_retention_until = GREATEST(gdpr_collected_on, gdpr_last_contact_on)
                                                     + make_interval(months => %s)
                        WHERE company_id = %s AND gdpr_prospect_type IS NULL AND gdpr_inbound_channel IS NOT NULL""",
                    min(company.gdpr_retention_months, retention.MAX_RETENTION_MONTHS),
                    company.id,
                )
            )
        self.invalidate_model(["gdpr_retention_until"])
        return result

    # --- the paths the person comes through ---

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        with leads_from_the_person("mail"):
            return super().message_new(msg_dict, custom_values=custom_values)
