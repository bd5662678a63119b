from odoo import api, models


class GdprPurgeScrubber(models.AbstractModel):
    """Erased people's rights requests keep their hash and lose the rest."""

    _inherit = "gdpr.purge.scrubber"

    @api.model
    def _scrub_copies(self, partners, emails):
        result = super()._scrub_copies(partners, emails)
        self.env["gdpr.request"].sudo()._forget_partners(partners.ids)
        return result
