{
    "name": "GDPR Prospection - SMS",
    "version": "18.0.1.0.0",
    "summary": "The GDPR prospection gate on outgoing SMS: no text to a prospect the rules refuse",
    "category": "Marketing",
    "license": "LGPL-3",
    "author": "gdpr_prospection contributors",
    "depends": ["gdpr_prospection", "sms"],
    "auto_install": True,
}
