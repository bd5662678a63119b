from odoo import fields, models

INBOUND_BASES = [
    ("contract", "Steps the person asked for (Art. 6(1)(b))"),
    ("legitimate_interest", "Legitimate interest (Art. 6(1)(f))"),
    ("consent", "Consent (Art. 6(1)(a))"),
]
INBOUND_HELP = (
    "The lawful basis of a lead the person made themself through this channel. A request for a quote or "
    "information is usually a step the person asked for; consent only where the form or chat asks for it."
)


class ResCompany(models.Model):
    """The lawful basis, per channel, of the leads people make themselves."""

    _inherit = "res.company"

    gdpr_inbound_basis_website = fields.Selection(
        INBOUND_BASES, string="Website form", default="contract", required=True, help=INBOUND_HELP
    )
    gdpr_inbound_basis_mail = fields.Selection(
        INBOUND_BASES, string="Email to an alias", default="contract", required=True, help=INBOUND_HELP
    )
    gdpr_inbound_basis_livechat = fields.Selection(
        INBOUND_BASES, string="Live chat", default="contract", required=True, help=INBOUND_HELP
    )

    def _gdpr_inbound_basis(self, channel):
        """The lawful basis of a lead the person made through ``channel``."""
        self.ensure_one()
        return self.sudo()[f"gdpr_inbound_basis_{channel}"]
