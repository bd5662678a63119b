from odoo import models
from odoo.addons.gdpr_prospection_crm.models.crm_lead_inbound import leads_from_the_person


class ChatbotScriptStep(models.Model):
    _inherit = "chatbot.script.step"

    def _process_step_create_lead(self, discuss_channel):
        """The chatbot's "create a lead" step: the visitor typed their data."""
        with leads_from_the_person("livechat"):
            return super()._process_step_create_lead(discuss_channel)
