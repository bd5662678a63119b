"""Since phone and SMS consents have their own states, a consumer's number
is kept only while one of them is given (Code de la consommation L223-1,
CPCE L34-5): an email opt-in is no phone opt-in. A database from an earlier version may hold the
numbers of consumers whose company allowed the phone fields: they go, with
a note on each record saying why."""

import logging

from odoo import SUPERUSER_ID, api

_logger = logging.getLogger(__name__)


def drop_unconsented_phones(env):
    dropped = 0
    for model in env["gdpr.prospect.mixin"]._gdpr_regime_models():
        names = [name for name in model._gdpr_phone_fields if name in model._fields and model._fields[name].store]
        if not names:
            continue
        domain = [
            ("gdpr_prospect_type", "=", "b2c"),
            ("gdpr_phone_consent_state", "!=", "given"),
            ("gdpr_sms_consent_state", "!=", "given"),
        ]
        domain += ["|"] * (len(names) - 1) + [(name, "!=", False) for name in names]
        records = model.with_context(active_test=False).search(domain)
        if not records:
            continue
        records.with_context(mail_notrack=True).write(dict.fromkeys(names, False))
        note = env._(
            "Phone number removed: a consumer's number is kept only while they consent to phone calls "
            "(Code de la consommation L223-1)."
        )
        for record in records:
            record._gdpr_post_note(note)
        dropped += len(records)
    _logger.info("GDPR: phone numbers of %s consumers without phone consent removed", dropped)
    return dropped


def migrate(cr, version):
    drop_unconsented_phones(api.Environment(cr, SUPERUSER_ID, {}))
