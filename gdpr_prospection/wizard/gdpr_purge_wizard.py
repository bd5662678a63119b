from collections import Counter

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..policy import purge
from ..roles import GDPR_DPO


class GdprPurgeWizard(models.TransientModel):
    """The DPO's "purge now" on a selection of prospects: same rules as the
    nightly job, so only the due ones go; it says how many and why first."""

    _name = "gdpr.purge.wizard"
    _description = "Purge selected prospects now"

    partner_ids = fields.Many2many("res.partner", string="Selected prospects")
    selected_count = fields.Integer(compute="_compute_preview")
    due_count = fields.Integer(string="Due for erasure", compute="_compute_preview")
    preview = fields.Text(string="Will be erased", compute="_compute_preview")

    @api.model
    def default_get(self, fields_list):
        if not self.env.user.has_group(GDPR_DPO):
            raise AccessError(self.env._("Only the data protection officer runs the purge."))
        values = super().default_get(fields_list)
        if "partner_ids" in fields_list and self.env.context.get("active_model") == "res.partner":
            values["partner_ids"] = [fields.Command.set(self.env.context.get("active_ids") or [])]
        return values

    @api.depends("partner_ids")
    def _compute_preview(self):
        labels = dict(self.env["res.partner"]._fields["gdpr_erasure_reason"]._description_selection(self.env))
        for wizard in self:
            reasons = self.env["gdpr.purge.due"]._erasure_reasons(wizard.partner_ids._origin)
            counts = Counter(reasons.values())
            wizard.selected_count = len(wizard.partner_ids)
            wizard.due_count = len(reasons)
            wizard.preview = "\n".join(
                f"{labels[reason]}: {counts[reason]}" for reason in purge.REASONS if counts[reason]
            ) or self.env._("None of the selected prospects is due for erasure.")

    def action_purge(self):
        self.ensure_one()
        if not self.env.user.has_group(GDPR_DPO):
            raise AccessError(self.env._("Only the data protection officer runs the purge."))
        if not self.partner_ids:
            raise UserError(self.env._("Select the prospects to purge."))
        run = self.env["gdpr.purge.run"]._purge_selection(self.partner_ids._origin)
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Purge result"),
            "res_model": "gdpr.purge.run",
            "res_id": run.id,
            "view_mode": "form",
            "target": "current",
        }
