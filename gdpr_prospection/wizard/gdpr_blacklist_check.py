from odoo import api, fields, models
from odoo.exceptions import UserError

from ..policy import identity


class GdprBlacklistCheck(models.TransientModel):
    """The DPO's answer to "is this address on the list?": a letter, a call,
    a request by mail. The address is typed, hashed, looked up and never
    stored; the DPO may put it on the list from here."""

    _name = "gdpr.blacklist.check"
    _description = "Check an address against the suppression list"

    email = fields.Char(
        string="Email address",
        help="Looked up by its keyed hash. The list keeps only the hash; this form forgets the address once "
        "it is added, and is itself deleted within the hour.",
    )
    phone = fields.Char(string="Phone number")
    checked = fields.Boolean(readonly=True)
    on_list = fields.Boolean(string="On the list", readonly=True)
    note = fields.Char(help="Why it is added (a letter of 3 May, a call...): kept with the entry.")

    @api.model
    def _check_dpo(self):
        if not self.env.user.has_group("gdpr_prospection.group_gdpr_dpo"):
            raise UserError(self.env._("The suppression list is for the data protection officer."))

    def _identities(self):
        self.ensure_one()
        email = (self.email or "").strip()
        if email and not identity.normalize_email(email):
            raise UserError(self.env._("“%(email)s” is not a valid email address.", email=email))
        if not (email or (self.phone or "").strip()):
            raise UserError(self.env._("Type the email address or the phone number to look up."))
        return email or False, (self.phone or "").strip() or False

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": self.env._("Check an address"),
        }

    def action_check(self):
        self._check_dpo()
        email, phone = self._identities()
        hits = self.env["gdpr.blacklist"].sudo()._screen([email] if email else [], [phone] if phone else [])
        self.write({"checked": True, "on_list": bool(hits)})
        return self._reopen()

    def action_add(self):
        self._check_dpo()
        email, phone = self._identities()
        self.env["gdpr.blacklist"].sudo()._add([(email, phone)], "manual", note=self.note or False)
        self.write({"checked": True, "on_list": True, "email": False, "phone": False})
        return self._reopen()
