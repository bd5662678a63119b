from collections import Counter

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..policy import purge
from ..roles import GDPR_DPO

# opened from the overview: at most this many of the due prospects, the
# nightly job taking the rest in its batches
ALL_DUE_LIMIT = 1000


class GdprPurgeWizard(models.TransientModel):
    """The DPO's "purge now" on a selection of prospects: same rules as the
    nightly job, so only the due ones go; it says how many and why first."""

    _name = "gdpr.purge.wizard"
    _description = "Purge selected prospects now"

    partner_ids = fields.Many2many("res.partner", string="Selected prospects")
    selected_count = fields.Integer(compute="_compute_preview")
    due_count = fields.Integer(string="Due for erasure", compute="_compute_preview")
    preview = fields.Text(string="Will be erased", compute="_compute_preview")
    due_partner_ids = fields.Many2many(
        "res.partner", string="Due prospects", compute="_compute_preview", help="Who will be erased, and why."
    )
    more_due_count = fields.Integer(compute="_compute_more_due_count")

    @api.model
    def default_get(self, fields_list):
        if not self.env.user.has_group(GDPR_DPO):
            raise AccessError(self.env._("Only the data protection officer runs the purge."))
        values = super().default_get(fields_list)
        if "partner_ids" not in fields_list:
            return values
        if self.env.context.get("gdpr_purge_all_due"):
            due = self.env["res.partner"].search(
                [("gdpr_erasure_reason", "!=", False)], limit=ALL_DUE_LIMIT, order="id"
            )
            values["partner_ids"] = [fields.Command.set(due.ids)]
        elif self.env.context.get("active_model") == "res.partner":
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
            wizard.due_partner_ids = [fields.Command.set(list(reasons))]
            wizard.preview = "\n".join(
                self.env._("%(reason)s: %(count)s", reason=labels[reason], count=counts[reason])
                for reason in purge.REASONS
                if counts[reason]
            ) or self.env._("None of the selected prospects is due for erasure.")

    @api.depends("partner_ids")
    def _compute_more_due_count(self):
        for wizard in self:
            more = 0
            if self.env.context.get("gdpr_purge_all_due") and len(wizard.partner_ids) >= ALL_DUE_LIMIT:
                more = self.env["res.partner"].search_count([("gdpr_erasure_reason", "!=", False)]) - len(
                    wizard.partner_ids
                )
            wizard.more_due_count = max(more, 0)

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
