from odoo import api, fields, models
from odoo.exceptions import UserError


class GdprAnswerWizard(models.TransientModel):
    """Record an answer that came by phone, letter or reply email: the same
    effects and evidence as an answer on the public pages."""

    _name = "gdpr.answer.wizard"
    _description = "Record a prospect's GDPR answer"

    partner_ids = fields.Many2many("res.partner", string="Prospects", required=True)
    answer = fields.Selection(
        [
            ("objection", "Objection to prospection"),
            ("consent_given", "Consent given"),
            ("consent_refused", "Consent refused"),
            ("consent_withdrawn", "Consent withdrawn"),
        ],
        required=True,
        default="objection",
    )
    channel = fields.Selection(
        [("phone", "Phone"), ("letter", "Letter"), ("email", "Email"), ("manual", "In person")],
        required=True,
        default="phone",
    )
    proof = fields.Text(
        help="When and how the person answered, and to which text. Required for a consent "
        "(GDPR Art. 7(1): the controller must be able to prove it)."
    )

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if "partner_ids" in fields_list and self.env.context.get("active_model") == "res.partner":
            values["partner_ids"] = [(6, 0, self.env.context.get("active_ids", []))]
        return values

    def action_apply(self):
        self.ensure_one()
        prospects = self.partner_ids.filtered("gdpr_prospect_type")
        if not prospects:
            raise UserError(self.env._("Select prospects."))
        if self.answer == "consent_given" and not (self.proof or "").strip():
            raise UserError(
                self.env._("Describe the proof of the consent: when, how and to which text (GDPR Art. 7(1)).")
            )
        prospects._gdpr_answer(self.answer, self.channel, note=self.proof)
        return {"type": "ir.actions.act_window_close"}
