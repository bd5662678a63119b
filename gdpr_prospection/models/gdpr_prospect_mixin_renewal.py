from odoo import fields, models

from ..roles import GDPR_USER


class GdprProspectMixinRenewal(models.AbstractModel):
    """The renewal of a record under the prospect regime: one question,
    shortly before its retention ends, whether the person wants to keep
    hearing from the company (CNIL, commercial-management framework)."""

    _inherit = "gdpr.prospect.mixin"

    gdpr_renewal_sent_on = fields.Datetime(
        string="Renewal asked on",
        groups=GDPR_USER,
        copy=False,
        readonly=True,
        help="When the person was last asked whether they want to keep hearing from the company, shortly "
        "before the end of their retention period: once per period. Without a positive answer, the data goes.",
    )

    def _gdpr_renewal_template(self, prospect_type):
        """The renewal template of this model for ``prospect_type``."""
        return self.env.ref(f"gdpr_prospection.mail_template_gdpr_renewal_{prospect_type}")

    def _gdpr_period_start(self):
        """The day the current retention period started: the collection or
        the last contact from the person."""
        self.ensure_one()
        return max(filter(None, [self.gdpr_collected_on, self.gdpr_last_contact_on]), default=False)

    def _gdpr_renewal_due(self):
        """The records not yet asked in their current retention period."""
        return self.filtered(
            lambda r: (
                not r.gdpr_renewal_sent_on
                or fields.Date.to_date(r.gdpr_renewal_sent_on) < (r._gdpr_period_start() or fields.Date.today())
            )
        )
