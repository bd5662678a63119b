from odoo import SUPERUSER_ID, api, models
from odoo.tools import SQL

from ..roles import GDPR_USER


class ResPartner(models.Model):
    """What a prospect shows of itself to a user who may not see it.

    The record rule filters the queries on ``res.partner``, but Odoo reads
    related partners as superuser in many places (many2one names, followers,
    message authors, avatars). Superuser environments keep the real user
    (``env.uid``): a prospect is masked there as well whenever that user lacks
    a prospection role of the prospect's company. The superuser itself (crons,
    the mail gateway, the purge) keeps the real data."""

    _inherit = "res.partner"

    def _gdpr_masked(self):
        """The prospects among these partners that the current user may not
        see, by the need-to-know rule (security/res_partner_security.xml)."""
        if self.env.uid == SUPERUSER_ID or not self:
            return self.browse()
        prospect_ids = {partner.id for partner in self.sudo() if partner.gdpr_prospect_type}
        if not prospect_ids:
            return self.browse()
        user = self.env["res.users"].sudo().browse(self.env.uid)
        if user.has_group(GDPR_USER):
            prospect_ids = {
                partner.id
                for partner in self.sudo()
                if partner.id in prospect_ids and partner.company_id not in user.company_ids
            }
        return self.filtered(lambda partner: partner.id in prospect_ids)

    @api.model
    def _gdpr_masked_ids_sql(self):
        """The ids of the prospects the current user may not see, as a
        subquery (None when the user sees them all): searches and groupings
        on the copies other models keep of a prospect's name leave them out."""
        if self.env.uid == SUPERUSER_ID:
            return None
        user = self.env["res.users"].sudo().browse(self.env.uid)
        if not user.has_group(GDPR_USER):
            return SQL("(SELECT id FROM res_partner WHERE gdpr_prospect_type IS NOT NULL)")
        return SQL(
            """(SELECT id FROM res_partner WHERE gdpr_prospect_type IS NOT NULL
                  AND company_id IS NOT NULL AND company_id != ALL(%s))""",
            user.company_ids.ids,
        )

    @api.model
    def _gdpr_mask_label(self):
        """What shows instead of a prospect's name."""
        return self.env._("Prospect")

    @api.depends_context("uid")
    def _compute_display_name(self):
        masked = self._gdpr_masked()
        result = super(ResPartner, self - masked)._compute_display_name()
        label = self._gdpr_mask_label()
        for partner in masked:
            partner.display_name = label
        return result

    def _to_store(self, store, /, *, fields=None, **kwargs):
        """The chatter's data (authors, followers, mentions): a masked
        prospect is a nameless person, without reading it as the user."""
        masked = self._gdpr_masked()
        result = super(ResPartner, self - masked)._to_store(store, fields=fields, **kwargs)
        label = self._gdpr_mask_label()
        for partner in masked:
            store.add(
                partner,
                {
                    "name": label,
                    "displayName": label,
                    "email": False,
                    "active": True,
                    "is_company": False,
                    "im_status": "im_partner",
                    "userId": False,
                    "isInternalUser": False,
                },
            )
        return result
