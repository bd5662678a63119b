from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    gdpr_inbound_basis_website = fields.Selection(related="company_id.gdpr_inbound_basis_website", readonly=False)
    gdpr_inbound_basis_mail = fields.Selection(related="company_id.gdpr_inbound_basis_mail", readonly=False)
    gdpr_inbound_basis_livechat = fields.Selection(related="company_id.gdpr_inbound_basis_livechat", readonly=False)
