from odoo import fields, models
from odoo.exceptions import UserError

from ..roles import GDPR_USER


class GdprProspectMixinNotice(models.AbstractModel):
    """A notice the mail server refused, read from the mail queue (never
    stored twice): shown on the record, searchable for the "Notice failed"
    filter and the DPO's overview; and the form's "Re-send" button."""

    _inherit = "gdpr.prospect.mixin"

    gdpr_notice_failed = fields.Boolean(
        string="Notice failed",
        groups=GDPR_USER,
        compute="_compute_gdpr_notice_failure",
        search="_search_gdpr_notice_failed",
        help="The notice mail could not leave (the mail server refused it or could not be reached).",
    )
    gdpr_notice_failure = fields.Char(
        string="Why the notice failed", groups=GDPR_USER, compute="_compute_gdpr_notice_failure"
    )

    def _gdpr_failed_notice_mails(self, ids=None):
        domain = [("gdpr_text_version", "!=", False), ("model", "=", self._name), ("state", "=", "exception")]
        if ids is not None:
            domain.append(("res_id", "in", ids))
        return self.env["mail.mail"].sudo().search(domain, order="id desc")

    def _compute_gdpr_notice_failure(self):
        reasons = {}
        for mail in self._gdpr_failed_notice_mails(self.ids):
            reasons.setdefault(mail.res_id, mail.failure_reason or self.env._("the mail server refused it"))
        for record in self:
            record.gdpr_notice_failure = reasons.get(record.id, False)
            record.gdpr_notice_failed = record.id in reasons

    def _search_gdpr_notice_failed(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on failed notices."))
        failed = set(self._gdpr_failed_notice_mails().mapped("res_id"))
        positive = (operator == "=") == value
        return [("id", "in" if positive else "not in", list(failed))]

    def action_gdpr_resend_notice(self):
        """The form's "Re-send": the notice again, to a prospect who got it
        or whose mail failed (the plain "Send" skips one already informed)."""
        return self.action_gdpr_send_notice(resend=True)
