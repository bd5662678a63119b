"""Values that come from outside (a scraped file, a form, a public link) and
must not turn into something else: an address that runs script when it is
rendered as a link, a cell that a spreadsheet runs as a formula, an id or a
token that is not one.
"""

import html
import re
from urllib.parse import urlsplit

WEB_SCHEMES = ("http", "https")

# A spreadsheet runs a cell that starts with one of these as a formula
# (OWASP "CSV injection"); tab and carriage return hide one behind them.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
FORMULA_ESCAPE = "'"

# Schemes a rendered mail may link to; relative links have none.
LINK_SCHEMES = ("http", "https", "mailto", "tel")
_HREF = re.compile(r"""\shref=(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
_SCHEME = re.compile(r"([a-z][a-z0-9+.\-]*):")

# Public ids: PostgreSQL's int4, written in ASCII digits, no leading zero.
MAX_ID = 2**31 - 1
_ID = re.compile(r"[1-9][0-9]{0,9}")
# Tokens of the public pages: "<expiry>-<hex digest>" or "<hex digest>".
MAX_TOKEN_LENGTH = 96
_TOKEN = re.compile(r"(?:[0-9]{1,12}-)?[0-9a-f]{64}")


def is_web_url(value):
    """True when ``value`` is an absolute http(s) address with a host: what
    may be rendered as a link. Anything else (``javascript:``, ``data:``,
    a relative path, spaces or control characters) is not."""
    if not isinstance(value, str) or not value or value != value.strip():
        return False
    if any(char.isspace() or ord(char) < 32 or ord(char) == 127 for char in value):
        return False
    try:
        parts = urlsplit(value)
        host = parts.hostname
    except ValueError:
        return False
    return parts.scheme.lower() in WEB_SCHEMES and bool(host) and value.lower().startswith(f"{parts.scheme.lower()}://")


def web_url(value):
    """``value`` when it may be rendered as a link, else False."""
    return value if is_web_url(value) else False


def inert_links(body):
    """``body`` (rendered HTML) without the ``href`` of any link whose scheme
    is not http, https, mailto or tel (``javascript:``, ``data:``...): the
    link's text stays, it no longer runs anything. Browsers ignore spaces and
    control characters inside a scheme, and so does this check."""
    if not body or "href" not in body.lower():
        return body

    def replace(match):
        value = html.unescape(match.group(1) if match.group(1) is not None else match.group(2))
        compact = "".join(char for char in value if not (char.isspace() or ord(char) < 32)).lower()
        scheme = _SCHEME.match(compact)
        if scheme and scheme.group(1) not in LINK_SCHEMES:
            return ""
        return match.group(0)

    return _HREF.sub(replace, body)


def neutralise_formula(value):
    """Text that no spreadsheet reads as a formula: a value starting with
    ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading
    single quote. Other values, and anything that is not text, are returned
    as they are; neutralising twice changes nothing."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return FORMULA_ESCAPE + value
    return value


def parse_id(value):
    """The record id that ``value`` (a path or query parameter) names, or
    None when it is not a plain positive ASCII integer PostgreSQL can hold."""
    if not isinstance(value, str) or not _ID.fullmatch(value):
        return None
    number = int(value)
    return number if number <= MAX_ID else None


def is_token_shaped(value):
    """True when ``value`` has the shape of a public page token (its
    signature is checked elsewhere): ASCII, bounded, hex digest."""
    return isinstance(value, str) and len(value) <= MAX_TOKEN_LENGTH and bool(_TOKEN.fullmatch(value))
