"""The words of a prospect file: the columns it may have, the headers that
name them (English and French, in normalised form: see normalize_header),
and the values of its type and language columns."""

import re
import unicodedata

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


def strip_accents(text):
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def normalize_header(header):
    """'  Prénom ' -> 'prenom', 'E-mail' -> 'e mail', 'Source_URL' -> 'source url'."""
    text = strip_accents(str(header or "")).lower().replace("\ufeff", "")
    text = re.sub(r"[\s_\-./:'’()*#]+", " ", text)
    return text.strip()


def prospect_type(value):
    """'Particulier' -> 'b2c', 'B2B' -> 'b2b'; None when the value names no type."""
    return TYPE_ALIASES.get(normalize_header(value).replace(" ", ""))


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
            aliases.setdefault(language_key(alias), code)
    for code, name, __ in languages:
        for alias in [code.split("_")[0], *(re.sub(r"\(.*?\)", "", part) for part in (name or "").split("/"))]:
            aliases.setdefault(language_key(alias), code)
    aliases.pop("", None)
    return aliases


def language_key(value):
    """'fr-FR' -> 'fr_fr', ' Français ' -> 'francais': how language_aliases are keyed."""
    text = strip_accents(str(value or "")).lower().replace("-", "_")
    return " ".join(text.split())
