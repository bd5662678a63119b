from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    gdpr_controller_contact = fields.Char(related="company_id.gdpr_controller_contact", readonly=False)
    gdpr_dpo_name = fields.Char(related="company_id.gdpr_dpo_name", readonly=False)
    gdpr_dpo_email = fields.Char(related="company_id.gdpr_dpo_email", readonly=False)
    gdpr_privacy_policy_url = fields.Char(related="company_id.gdpr_privacy_policy_url", readonly=False)
    gdpr_legitimate_interest = fields.Text(related="company_id.gdpr_legitimate_interest", readonly=False)
    gdpr_recipients = fields.Text(related="company_id.gdpr_recipients", readonly=False)
    gdpr_transfers = fields.Text(related="company_id.gdpr_transfers", readonly=False)
    gdpr_retention_months = fields.Integer(related="company_id.gdpr_retention_months", readonly=False)
    gdpr_consent_delay_days = fields.Integer(related="company_id.gdpr_consent_delay_days", readonly=False)
    gdpr_notice_delay_days = fields.Integer(related="company_id.gdpr_notice_delay_days", readonly=False)
    gdpr_suppression_months = fields.Integer(related="company_id.gdpr_suppression_months", readonly=False)
    gdpr_evidence_months = fields.Integer(related="company_id.gdpr_evidence_months", readonly=False)
    gdpr_allowed_field_ids = fields.Many2many(related="company_id.gdpr_allowed_field_ids", readonly=False)
    gdpr_purpose = fields.Text(related="company_id.gdpr_purpose", readonly=False)
    gdpr_automated_decisions = fields.Text(related="company_id.gdpr_automated_decisions", readonly=False)
    gdpr_auto_notice = fields.Boolean(related="company_id.gdpr_auto_notice", readonly=False)
    gdpr_consent_link_days = fields.Integer(related="company_id.gdpr_consent_link_days", readonly=False)
    gdpr_log_ip = fields.Boolean(related="company_id.gdpr_log_ip", readonly=False)
    gdpr_renewal_days = fields.Integer(related="company_id.gdpr_renewal_days", readonly=False)
