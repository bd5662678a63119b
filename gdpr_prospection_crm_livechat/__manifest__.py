{
    "name": "GDPR Prospection - CRM Live Chat",
    "version": "18.0.1.0.0",
    "summary": "Leads made from a live chat rest on the basis the DPO set for the channel, "
    "with the prospects' retention and erasure",
    "category": "Sales/CRM",
    "license": "LGPL-3",
    "author": "gdpr_prospection contributors",
    "depends": ["gdpr_prospection_crm", "crm_livechat"],
    "auto_install": True,
}
