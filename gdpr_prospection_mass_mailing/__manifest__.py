{
    "name": "GDPR Prospection - Mass Mailing",
    "summary": "Mailings obey the GDPR prospection rules: suppressed, objected, "
    "uninformed or non-consenting recipients are excluded and counted as cancelled",
    "version": "18.0.1.0.0",
    "category": "Marketing/Email Marketing",
    "author": "gdpr_prospection contributors",
    "license": "LGPL-3",
    "depends": ["gdpr_prospection", "mass_mailing"],
    "auto_install": True,
}
