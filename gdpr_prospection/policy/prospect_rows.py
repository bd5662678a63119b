"""Read a prospect file and turn its rows into checked prospect values.

Plain functions with no ORM access, so that the import rules can be tested
alone. The import wizard drives them:

1. :func:`read_rows` streams the rows of a CSV (sniffed delimiter; UTF-8,
   UTF-8 with BOM, UTF-16 with BOM, Windows-1252 or Latin-1) or XLSX file;
2. :func:`classify_columns` maps the header to the prospect fields the
   company allows (GDPR Art. 5(1)(c), data minimisation) and lists the
   columns to refuse;
3. :func:`check_rows` normalises each row (names trimmed, email normalised,
   phone in E.164) and says why a row cannot be imported.

Errors are returned as codes with parameters, never as sentences: the
caller words them in the user's language.
"""

import codecs
import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from . import identity

# Canonical columns of a prospect file.
NAME = "name"
FIRST_NAME = "first_name"
LAST_NAME = "last_name"
EMAIL = "email"
FUNCTION = "function"
EMPLOYER = "employer"
PHONE = "phone"
MOBILE = "mobile"
SOURCE_URL = "source_url"
LANG = "lang"
TYPE = "type"

# The res.partner field each canonical column fills, when the company must
# allow it; None: always allowed (the name and the provenance of the data).
COLUMN_FIELDS = {
    NAME: None,
    FIRST_NAME: None,
    LAST_NAME: None,
    SOURCE_URL: None,
    TYPE: None,
    EMAIL: "email",
    FUNCTION: "function",
    EMPLOYER: "parent_id",
    PHONE: "phone",
    MOBILE: "mobile",
    LANG: "lang",
}

# Personal text fields that a DPO may declare necessary (company setting):
# imported as they are when the company allows them, refused otherwise.
EXTRA_TEXT_FIELDS = ("street", "street2", "zip", "city", "website")

# Header aliases, in normalised form (see normalize_header).
COLUMN_ALIASES = {
    NAME: (
        "name",
        "nom",
        "full name",
        "fullname",
        "nom complet",
        "contact",
        "contact name",
        "nom du contact",
        "display name",
        "nom prenom",
        "prenom nom",
    ),
    FIRST_NAME: ("first name", "firstname", "given name", "forename", "prenom"),
    LAST_NAME: ("last name", "lastname", "surname", "family name", "nom de famille", "nom famille"),
    EMAIL: (
        "email",
        "e mail",
        "mail",
        "courriel",
        "email address",
        "e mail address",
        "adresse email",
        "adresse e mail",
        "adresse mail",
        "adresse electronique",
        "adresse courriel",
        "work email",
        "email professionnel",
    ),
    FUNCTION: (
        "job title",
        "jobtitle",
        "job",
        "title",
        "function",
        "fonction",
        "poste",
        "position",
        "titre",
        "intitule du poste",
        "intitule de poste",
        "role",
    ),
    EMPLOYER: (
        "employer",
        "employeur",
        "company",
        "company name",
        "entreprise",
        "societe",
        "organisation",
        "organization",
        "raison sociale",
    ),
    PHONE: (
        "phone",
        "phone number",
        "telephone",
        "tel",
        "numero de telephone",
        "work phone",
        "business phone",
        "telephone professionnel",
        "telephone fixe",
    ),
    MOBILE: ("mobile", "mobile phone", "cell", "cell phone", "portable", "telephone portable", "telephone mobile"),
    SOURCE_URL: (
        "source url",
        "url",
        "url source",
        "url de la source",
        "profile url",
        "url du profil",
        "lien",
        "link",
    ),
    LANG: ("language", "langue", "lang", "locale"),
    TYPE: ("type", "prospect type", "type de prospect", "b2b b2c", "b2b or b2c", "segment"),
}

# Columns recognised as personal data outside the canonical set: the
# res.partner field they would fill, or None when no prospect field may ever
# hold them (GDPR Art. 5(1)(c); Art. 9 data is never collected).
PERSONAL_ALIASES = {
    "street": (
        "address",
        "adresse",
        "street",
        "rue",
        "adresse postale",
        "postal address",
        "home address",
        "address line 1",
        "adresse 1",
        "adresse ligne 1",
    ),
    "street2": ("address line 2", "adresse 2", "adresse ligne 2", "complement d adresse", "street2"),
    "zip": ("zip", "zip code", "postal code", "postcode", "code postal", "cp"),
    "city": ("city", "ville", "town", "commune", "localite"),
    "country_id": ("country", "pays"),
    "state_id": ("state", "region", "departement", "province"),
    "website": ("website", "web site", "site web", "site internet", "site", "web"),
    "comment": ("notes", "note", "comment", "comments", "commentaire", "commentaires", "remarque", "remarques"),
    "image_1920": ("photo", "picture", "image", "avatar", "portrait"),
    "title": ("civility", "civilite", "salutation", "courtesy title"),
    "vat": ("vat", "tva", "numero de tva", "vat number", "tax id"),
    "ref": ("reference", "ref"),
    "category_id": ("tags", "tag", "etiquettes", "categories", "category"),
    None: (
        "birth date",
        "birthdate",
        "date of birth",
        "dob",
        "birthday",
        "date de naissance",
        "anniversaire",
        "age",
        "gender",
        "sex",
        "sexe",
        "genre",
        "nationality",
        "nationalite",
        "religion",
        "health",
        "sante",
        "marital status",
        "situation familiale",
        "children",
        "enfants",
        "salary",
        "salaire",
        "income",
        "revenus",
        "social security number",
        "numero de securite sociale",
        "iban",
        "personal email",
        "email personnel",
        "home phone",
        "telephone personnel",
    ),
}

HEADER_KEYS = {alias: key for key, aliases in COLUMN_ALIASES.items() for alias in aliases}
PERSONAL_FIELDS = {alias: fname for fname, aliases in PERSONAL_ALIASES.items() for alias in aliases}

TYPE_ALIASES = {
    "b2b": "b2b",
    "pro": "b2b",
    "professional": "b2b",
    "professionnel": "b2b",
    "business": "b2b",
    "btob": "b2b",
    "b2c": "b2c",
    "consumer": "b2c",
    "consommateur": "b2c",
    "particulier": "b2c",
    "individual": "b2c",
    "private": "b2c",
    "btoc": "b2c",
}

# Longest value a cell may hold for each column; longer: the row is refused.
MAX_LENGTHS = {SOURCE_URL: 2048, EMAIL: 254, PHONE: 64, MOBILE: 64, TYPE: 32, LANG: 64}
DEFAULT_MAX_LENGTH = 256
# A cell longer than this is not a prospect list at all (Excel's own cell
# limit): the whole file is refused.
MAX_CELL_CHARS = 32767

CSV_DELIMITERS = (";", ",", "\t", "|")
SNIFF_CHARS = 65536


class ProspectFileError(ValueError):
    """The file cannot be read as a prospect list. ``code`` names the
    problem, ``params`` details it (``line``: 1-based line number)."""

    def __init__(self, code, **params):
        super().__init__(code, params)
        self.code = code
        self.params = params


def _strip_accents(text):
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def normalize_header(header):
    """'  Prénom ' -> 'prenom', 'E-mail' -> 'e mail', 'Source_URL' -> 'source url'."""
    text = _strip_accents(str(header or "")).lower().replace("\ufeff", "")
    text = re.sub(r"[\s_\-./:'’()*#]+", " ", text)
    return text.strip()


# --------------------------------------------------------------------------
# Reading the file


def is_xlsx(data):
    return data[:4] == b"PK\x03\x04"


def detect_encoding(data):
    """Encoding of a CSV file: the BOM's when it has one, UTF-8 when the
    bytes are valid UTF-8, else Windows-1252 (Excel's "CSV" on Windows, a
    superset of Latin-1's printable characters), else Latin-1."""
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    for encoding in ("utf-8", "cp1252"):
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            for start in range(0, len(data), SNIFF_CHARS):
                decoder.decode(data[start : start + SNIFF_CHARS])
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return encoding
    return "latin-1"


def sniff_delimiter(text):
    """The delimiter of a CSV text: the candidate that occurs most often,
    outside quotes, in its first non-blank line (the header)."""
    header = next((line for line in text.splitlines() if line.strip()), "")
    header = re.sub(r'"[^"]*"', "", header)
    counts = {delimiter: header.count(delimiter) for delimiter in CSV_DELIMITERS}
    best = max(CSV_DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def _check_cell_sizes(line, cells):
    if any(len(cell) > MAX_CELL_CHARS for cell in cells):
        raise ProspectFileError("cell_too_large", line=line, max=MAX_CELL_CHARS)


def _csv_rows(data):
    encoding = detect_encoding(data)
    stream = io.TextIOWrapper(io.BytesIO(data), encoding=encoding, newline="")
    delimiter = sniff_delimiter(stream.read(SNIFF_CHARS))
    stream.seek(0)
    reader = csv.reader(stream, delimiter=delimiter)
    line = 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            if "field larger than field limit" in str(error):
                raise ProspectFileError("cell_too_large", line=reader.line_num, max=MAX_CELL_CHARS)
            raise ProspectFileError("unreadable", line=reader.line_num, detail=str(error))
        except UnicodeDecodeError:
            raise ProspectFileError("unreadable", line=reader.line_num + 1, detail=encoding)
        if any(cell.strip() for cell in cells):
            _check_cell_sizes(line, cells)
            yield line, cells
        line = reader.line_num + 1


def _xlsx_cell(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _xlsx_rows(data):
    import openpyxl  # noqa: PLC0415 (a dependency of Odoo itself, only needed here)

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # noqa: BLE001 (any damage to the zip or XML)
        raise ProspectFileError("unreadable", line=0, detail=str(error))
    try:
        sheet = book.worksheets[0]
        for line, row in enumerate(sheet.iter_rows(values_only=True), 1):
            cells = [_xlsx_cell(value) for value in row]
            if any(cell.strip() for cell in cells):
                _check_cell_sizes(line, cells)
                yield line, cells
    finally:
        book.close()


def read_rows(data, file_name=None):
    """Yield ``(line number, cells)`` for each non-blank row of a CSV or XLSX
    file, the header first, without loading all the rows in memory.

    :raises ProspectFileError: empty, unreadable or absurd file (a cell of
        more than MAX_CELL_CHARS characters)
    """
    if not data or not data.strip():
        raise ProspectFileError("empty")
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ProspectFileError("old_excel")
    if is_xlsx(data) or (file_name or "").lower().endswith(".xlsx"):
        return _xlsx_rows(data)
    return _csv_rows(data)


# --------------------------------------------------------------------------
# Columns


@dataclass
class ColumnPlan:
    """What to do with each column of a file."""

    columns: list = field(default_factory=list)  # [(index, key, header)] to import
    forbidden: list = field(default_factory=list)  # personal data the company does not allow
    unknown: list = field(default_factory=list)  # not recognised
    duplicated: list = field(default_factory=list)  # a second column for the same data
    ignored: set = field(default_factory=set)  # blank headers
    width: int = 0  # number of header cells

    @property
    def keys(self):
        return {key for __, key, __ in self.columns}

    def refused(self):
        """Columns that stop the import unless the user drops them."""
        return self.forbidden + self.unknown

    def missing(self, type_required=False):
        """Codes of the columns the file lacks: 'name', 'contact', 'type'."""
        keys = self.keys
        missing = []
        if not keys & {NAME, FIRST_NAME, LAST_NAME}:
            missing.append("name")
        if not keys & {EMAIL, PHONE, MOBILE}:
            missing.append("contact")
        if type_required and TYPE not in keys:
            missing.append("type")
        return missing


def classify_columns(headers, allowed_fields):
    """Map each header to a prospect column, or list it as refused.

    :param headers: the header cells, in order
    :param allowed_fields: res.partner field names the company allows on a
        prospect (its minimisation set)
    """
    plan = ColumnPlan(width=len(headers))
    taken = set()
    for index, header in enumerate(headers):
        label = str(header or "").strip()
        norm = normalize_header(label)
        if not norm:
            plan.ignored.add(index)
            continue
        key = HEADER_KEYS.get(norm)
        if key:
            target = COLUMN_FIELDS[key]
            if target and target not in allowed_fields:
                plan.forbidden.append(label)
                continue
        elif norm in PERSONAL_FIELDS:
            target = PERSONAL_FIELDS[norm]
            if target in EXTRA_TEXT_FIELDS and target in allowed_fields:
                key = target
            else:
                plan.forbidden.append(label)
                continue
        else:
            plan.unknown.append(label)
            continue
        if key in taken:
            plan.duplicated.append(label)
            continue
        taken.add(key)
        plan.columns.append((index, key, label))
    # "Nom" beside "Prénom" is the family name, not the full name.
    if FIRST_NAME in taken and NAME in taken and LAST_NAME not in taken:
        plan.columns = [(i, LAST_NAME if k == NAME else k, label) for i, k, label in plan.columns]
    return plan


# --------------------------------------------------------------------------
# Rows


def language_aliases(languages):
    """Lookup table for the language column: normalised alias -> code.

    :param languages: iterable of (code, name, iso_code) of the active
        languages, e.g. ('fr_FR', 'French / Français', 'fr')
    """

    def priority(language):
        # 'fr' means fr_FR rather than fr_BE; 'en' means en_US rather than en_AU
        prefix, __, region = language[0].partition("_")
        return (region != prefix.upper(), language[0] != "en_US", language[0])

    languages = sorted(languages, key=priority)
    aliases = {}
    for code, name, iso_code in languages:
        for alias in [code, iso_code or "", *(name or "").split("/")]:
            aliases.setdefault(_lang_key(alias), code)
    for code, name, __ in languages:
        for alias in [code.split("_")[0], *(re.sub(r"\(.*?\)", "", part) for part in (name or "").split("/"))]:
            aliases.setdefault(_lang_key(alias), code)
    aliases.pop("", None)
    return aliases


def _lang_key(value):
    """'fr-FR' -> 'fr_fr', ' Français ' -> 'francais'."""
    text = _strip_accents(str(value or "")).lower().replace("-", "_")
    return " ".join(text.split())


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
    if parts.scheme.lower() not in ("http", "https") or "." not in (parts.hostname or ""):
        return False
    return value


def clean_text(value):
    """Trim a cell and collapse its inner whitespace."""
    return " ".join(str(value or "").split())


@dataclass
class RowOptions:
    region: str = "FR"  # phone numbers without a country code
    default_type: str | None = "b2b"  # None: each row must say b2b or b2c
    default_lang: str | None = None
    languages: dict = field(default_factory=dict)  # language_aliases()


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

    values = {key: raw.get(key) or False for key in (FUNCTION, EMPLOYER)}
    for key in EXTRA_TEXT_FIELDS:
        if key in raw:
            values[key] = raw[key] or False

    name = raw.get(NAME) or " ".join(filter(None, (raw.get(FIRST_NAME), raw.get(LAST_NAME))))
    if not name:
        return values, ("missing_name", {})
    values["name"] = name

    kind = raw.get(TYPE)
    if kind:
        kind = TYPE_ALIASES.get(normalize_header(kind).replace(" ", ""))
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
                return values, ("invalid_phone", {"column": _label(plan, key)})
    if not (values["email"] or values[PHONE] or values[MOBILE]):
        return values, ("missing_contact", {})
    if kind == "b2c":
        if values[PHONE] or values[MOBILE]:
            # Code de la consommation L223-1 (law 2025-594): no phone
            # canvassing of consumers without prior, provable consent; a
            # file cannot prove consent.
            return values, ("b2c_phone", {})
        values[EMPLOYER] = False  # a consumer's employer is not needed

    values["source_url"] = False
    if raw.get(SOURCE_URL):
        values["source_url"] = normalize_url(raw[SOURCE_URL])
        if not values["source_url"]:
            return values, ("invalid_url", {})

    values["lang"] = options.default_lang or False
    if raw.get(LANG):
        values["lang"] = options.languages.get(_lang_key(raw[LANG]))
        if not values["lang"]:
            return values, ("invalid_lang", {})
    return values, None


def _label(plan, key):
    return next((label for __, k, label in plan.columns if k == key), key)


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


def report_csv(header, entries):
    """The import report as CSV bytes (UTF-8 with BOM, which spreadsheets
    open correctly): ``header`` then one line per entry."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(entries)
    return buffer.getvalue().encode("utf-8-sig")
