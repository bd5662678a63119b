"""The Article 14 notice: its deadline and the elements it must contain."""

import re
from datetime import timedelta

from markupsafe import escape

from .retention import MAX_NOTICE_DELAY_DAYS

# Elements every notice carries, each marked in the template by an element
# with data-gdpr="<name>" (LEGAL.md section 3, items 1-13, plus the right to
# object stated apart, Art. 21(4), and the sender's identity, CPCE L34-5).
COMMON_ELEMENTS = (
    "controller",
    "dpo",
    "purpose",
    "categories",
    "recipients",
    "transfers",
    "retention",
    "rights",
    "complaint",
    "source",
    "automated",
    "objection",
)
REQUIRED_ELEMENTS = {
    "b2b": COMMON_ELEMENTS + ("legitimate_interest",),
    "b2c": COMMON_ELEMENTS + ("withdrawal", "consent"),
}

# The nightly job sends the notice this many days before its deadline.
NOTICE_MARGIN_DAYS = 3


def notice_deadline(collected_on, delay_days):
    """Last day for the notice (GDPR Art. 14(3)(a): one month at most)."""
    if not collected_on:
        return None
    return collected_on + timedelta(days=min(delay_days or MAX_NOTICE_DELAY_DAYS, MAX_NOTICE_DELAY_DAYS))


def missing_elements(prospect_type, present):
    """Required elements of a ``prospect_type`` notice absent from ``present``."""
    return [name for name in REQUIRED_ELEMENTS[prospect_type] if name not in present]


def mask_email(email):
    """'jeanne.martin@example.com' -> 'j***@e***.com': enough for the person
    to recognise their address, not enough to reveal it."""
    if not email or "@" not in email:
        return ""
    local, domain = email.rsplit("@", 1)
    host, _dot, tld = domain.rpartition(".")
    return f"{local[:1]}***@{(host or tld)[:1]}***{'.' + tld if host else ''}"


# The signed links of the public pages, whoever they are for.
PUBLIC_LINK = re.compile(r"/gdpr/(consent|object|withdraw|unsubscribe)/[^/\s\"'<>]+/[^/\s\"'<>]+")


def with_placeholders(text, personal_values):
    """``text`` as sent, with the person's own data replaced by placeholders:
    the text a notice version keeps, which names no one.

    :param personal_values: [(placeholder, value)]; each value is replaced in
        its plain and its HTML-escaped form, the longest first
    """
    if not text:
        return text or ""
    text = PUBLIC_LINK.sub(r"/gdpr/\1/[id]/[token]", text)
    pairs = []
    for placeholder, value in personal_values:
        if value and isinstance(value, str) and value.strip():
            # the rendered mail holds the value as QWeb escaped it
            for form in {value, str(escape(value))}:
                pairs.append((form, placeholder))
    for value, placeholder in sorted(pairs, key=lambda pair: -len(pair[0])):
        # whole words only: a short name must not eat into the wording
        text = re.sub(rf"(?<!\w){re.escape(value)}(?!\w)", lambda __, p=placeholder: p, text)
    return text
