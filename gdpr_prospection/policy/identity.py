"""Normalise and hash the identifiers that recognise a person.

The suppression list and the evidence log never keep an address in clear:
they keep an HMAC-SHA256 of the normalised value, keyed by a secret stored
in the database. A second, looser "match key" also recognises the usual
variants of one mailbox (``+tag`` sub-addresses, dots in Gmail addresses).
"""

import hmac
import re

import phonenumbers

from odoo.tools import email_normalize

# A bare ASCII address (no display name, one address): the common case,
# which email_normalize would only lower-case. Odoo's ``single_email_re``,
# without empty domain labels.
BARE_ASCII_EMAIL = re.compile(r"^[a-zA-Z0-9._%+-]+@(?:[a-zA-Z0-9-]+\.)+[a-zA-Z]{2,63}$")

GMAIL_DOMAINS = {"gmail.com", "googlemail.com"}

# One mailbox, non-ASCII allowed: a local part and a dotted domain without
# empty labels. Odoo's email_normalize keeps the last "@..." of a mangled
# value ("a@@b" -> "@b", "anne durand@x.fr" -> "durand@x.fr"): such a value
# is refused, never stored as a piece of itself.
SINGLE_MAILBOX = re.compile(r'^[^\s@<>,;:"]+@(?:[^\s@<>,;:".]+\.)+[^\s@<>,;:".]{2,63}$')


def normalize_email(value):
    """Return the normalised address of ``value`` ('Name <A@B.c>' -> 'a@b.c')
    or False when it holds no single valid address."""
    if not value:
        return False
    value = value.strip()
    if BARE_ASCII_EMAIL.match(value):
        return value.lower()
    opening, closing = value.rfind("<"), value.rfind(">")
    mailbox = value[opening + 1 : closing] if 0 <= opening < closing == len(value) - 1 else value
    mailbox = mailbox.strip()
    if not SINGLE_MAILBOX.match(mailbox):
        return False
    normalized = email_normalize(value)
    return normalized if normalized and normalized == email_normalize(mailbox) else False


def email_match_key(normalized):
    """Canonical mailbox of a normalised address: drop the ``+tag`` part and,
    for Gmail, the dots of the local part and the googlemail alias."""
    if not normalized or "@" not in normalized:
        return False
    local, domain = normalized.rsplit("@", 1)
    local = local.split("+", 1)[0]
    if domain in GMAIL_DOMAINS:
        local = local.replace(".", "")
        domain = "gmail.com"
    if not local:
        return False
    return f"{local}@{domain}"


def normalize_phone(value, region="FR"):
    """E.164 form of a phone number ('06 12 34 56 78' -> '+33612345678'),
    or False when it is not a valid number."""
    if not value:
        return False
    try:
        number = phonenumbers.parse(value, (region or "FR").upper())
    except phonenumbers.NumberParseException:
        return False
    if not phonenumbers.is_valid_number(number):
        return False
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def keyed_hash(key, value):
    """Hex HMAC-SHA256 of ``value`` under ``key``; False for an empty value."""
    if not value:
        return False
    return hmac.digest(key.encode(), value.encode(), "sha256").hex()


def email_hashes(key, value):
    """(exact hash, match-key hash) of an address, (False, False) if invalid."""
    normalized = normalize_email(value)
    if not normalized:
        return False, False
    return keyed_hash(key, normalized), keyed_hash(key, email_match_key(normalized))


def phone_hash(key, value, region="FR"):
    return keyed_hash(key, normalize_phone(value, region))
