from odoo import api, fields, models
from odoo.exceptions import UserError

from ..policy import channel_consent


class GdprAnswerWizard(models.TransientModel):
    """Record an answer that came by phone, letter or reply email: the same
    effects and evidence as an answer on the public pages."""

    _name = "gdpr.answer.wizard"
    _description = "Record a prospect's GDPR answer"

    partner_ids = fields.Many2many("res.partner", string="Prospects")
    answer = fields.Selection(
        [
            ("objection", "Objection to prospection"),
            ("consent_given", "Consent given"),
            ("consent_refused", "Consent refused"),
            ("consent_withdrawn", "Consent withdrawn"),
            ("phone_consent_given", "Phone consent given"),
            ("phone_consent_withdrawn", "Phone consent withdrawn"),
            ("sms_consent_given", "SMS consent given"),
            ("sms_consent_withdrawn", "SMS consent withdrawn"),
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
        help="How the person answered. Required for a consent (GDPR Art. 7(1): the controller must be "
        "able to prove it). Kept as a keyed hash only once the person is erased."
    )
    answered_on = fields.Date(string="Answered on", required=True, default=fields.Date.context_today)
    proof_reference = fields.Char(
        help="Where the proof is kept: the reference of the call recording, the signed form, the letter."
    )
    text_version = fields.Char(
        string="Text agreed to",
        help="Fingerprint of the notice the person answered; by default the last one they received.",
    )

    collected_by = fields.Selection(
        [("company", "Our staff"), ("third_party", "A third party acting for us")],
        string="Collected by",
        default="company",
        help="Who collected the consent: the user who records it, or a third party acting for the company "
        "(a call centre, a partner), whom the company answers for.",
    )
    collector_name = fields.Char(string="Third party", help="The third party that collected the consent.")

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if "partner_ids" in fields_list and self.env.context.get("active_model") == "res.partner":
            values["partner_ids"] = [(6, 0, self.env.context.get("active_ids", []))]
        return values

    def _gdpr_answer_targets(self):
        """The records under the regime the answer applies to (bridges add
        their models' records)."""
        return list(self.partner_ids.filtered("gdpr_prospect_type"))

    def action_apply(self):
        self.ensure_one()
        prospects = self._gdpr_answer_targets()
        if not prospects:
            raise UserError(self.env._("Select prospects."))
        if self.answered_on > fields.Date.context_today(self):
            raise UserError(self.env._("An answer cannot be dated in the future."))
        consents = ("consent_given", "phone_consent_given", "sms_consent_given")
        if self.answer in consents and not ((self.proof or "").strip() and (self.proof_reference or "").strip()):
            raise UserError(
                self.env._(
                    "Describe the proof of the consent and say where it is kept (GDPR Art. 7(1): the "
                    "company must be able to prove it)."
                )
            )
        if self.answer in consents and self.collected_by == "third_party" and not (self.collector_name or "").strip():
            raise UserError(self.env._("Name the third party that collected the consent for the company."))
        for prospect in prospects:
            text_version = self.text_version or prospect._gdpr_last_text_version()
            if self.answer in consents and not (prospect.gdpr_notice_sent_on and text_version):
                raise UserError(
                    self.env._(
                        "%(name)s has not received the notice and its consent request yet: a consent "
                        "is only valid once the person was informed (GDPR Art. 4(11) and 7).",
                        name=prospect.display_name,
                    )
                )
            note = self.env._(
                "Answered on %(date)s. %(proof)s %(reference)s",
                date=self.answered_on,
                proof=(self.proof or "").strip(),
                reference=(self.proof_reference or "").strip(),
            ).strip()
            if self.answer in consents:
                note = f"{note} {self._collector_note()}"
            if self.answer in channel_consent.ANSWERS:
                prospect._gdpr_channel_answer(
                    self.answer, self.channel, self.answered_on, note=note, text_version=text_version
                )
            else:
                prospect._gdpr_answer(self.answer, self.channel, note=note, text_version=text_version)
        return {"type": "ir.actions.act_window_close"}

    def _collector_note(self):
        """Who collected the consent, as the evidence keeps it."""
        if self.collected_by == "third_party":
            return self.env._(
                "Collected for the company by %(third_party)s, recorded by %(user)s.",
                third_party=self.collector_name.strip(),
                user=self.env.user.name,
            )
        return self.env._("Collected by %(user)s.", user=self.env.user.name)
