from odoo import api, models


class MailTemplate(models.Model):
    _inherit = "mail.template"

    @api.model
    def _gdpr_notice_xmlids(self):
        xmlids = super()._gdpr_notice_xmlids()
        xmlids.update({f"gdpr_prospection_crm.mail_template_gdpr_lead_notice_{kind}": kind for kind in ("b2b", "b2c")})
        return xmlids
