from odoo import api, fields, models


class MailFollowers(models.Model):
    """A follower's name and address are the partner's, read as superuser
    by core (related fields): a masked prospect shows the neutral label and
    no address (res.partner._gdpr_masked)."""

    _inherit = "mail.followers"

    name = fields.Char(
        related=None, compute="_compute_gdpr_partner_fields", compute_sudo=True, search="_search_gdpr_name"
    )
    email = fields.Char(
        related=None, compute="_compute_gdpr_partner_fields", compute_sudo=True, search="_search_gdpr_email"
    )

    @api.depends("partner_id.name", "partner_id.email")
    @api.depends_context("uid")
    def _compute_gdpr_partner_fields(self):
        masked = self.partner_id._gdpr_masked()
        label = self.env["res.partner"]._gdpr_mask_label()
        for follower in self:
            partner = follower.partner_id
            if partner and partner in masked:
                follower.name, follower.email = label, False
            else:
                follower.name, follower.email = partner.name, partner.email

    def _search_gdpr_name(self, operator, value):
        return [("partner_id.name", operator, value)]

    def _search_gdpr_email(self, operator, value):
        return [("partner_id.email", operator, value)]
