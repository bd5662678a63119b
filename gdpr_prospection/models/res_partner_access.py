from odoo import models
from odoo.exceptions import AccessError, UserError

from ..roles import GDPR_DPO


class ResPartner(models.Model):
    """The DPO's answer to an access request (GDPR Art. 15, 20): the access
    report of a prospect, as a PDF and as JSON."""

    _inherit = "res.partner"

    def _gdpr_check_access_report(self):
        if not self.env.user.has_group(GDPR_DPO):
            raise AccessError(self.env._("Only the data protection officer answers access requests."))
        if not self.sudo().filtered("gdpr_prospect_type"):
            raise UserError(self.env._("Select prospects: the access report covers records under the regime."))

    def action_gdpr_access_report(self):
        """Everything held about these prospects, its source and history (PDF)."""
        self._gdpr_check_access_report()
        return self.env.ref("gdpr_prospection.action_report_gdpr_access").report_action(self)

    def _gdpr_access_json(self):
        return self.env["report.gdpr_prospection.access_report_document"]._json(self)

    def action_gdpr_access_json(self):
        """The same as JSON (portability, GDPR Art. 20), as an attachment of
        the prospect (erased with it) downloaded at once."""
        self._gdpr_check_access_report()
        attachment = (
            self.env["ir.attachment"]
            .sudo()
            .create(
                {
                    "name": self.env._("gdpr-access-%(id)s.json", id=self[:1].id),
                    "mimetype": "application/json",
                    "raw": self._gdpr_access_json().encode(),
                    "res_model": "res.partner",
                    "res_id": self[:1].id,
                }
            )
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "self",
        }
