from odoo import fields, models


class GdprDataSource(models.Model):
    """A source's lead prospects beside its partner prospects: the DPO who
    audits a source sees everything it fed, the leads of the pipeline
    included (lost ones too: they keep their data until the purge)."""

    _inherit = "gdpr.data.source"

    lead_prospect_count = fields.Integer(string="Lead prospects", compute="_compute_lead_prospect_count")

    def _lead_prospect_domain(self):
        return [("gdpr_source_id", "in", self.ids), ("gdpr_prospect_type", "!=", False)]

    def _compute_lead_prospect_count(self):
        counts = dict(
            self.env["crm.lead"]
            .with_context(active_test=False)
            ._read_group(self._lead_prospect_domain(), ["gdpr_source_id"], ["__count"])
        )
        for source in self:
            source.lead_prospect_count = counts.get(source, 0)

    def action_view_lead_prospects(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Leads from %(data_source)s", data_source=self.display_name),
            "res_model": "crm.lead",
            "view_mode": "list,kanban,form",
            "views": [(False, "list"), (False, "kanban"), (False, "form")],
            "domain": self._lead_prospect_domain(),
            "context": {"active_test": False, "create": False},
        }
