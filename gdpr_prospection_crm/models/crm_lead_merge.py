from odoo import models
from odoo.addons.gdpr_prospection.policy import consent
from odoo.exceptions import UserError


class CrmLead(models.Model):
    """Merging leads under the prospect regime: the merged lead keeps the
    head's regime fields and takes the others' contact data, so a merge may
    neither take a prospect's data out of the regime (with a lead outside
    it), nor lose an objection, a refusal or the type of prospection."""

    _inherit = "crm.lead"

    def _merge_opportunity(self, user_id=False, team_id=False, auto_unlink=True, max_length=5):
        self._gdpr_check_merge()
        return super()._merge_opportunity(
            user_id=user_id, team_id=team_id, auto_unlink=auto_unlink, max_length=max_length
        )

    def _gdpr_check_merge(self):
        leads = self.sudo()
        prospects = leads.filtered("gdpr_prospect_type")
        if not prospects:
            return
        if prospects != leads:
            raise UserError(
                self.env._(
                    "These leads mix prospects with leads outside the GDPR rules: merged, the prospect's data "
                    "would leave the rules (its source, notice and consent). Merge prospects with prospects only, "
                    "or convert the prospect's lead first."
                )
            )
        ended = prospects.filtered(
            lambda lead: lead.gdpr_objected_on or lead.gdpr_consent_state in (consent.REFUSED, consent.WITHDRAWN)
        )
        if ended:
            raise UserError(
                self.env._(
                    "%(names)s objected or refused: their data is to be erased, not merged into another lead.",
                    names=", ".join(ended.mapped("display_name")),
                )
            )
        if len(set(prospects.mapped("gdpr_prospect_type"))) > 1:
            raise UserError(
                self.env._(
                    "These leads mix professionals (B2B) and consumers (B2C): each has its own lawful basis and "
                    "notice. Merge prospects of the same type only."
                )
            )
