"""The rows of a prospect file made into prospect values (names trimmed,
email normalised, phone in E.164), with the reason a row cannot be
imported: a cell that is wrong, or data that the prospect may not hold by
the rule res.partner enforces (policy.minimisation)."""

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from ..policy import identity, inputs, minimisation, professional
from .vocabulary import (
    EMAIL,
    EMPLOYER,
    EXTRA_TEXT_FIELDS,
    FIRST_NAME,
    FUNCTION,
    LANG,
    LAST_NAME,
    MOBILE,
    NAME,
    PHONE,
    SOURCE_URL,
    TYPE,
    language_key,
    prospect_type,
)

# Longest value a cell may hold for each column; longer: the row is refused.
MAX_LENGTHS = {SOURCE_URL: 2048, EMAIL: 254, PHONE: 64, MOBILE: 64, TYPE: 32, LANG: 64}
DEFAULT_MAX_LENGTH = 256
# Extra text fields that hold a web address: http(s) only, never neutralised.
URL_TEXT_FIELDS = ("website",)


@dataclass
class RowOptions:
    region: str = "FR"  # phone numbers without a country code
    default_type: str | None = "b2b"  # None: each row must say b2b or b2c
    default_lang: str | None = None
    languages: dict = field(default_factory=dict)  # vocabulary.language_aliases()
    allowed_fields: frozenset = frozenset(minimisation.DEFAULT_ALLOWED_FIELDS)  # the company's minimisation set


def normalize_url(value):
    """Source URL with a scheme ('www.x.org/p' -> 'https://www.x.org/p'), or
    False when it is not an http(s) address."""
    value = (value or "").strip()
    if not value or re.search(r"\s", value):
        return False
    if "://" not in value:
        value = "https://" + value
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    if parts.scheme.lower() not in inputs.WEB_SCHEMES or "." not in (parts.hostname or ""):
        return False
    return value if inputs.is_web_url(value) else False


def clean_text(value):
    """Trim a cell and collapse its inner whitespace."""
    return " ".join(str(value or "").split())


def partner_fields(values, parent_id):
    """The res.partner values of the person a row describes (no type, no
    provenance), with ``parent_id`` for their employer."""
    vals = {
        "name": values["name"],
        "email": values["email"],
        "phone": values[PHONE],
        "mobile": values[MOBILE],
        "function": values[FUNCTION],
        "parent_id": parent_id,
    }
    if values["lang"]:
        # without one, a prospect gets the user's, unless the company does
        # not allow prospects to have a language (res.partner.create)
        vals["lang"] = values["lang"]
    for name in EXTRA_TEXT_FIELDS:
        if values.get(name):
            vals[name] = values[name]
    return vals


def minimisation_error(values, allowed_fields):
    """Why res.partner would refuse the prospect of a normalised row
    (``(code, params)``), or None."""
    # an imported prospect has not consented: a file cannot prove consent
    bad = minimisation.forbidden_fields(
        partner_fields(values, values[EMPLOYER]), allowed_fields, values["type"], phone_consent_given=False
    )
    if not bad:
        return None
    if all(name in minimisation.PHONE_FIELDS and name in allowed_fields for name in bad):
        return "b2c_phone", {}
    return "not_allowed", {"fields": bad}


def normalize_row(cells, plan, options):
    """Normalise one row.

    :return: ``(values, error)``: values is a dict with the keys name,
        email, phone, mobile, function, employer, source_url, lang, type and
        the extra text fields of the plan (False when empty); error is None
        or ``(code, params)``
    """
    raw = {}
    for index, key, label in plan.columns:
        value = cells[index] if index < len(cells) else ""
        value = clean_text(value)
        if len(value) > MAX_LENGTHS.get(key, DEFAULT_MAX_LENGTH):
            return {}, ("too_long", {"column": label, "max": MAX_LENGTHS.get(key, DEFAULT_MAX_LENGTH)})
        raw[key] = value
    if any(cell.strip() for index, cell in enumerate(cells) if index >= plan.width or index in plan.ignored):
        return {}, ("no_header", {})

    # text that a spreadsheet would run as a formula is stored neutralised
    values = {key: inputs.neutralise_formula(raw.get(key)) or False for key in (FUNCTION, EMPLOYER)}
    for key in EXTRA_TEXT_FIELDS:
        if key in raw:
            values[key] = (raw[key] if key in URL_TEXT_FIELDS else inputs.neutralise_formula(raw[key])) or False

    name = raw.get(NAME) or " ".join(filter(None, (raw.get(FIRST_NAME), raw.get(LAST_NAME))))
    if not name:
        return values, ("missing_name", {})
    values["name"] = inputs.neutralise_formula(name)
    for key in URL_TEXT_FIELDS:
        if values.get(key):
            values[key] = normalize_url(values[key])
            if not values[key]:
                return values, ("invalid_website", {})

    kind = raw.get(TYPE)
    if kind:
        kind = prospect_type(kind)
        if not kind:
            return values, ("invalid_type", {})
    else:
        kind = options.default_type
        if not kind:
            return values, ("missing_type", {})
    values["type"] = kind

    values["email"] = False
    if raw.get(EMAIL):
        values["email"] = identity.normalize_email(raw[EMAIL])
        if not values["email"]:
            return values, ("invalid_email", {})
    for key in (PHONE, MOBILE):
        values[key] = False
        if raw.get(key):
            values[key] = identity.normalize_phone(raw[key], options.region)
            if not values[key]:
                return values, ("invalid_phone", {"column": plan.label(key)})
    if not (values["email"] or values[PHONE] or values[MOBILE]):
        return values, ("missing_contact", {})

    values["source_url"] = False
    if raw.get(SOURCE_URL):
        values["source_url"] = normalize_url(raw[SOURCE_URL])
        if not values["source_url"]:
            return values, ("invalid_url", {})

    values["lang"] = options.default_lang or False
    if raw.get(LANG):
        values["lang"] = options.languages.get(language_key(raw[LANG]))
        if not values["lang"]:
            return values, ("invalid_lang", {})
    if professional.lacks_profession(kind, values[FUNCTION], values[EMPLOYER]):
        return values, ("b2b_without_profession", {})
    return values, minimisation_error(values, options.allowed_fields)


def check_rows(rows, plan, options):
    """Normalise and check each row; yield ``(line, values, error)``.

    A row whose email address (or, without one, phone number) appeared on an
    earlier valid row is a duplicate of that row.

    :param rows: iterable of (line number, cells), the header excluded
    """
    seen = {}
    for line, cells in rows:
        values, error = normalize_row(cells, plan, options)
        if not error:
            key = values["email"] or values[PHONE] or values[MOBILE]
            if key in seen:
                error = ("duplicate", {"line": seen[key]})
            else:
                seen[key] = line
        yield line, values, error
