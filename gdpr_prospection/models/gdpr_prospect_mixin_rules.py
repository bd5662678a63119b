from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..policy import consent


class GdprProspectMixinRules(models.AbstractModel):
    """The invariants of a record under the prospect regime (the mixin's
    fields being in gdpr_prospect_mixin.py): what a record must hold, whom
    the suppression list forbids, and what a create or a write may change."""

    _inherit = "gdpr.prospect.mixin"

    @api.constrains("gdpr_prospect_type", "gdpr_source_id", "gdpr_lawful_basis", "company_id")
    def _check_gdpr_prospect(self):
        for record in self.filtered("gdpr_prospect_type"):
            if not record.company_id:
                raise ValidationError(
                    self.env._(
                        "The prospect %(name)s belongs to the company that collected it.", name=record.display_name
                    )
                )
            if not record.gdpr_source_id:
                raise ValidationError(
                    self.env._(
                        "The prospect %(name)s needs a data source (GDPR Art. 14(2)(f)).", name=record.display_name
                    )
                )
            if record.gdpr_prospect_type == "b2c" and record.gdpr_lawful_basis != "consent":
                raise ValidationError(
                    self.env._(
                        "%(name)s is prospected as a consumer (B2C): the only lawful basis is consent, "
                        "never legitimate interest (GDPR Art. 6(1)(a), CPCE L34-5).",
                        name=record.display_name,
                    )
                )

    @api.constrains("gdpr_consent_state")
    def _check_gdpr_consent_evidence(self):
        for state, event_type in consent.EVIDENCE_REQUIRED.items():
            records = self.filtered(lambda r, s=state: r.gdpr_prospect_type and r.gdpr_consent_state == s)
            if not records:
                continue
            proven = self.env["gdpr.event"]._records_with_event(records, event_type)
            for record in records:
                if record.id not in proven:
                    raise ValidationError(
                        self.env._(
                            "The consent of %(name)s cannot become “%(state)s” without a recorded "
                            "consent event (GDPR Art. 7(1)).",
                            name=record.display_name,
                            state=dict(self._fields["gdpr_consent_state"]._description_selection(self.env))[state],
                        )
                    )

    @api.constrains(lambda self: ["gdpr_prospect_type", self._gdpr_email_field, *self._gdpr_phone_fields])
    def _check_gdpr_suppression(self):
        prospects = self.filtered("gdpr_prospect_type")
        if not prospects:
            return
        hits = self.env["gdpr.blacklist"].sudo()._screen(prospects._gdpr_emails(), prospects._gdpr_phones())
        blocked = prospects.filtered(lambda r: set(r._gdpr_emails() + r._gdpr_phones()) & hits)
        if blocked:
            raise ValidationError(
                self.env._(
                    "%(names)s objected to prospection or refused it: the suppression list "
                    "forbids prospecting them again.",
                    names=", ".join(blocked.mapped("display_name")),
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        today = fields.Date.context_today(self)
        for vals in vals_list:
            if vals.get("gdpr_prospect_type"):
                # a prospect belongs to the company that collected it
                vals["gdpr_collected_on"] = vals.get("gdpr_collected_on") or today
                vals["company_id"] = vals.get("company_id") or self.env.company.id
        records = super().create(vals_list)
        prospects = records.filtered("gdpr_prospect_type")
        if prospects:
            self.env["gdpr.event"]._log(prospects, "collected", self._gdpr_channel())
        return records

    def write(self, vals):
        if self.env.context.get("gdpr_erasure"):
            # the purge blanks the regime's fields of what it anonymises
            return super().write(vals)
        if "gdpr_consent_state" in vals:
            self._gdpr_check_consent_transition(vals["gdpr_consent_state"])
        newcomers = self.browse()
        if vals.get("gdpr_prospect_type") and "company_id" in vals and not vals["company_id"]:
            vals = dict(vals, company_id=self.env.company.id)
        if "gdpr_prospect_type" in vals:
            if vals["gdpr_prospect_type"]:
                newcomers = self.filtered(lambda r: not r.gdpr_prospect_type)
                homeless = newcomers.filtered(lambda r: not r.company_id)
                if homeless and not vals.get("company_id"):
                    # records turned into prospects belong to the current company
                    homeless.write({"company_id": self.env.company.id})
            elif not vals.get("gdpr_converted_on") and self.filtered("gdpr_prospect_type"):
                raise UserError(
                    self.env._(
                        "A prospect leaves the prospect regime through a recorded conversion (“Convert to customer”)."
                    )
                )
        res = super().write(vals)
        if newcomers:
            self.env["gdpr.event"]._log(newcomers, "collected", self._gdpr_channel())
        return res
