from odoo import api, fields, models


class GdprConvertWizard(models.TransientModel):
    """Convert prospects into customers, saying why: the reason stays in the
    evidence with the DPO who converted them."""

    _name = "gdpr.convert.wizard"
    _description = "Convert prospects into customers"

    partner_ids = fields.Many2many("res.partner", string="Prospects", required=True)
    reason = fields.Selection(
        [
            ("contract", "Signed a contract or a quote"),
            ("order", "Placed an order"),
            ("request", "Asked to become a customer"),
            ("other", "Other reason"),
        ],
        required=True,
    )
    details = fields.Char(help="What the reason refers to: the contract, the order, the request.")

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if "partner_ids" in fields_list and self.env.context.get("active_model") == "res.partner":
            values["partner_ids"] = [(6, 0, self.env.context.get("active_ids", []))]
        return values

    def action_apply(self):
        self.ensure_one()
        label = dict(self._fields["reason"]._description_selection(self.env))[self.reason]
        reason = f"{label}: {self.details.strip()}" if (self.details or "").strip() else label
        self.partner_ids.action_gdpr_convert(reason)
        return {"type": "ir.actions.act_window_close"}
