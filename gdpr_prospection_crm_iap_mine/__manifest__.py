{
    "name": "GDPR Prospection - Lead Generation",
    "version": "18.0.1.0.0",
    "summary": "Contacts found by Odoo Lead Generation come under the GDPR prospection regime, "
    "from a data source the DPO approves",
    "category": "Sales/CRM",
    "license": "LGPL-3",
    "author": "gdpr_prospection contributors",
    "depends": ["gdpr_prospection_crm", "crm_iap_mine"],
    "data": ["data/gdpr_data_source_data.xml", "views/crm_iap_lead_mining_request_views.xml"],
    "auto_install": True,
}
