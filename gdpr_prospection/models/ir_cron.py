from odoo import models
from odoo.exceptions import UserError

from ..policy import purge

PURGE_CRON_XMLID = "gdpr_prospection.ir_cron_gdpr_purge"


class IrCron(models.Model):
    _inherit = "ir.cron"

    def write(self, vals):
        if "active" in vals and not vals["active"]:
            purge_cron = self.env.ref(PURGE_CRON_XMLID, raise_if_not_found=False)
            if purge_cron and purge_cron in self and self._gdpr_erasure_waiting():
                raise UserError(
                    self.env._(
                        "The GDPR purge cannot be switched off while people who objected, refused or "
                        "withdrew their consent wait for the erasure of their data (GDPR Art. 17(1), 21(3))."
                    )
                )
        return super().write(vals)

    def _gdpr_erasure_waiting(self):
        """True when a record under the regime waits for an erasure its
        person asked for (objection, refusal, withdrawal)."""
        for model_name in self.env.registry.descendants(["gdpr.prospect.mixin"], "_inherit"):
            Model = self.env[model_name].sudo().with_context(active_test=False)
            if Model._abstract:
                continue
            if Model.search_count([("gdpr_erasure_reason", "in", list(purge.ASKED_BY_THE_PERSON))], limit=1):
                return True
        return False
