from odoo import api, models


class GdprPurgeScrubber(models.AbstractModel):
    _inherit = "gdpr.purge.scrubber"

    @api.model
    def _scrub_copies(self, partners, emails):
        """Mailing traces keep the address in clear, also when the mailing
        went to another record that held it (a mailing contact)."""
        result = super()._scrub_copies(partners, emails)
        if emails:
            self.env["mailing.trace"].sudo().search([("email", "in", emails)]).unlink()
        return result
