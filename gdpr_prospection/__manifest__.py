{
    "name": "GDPR Prospection",
    "summary": "Prospect people found in public sources within the GDPR and "
    "French rules: provenance, Article 14 notices, consent, suppression list, "
    "retention and purge",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "author": "gdpr_prospection contributors",
    "license": "LGPL-3",
    "depends": ["mail", "contacts"],
    "external_dependencies": {"python": ["phonenumbers"]},
    "data": [
        "security/gdpr_prospection_groups.xml",
        "security/ir.model.access.csv",
        "security/res_partner_security.xml",
        "security/gdpr_prospection_security.xml",
        "views/gdpr_data_source_views.xml",
        "views/gdpr_blacklist_views.xml",
        "views/gdpr_event_views.xml",
        "views/res_partner_views.xml",
        "views/res_config_settings_views.xml",
        "views/gdpr_prospection_menus.xml",
    ],
    "post_init_hook": "post_init_hook",
    "installable": True,
    "application": False,
}
