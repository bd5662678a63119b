from odoo import api, models


class MailThreadBlacklist(models.AbstractModel):
    _inherit = "mail.thread.blacklist"

    @api.depends("email_normalized")
    def _compute_is_blacklisted(self):
        """An address on the suppression list is as opted out of marketing as
        one on core's blacklist: every record holding it shows it, and every
        core path that reads the flag honours it. The list holds hashes only,
        so the flag is computed here; searching on it still reads core's
        blacklist alone."""
        super()._compute_is_blacklisted()
        candidates = self.filtered(lambda record: record.email_normalized and not record.is_blacklisted)
        if not candidates:
            return
        suppressed = self.env["gdpr.blacklist"].sudo()._screen(candidates.mapped("email_normalized"))
        for record in candidates:
            if record.email_normalized in suppressed:
                record.is_blacklisted = True
