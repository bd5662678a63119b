from odoo import api, fields, models

from ..policy import purge


class GdprPurgeRunLine(models.Model):
    """A prospect a purge run anonymised instead of deleting, or could not
    erase. It names no one: the record is either anonymised or still a
    prospect whose record the DPO can open."""

    _name = "gdpr.purge.run.line"
    _description = "GDPR purge run line"
    _order = "id"

    run_id = fields.Many2one("gdpr.purge.run", required=True, readonly=True, index=True, ondelete="cascade")
    res_model = fields.Char(string="Record model", readonly=True)
    res_id = fields.Many2oneReference(string="Record ID", model_field="res_model", readonly=True)
    partner_id = fields.Many2one("res.partner", readonly=True, index=True, ondelete="set null")
    kind = fields.Selection(
        [("anonymised", "Anonymised"), ("skipped", "Skipped")], required=True, readonly=True, index=True
    )
    reason = fields.Selection(purge.SELECTION, string="Erasure reason", readonly=True)
    message = fields.Char(string="Why", readonly=True)
    company_id = fields.Many2one(
        "res.company",
        compute="_compute_company_id",
        store=True,
        readonly=True,
        index=True,
        help="The company of the partner, kept when the partner goes.",
    )

    @api.depends("partner_id")
    def _compute_company_id(self):
        for line in self:
            line.company_id = line.partner_id.company_id or line.company_id
