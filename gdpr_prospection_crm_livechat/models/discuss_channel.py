from odoo import models
from odoo.addons.gdpr_prospection_crm.models.crm_lead_inbound import leads_from_the_person


class DiscussChannel(models.Model):
    _inherit = "discuss.channel"

    def _convert_visitor_to_lead(self, partner, key):
        """The operator's /lead command: the visitor came to us."""
        with leads_from_the_person("livechat"):
            return super()._convert_visitor_to_lead(partner, key)
