{
    "name": "GDPR Prospection - Website CRM",
    "version": "18.0.1.0.0",
    "summary": "Leads sent from the website's contact form rest on the basis the DPO set for the channel, "
    "with the prospects' retention and erasure",
    "category": "Sales/CRM",
    "license": "LGPL-3",
    "author": "gdpr_prospection contributors",
    "depends": ["gdpr_prospection_crm", "website_crm"],
    "auto_install": True,
}
