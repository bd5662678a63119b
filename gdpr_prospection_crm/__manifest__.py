{
    "name": "GDPR Prospection - CRM",
    "version": "18.0.1.2.0",
    "summary": "Leads under the GDPR prospection regime: provenance, suppression list, purge, "
    "need-to-know access, and the regime carried through conversion",
    "category": "Sales/CRM",
    "license": "LGPL-3",
    "author": "gdpr_prospection contributors",
    "depends": ["gdpr_prospection", "crm"],
    "data": [
        "security/ir.model.access.csv",
        "security/crm_lead_security.xml",
        "views/gdpr_answer_wizard_views.xml",
        "views/crm_lead_views.xml",
        "views/res_company_views.xml",
        "views/res_config_settings_views.xml",
        "views/gdpr_overview_views.xml",
        "views/gdpr_data_source_views.xml",
        "data/mail_template_data.xml",
        "data/mail_template_renewal_data.xml",
        "data/ir_actions_server_data.xml",
    ],
    "auto_install": True,
}
