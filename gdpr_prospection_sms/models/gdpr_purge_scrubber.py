from odoo import api, models


class GdprPurgeScrubber(models.AbstractModel):
    _inherit = "gdpr.purge.scrubber"

    @api.model
    def _scrub_copies(self, partners, emails):
        """Texts sent to the erased people hold their number and the body in
        clear, and only a nullable link to them."""
        result = super()._scrub_copies(partners, emails)
        self.env["sms.sms"].sudo().search([("partner_id", "in", partners.ids)]).unlink()
        return result
