from odoo import api, fields, models

# prospects and leads from the person; lost leads (archived) are still under
# the regime, and still erased
LEADS = [
    "|",
    ("gdpr_prospect_type", "!=", False),
    ("gdpr_inbound_channel", "!=", False),
    ("active", "in", (True, False)),
]


class GdprOverview(models.TransientModel):
    """The overview's figures for leads under the regime."""

    _inherit = "gdpr.overview"

    lead_prospect_count = fields.Integer(string="Leads under the regime", compute="_compute_counts")
    lead_notice_overdue_count = fields.Integer(string="Lead notices overdue", compute="_compute_counts")
    lead_objected_count = fields.Integer(string="Leads objected", compute="_compute_counts")
    lead_due_erasure_count = fields.Integer(string="Leads due for erasure", compute="_compute_counts")

    @api.model
    def _figures(self, today):
        figures = super()._figures(today)
        today_str = fields.Date.to_string(today)
        figures.update(
            {
                "lead_prospect": ("crm.lead", LEADS),
                "lead_notice_overdue": (
                    "crm.lead",
                    LEADS + [("gdpr_notice_sent_on", "=", False), ("gdpr_notice_due_on", "<", today_str)],
                ),
                "lead_objected": ("crm.lead", LEADS + [("gdpr_objected_on", "!=", False)]),
                "lead_due_erasure": ("crm.lead", LEADS + [("gdpr_erasure_reason", "!=", False)]),
            }
        )
        return figures
