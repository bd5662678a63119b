from odoo import api, fields, models


class GdprAnswerWizard(models.TransientModel):
    """An answer by phone, letter or reply email, recorded on leads: a lead
    prospect's, or a person's who wrote to us (an objection)."""

    _inherit = "gdpr.answer.wizard"

    lead_ids = fields.Many2many("crm.lead", string="Leads")

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if "lead_ids" in fields_list and self.env.context.get("active_model") == "crm.lead":
            values["lead_ids"] = [(6, 0, self.env.context.get("active_ids", []))]
        return values

    def _gdpr_answer_targets(self):
        return super()._gdpr_answer_targets() + list(self.lead_ids._gdpr_in_regime())
