from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..policy import clocks, consent, inputs
from ..roles import GDPR_DPO, GDPR_USER


class GdprProspectMixinRules(models.AbstractModel):
    """The invariants of a record under the prospect regime (the mixin's
    fields being in gdpr_prospect_mixin.py): what a record must hold, whom
    the suppression list forbids, and what a create or a write may change."""

    _inherit = "gdpr.prospect.mixin"

    # text a person's record holds that a spreadsheet must never run as a
    # formula once exported (not the addresses, phones and URLs: a phone
    # number starts with + legitimately); fields the model lacks are ignored
    _gdpr_text_fields = ("name", "function", "company_name", "street", "street2", "zip", "city")
    # addresses that notices and pages may render as links: http(s) only
    _gdpr_web_url_fields = ("gdpr_source_url", "website")

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

    @api.constrains("gdpr_prospect_type", "gdpr_source_id")
    def _check_gdpr_source_reuse(self):
        """Checked when a record becomes a prospect or changes source: a
        prospect collected before the DPO unticked the source stays."""
        self.filtered("gdpr_prospect_type").gdpr_source_id.sudo()._check_reuse_allowed()

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
        if self._gdpr_erasing():
            # the purge's own suppression entries: what it recomputes is about to go
            return
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

    @api.constrains(lambda self: ["gdpr_prospect_type", *self._gdpr_url_fields()])
    def _check_gdpr_web_urls(self):
        names = self._gdpr_url_fields()
        for record in self.filtered("gdpr_prospect_type"):
            for name in names:
                if record[name] and not inputs.is_web_url(record[name]):
                    raise ValidationError(
                        self.env._(
                            "“%(field)s” only takes a web address that starts with http:// or https://: "
                            "“%(value)s” is refused.",
                            field=record._fields[name].get_description(self.env)["string"],
                            value=record[name],
                        )
                    )

    def _gdpr_url_fields(self):
        return [name for name in self._gdpr_web_url_fields if name in self._fields]

    def _gdpr_neutralise_text(self, vals):
        """``vals`` with its person's text that starts like a formula
        (``=``, ``+``, ``-``, ``@``...) prefixed with a single quote, so that
        no export of a prospect runs it."""
        names = [name for name in self._gdpr_text_fields if name in vals and name in self._fields]
        if not any(inputs.neutralise_formula(vals[name]) != vals[name] for name in names):
            return vals
        return dict(vals, **{name: inputs.neutralise_formula(vals[name]) for name in names})

    @api.constrains("gdpr_collected_on", "gdpr_last_contact_on")
    def _check_gdpr_dates(self):
        today = fields.Date.context_today(self)
        for record in self.filtered("gdpr_prospect_type"):
            for name in ("gdpr_collected_on", "gdpr_last_contact_on"):
                if record[name] and record[name] > today:
                    raise ValidationError(
                        self.env._(
                            "%(field)s of %(name)s cannot be in the future.",
                            field=record._fields[name].get_description(self.env)["string"],
                            name=record.display_name,
                        )
                    )

    def _gdpr_erasing(self):
        """Whether this is the purge erasing records (superuser mode, which no
        RPC call can reach, and the eraser's context)."""
        return self.env.su and bool(self.env.context.get("gdpr_erasure"))

    def _gdpr_check_recorded_fields(self, vals):
        """Refuse a write of a field that only the regime's actions set
        (notice left, answer, contact, conversion, computed dates), by any
        user, the DPO included: those actions write in superuser mode, which
        no RPC call and no context key can reach."""
        if self.env.su:
            return
        written = clocks.recorded_fields_written(vals)
        if not written:
            return
        name = written[0]
        label = self._fields[name].get_description(self.env)["string"]
        actions = {
            clocks.NOTICE: self.env._("it is set when the GDPR notice has really left (“Send GDPR notice”)"),
            clocks.ANSWER: self.env._("it changes when the person's answer is recorded (“Record an answer”)"),
            clocks.CONTACT: self.env._("it is set by a contact from the prospect (“Log contact from the prospect”)"),
            clocks.CONVERSION: self.env._("it is set by “Convert to customer”"),
            clocks.COMPUTED: self.env._(
                "it follows from the collection date, the last contact and the company's retention period"
            ),
            clocks.PHONE_ANSWER: self.env._(
                "it changes when the person's phone consent is recorded (“Record an answer”)"
            ),
            clocks.SMS_ANSWER: self.env._("it changes when the person's SMS consent is recorded (“Record an answer”)"),
            clocks.CALL_GUARD: self.env._("it counts the calls that the phone canvassing rules refused"),
            clocks.RENEWAL: self.env._("it is set when the renewal mail is sent, once per retention period"),
        }
        raise UserError(
            self.env._(
                "“%(field)s” cannot be written directly: %(action)s.",
                field=label,
                action=actions[clocks.RECORDED_FIELDS[name]],
            )
        )

    def _gdpr_check_no_prior_history(self):
        """Hook: refuse records that already have a life outside the regime,
        which the purge would erase with them."""

    def _gdpr_check_collection_date(self, new):
        """The collection date is set once; then only the DPO corrects it,
        to an earlier date (GDPR Art. 5(1)(e): retention never moves later)."""
        if self.env.su:
            return
        today = fields.Date.context_today(self)
        new = fields.Date.to_date(new)
        is_dpo = self.env.user.has_group(GDPR_DPO)
        for record in self.filtered("gdpr_prospect_type"):
            refusal = clocks.collection_date_refusal(record.gdpr_collected_on, new, today, is_dpo)
            if refusal:
                messages = {
                    clocks.COLLECTED_EMPTY: self.env._("A prospect keeps the date its data was collected."),
                    clocks.COLLECTED_IN_FUTURE: self.env._("The collection date cannot be in the future."),
                    clocks.COLLECTED_LATER: self.env._(
                        "The collection date of %(name)s cannot move later: retention counts from the first "
                        "collection. Finding the person again is recorded by an import (“Record the new source”).",
                        name=record.display_name,
                    ),
                    clocks.COLLECTED_NOT_DPO: self.env._(
                        "Only the data protection officer corrects the collection date of %(name)s.",
                        name=record.display_name,
                    ),
                }
                raise UserError(messages[refusal])

    def copy_data(self, default=None):
        """A copy holds the same person's data: the regime's fields follow it,
        also when a user outside the prospection roles (a salesperson who
        duplicates a lead or a contact) copies it, who could not read them."""
        if self.env.su or self.env.user.has_group(GDPR_USER):
            return super().copy_data(default)
        default = dict(default or {})
        names = [
            name
            for name, field in self._fields.items()
            if name.startswith("gdpr_") and field.copy and field.store and name not in default
        ]
        vals_list = []
        for record in self:
            regime = {name: record._fields[name].convert_to_write(record.sudo()[name], record) for name in names}
            vals_list += super(GdprProspectMixinRules, record).copy_data(dict(default, **regime))
        return vals_list

    @api.model_create_multi
    def create(self, vals_list):
        today = fields.Date.context_today(self)
        for vals in vals_list:
            if not self.env.su:
                # an empty value sets nothing (a form or a file sends them)
                for name in clocks.recorded_fields_written(vals):
                    if not vals[name]:
                        del vals[name]
            self._gdpr_check_recorded_fields(vals)
        vals_list = [self._gdpr_neutralise_text(vals) if vals.get("gdpr_prospect_type") else vals for vals in vals_list]
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
        if self._gdpr_erasing():
            # the purge blanks the regime's fields of what it anonymises
            return super().write(vals)
        neutral = self._gdpr_neutralise_text(vals)
        if neutral is not vals and not vals.get("gdpr_prospect_type"):
            prospects = self.sudo().filtered("gdpr_prospect_type").with_env(self.env)
            if prospects and prospects != self:
                # only the prospects' text is neutralised
                return (self - prospects).write(vals) and prospects.write(vals)
            if not prospects:
                neutral = vals
        vals = neutral
        self._gdpr_check_recorded_fields(vals)
        if "gdpr_consent_state" in vals:
            self._gdpr_check_consent_transition(vals["gdpr_consent_state"])
        if "gdpr_collected_on" in vals:
            self._gdpr_check_collection_date(vals["gdpr_collected_on"])
        newcomers = self.browse()
        if vals.get("gdpr_prospect_type") and "company_id" in vals and not vals["company_id"]:
            vals = dict(vals, company_id=self.env.company.id)
        if "gdpr_prospect_type" in vals:
            if vals["gdpr_prospect_type"]:
                newcomers = self.filtered(lambda r: not r.gdpr_prospect_type)
                newcomers._gdpr_check_no_prior_history()
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
