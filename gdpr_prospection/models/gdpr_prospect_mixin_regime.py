from collections import defaultdict

from odoo import api, models
from odoo.tools import SQL

from ..policy import consent, purge, retention
from ..roles import GDPR_USER


class GdprProspectMixinRegime(models.AbstractModel):
    """Which records of a model the regime holds, which the purge may touch,
    and the company's delays applied to all of them at once."""

    _inherit = "gdpr.prospect.mixin"

    # --- what the purge may touch ---

    @api.model
    def _gdpr_purge_guard_domain(self):
        """Records the purge may consider: prospects (converted ones are not).
        Models add what they must never lose."""
        return [("gdpr_prospect_type", "!=", False)]

    @api.model
    def _gdpr_purge_fact_columns(self):
        """The columns the erasure rule reads of a record of this model."""
        return purge.VALUE_FIELDS

    @api.model
    def _gdpr_need_to_know_groups(self):
        """The groups whose users see this model's prospects (of their
        companies), as the model's record rule says: the prospection roles.
        A model whose rule lets more roles in names them here too."""
        return (GDPR_USER,)

    def _gdpr_other_records_of_the_person(self):
        """[records of one model, ...]: the records under the regime, of
        every model, that hold the address of one of these (the same person,
        or a variant of their mailbox) in the same company (another company
        is another controller, whom the person did not answer), these left
        out."""
        found = defaultdict(set)
        Request = self.env["gdpr.request"].sudo()
        for record in self.sudo():
            for email in record._gdpr_emails():
                for other in Request._regime_records(email):
                    if other.company_id == record.company_id:
                        found[other._name].add(other.id)
        found[self._name] -= set(self.ids)
        return [self.env[name].sudo().browse(sorted(ids)) for name, ids in found.items() if ids]

    def _gdpr_answer_spread(self, answer, channel, *args):
        """Apply an answer that ends processing, given through another record
        of the person, to these where it applies: an objection everywhere, a
        refusal or a withdrawal where a consent was asked or given."""
        records = self
        if answer != "objection":
            state = consent.ANSWER_STATES[answer]
            records = self.filtered(
                lambda r: r.gdpr_consent_state != state and consent.is_allowed_transition(r.gdpr_consent_state, state)
            )
        return records._gdpr_answer(answer, channel, *args)

    def _gdpr_notice_spread(self, prospect_type, text_version):
        """The person got the notice through another record of theirs (a
        lead and its partner): these, prospected the same way and not
        informed yet, are informed by the same text (GDPR Art. 14 is about
        the person; a second notice would only repeat it)."""
        for record in self.filtered(lambda r: r.gdpr_prospect_type == prospect_type and not r.gdpr_notice_sent_on):
            record._gdpr_notice_left(text_version)

    def _gdpr_in_regime(self):
        """The records the regime keeps and erases: the prospects."""
        return self.filtered("gdpr_prospect_type")

    @api.model
    def _gdpr_purge_protected_ids(self, ids):
        """Among ``ids``, those the purge never erases (the guard domain's
        exclusions, checked again record by record)."""
        return set()

    @api.model
    def _gdpr_regime_models(self):
        """Every model under the regime: each model that inherits the mixin
        and stores the fields the erasure rule reads, found in the registry
        (a bridge's model comes without a list to update), partners first."""
        names = self.env.registry.descendants(["gdpr.prospect.mixin"], "_inherit") - {"gdpr.prospect.mixin"}
        found = []
        for name in names:
            model = self.env[name]
            if model._abstract or model._transient or not model._auto:
                continue
            if all(model._fields.get(column) and model._fields[column].store for column in purge.VALUE_FIELDS):
                found.append(model)
        return sorted(found, key=lambda model: (model._name != "res.partner", model._name))

    @api.model
    def _gdpr_recompute_company_dates(self, companies):
        """Apply a company's new retention period and notice delay to all its
        prospects in one statement (the ORM would load them all in memory)."""
        # the two dates too: a pending write of their old value would land
        # after this statement, when the cache is invalidated
        self.flush_model(
            [
                "gdpr_collected_on",
                "gdpr_last_contact_on",
                "gdpr_prospect_type",
                "company_id",
                "gdpr_retention_until",
                "gdpr_notice_due_on",
            ]
        )
        for company in companies:
            self.env.cr.execute(
                SQL(
                    """UPDATE %s
                          SET gdpr_retention_until = GREATEST(gdpr_collected_on, gdpr_last_contact_on)
                                                     + make_interval(months => %s),
                              gdpr_notice_due_on = gdpr_collected_on + %s
                        WHERE company_id = %s AND gdpr_prospect_type IS NOT NULL""",
                    SQL.identifier(self._table),
                    min(company.gdpr_retention_months, retention.MAX_RETENTION_MONTHS),
                    min(company.gdpr_notice_delay_days, retention.MAX_NOTICE_DELAY_DAYS),
                    company.id,
                )
            )
        self.invalidate_model(["gdpr_retention_until", "gdpr_notice_due_on"])
