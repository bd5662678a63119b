"""Plain tests of the prospect file importer (no database)."""

import io

import openpyxl
import pytest

from odoo.addons.gdpr_prospection.importer.columns import classify_columns
from odoo.addons.gdpr_prospection.importer.files import (
    MAX_CELL_CHARS,
    ProspectFileError,
    detect_encoding,
    is_xlsx,
    read_header,
    read_rows,
    sniff_delimiter,
)
from odoo.addons.gdpr_prospection.importer.report import report_csv
from odoo.addons.gdpr_prospection.importer.rows import RowOptions, check_rows, clean_text, normalize_row, normalize_url
from odoo.addons.gdpr_prospection.importer.vocabulary import (
    language_aliases,
    language_key,
    normalize_header,
    prospect_type,
    strip_accents,
)
from odoo.addons.gdpr_prospection.policy.professional import is_free_webmail

ALLOWED = {"email", "function", "parent_id", "company_name", "phone", "mobile", "lang"}
LANGUAGES = [
    ("en_US", "English (US)", "en"),
    ("en_GB", "English (UK)", "en_GB"),
    ("fr_FR", "French / Français", "fr"),
    ("fr_BE", "French (BE) / Français (BE)", "fr_BE"),
]


def options(**values):
    values.setdefault("languages", language_aliases(LANGUAGES))
    return RowOptions(**values)


def plan(*headers, allowed=ALLOWED):
    return classify_columns(list(headers), allowed)


def row(values, columns=("Name", "Email", "Phone", "Mobile", "Type", "Language", "URL", "Employer"), **opts):
    """Normalise one row given as a dict header -> cell."""
    return normalize_row([values.get(c, "") for c in columns], plan(*columns), options(**opts))


def xlsx(rows):
    book = openpyxl.Workbook()
    for cells in rows:
        book.active.append(cells)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# --- headers and columns ---


@pytest.mark.parametrize(
    "header, key",
    [
        ("Prénom", "first_name"),
        ("  first_name ", "first_name"),
        ("Nom de famille", "last_name"),
        ("E-mail", "email"),
        ("Courriel", "email"),
        ("Adresse e-mail", "email"),
        ("Fonction", "function"),
        ("Job Title", "function"),
        ("Entreprise", "employer"),
        ("Société", "employer"),
        ("Téléphone", "phone"),
        ("Tél.", "phone"),
        ("Portable", "mobile"),
        ("Source URL", "source_url"),
        ("Langue", "lang"),
        ("B2B/B2C", "type"),
        ("Name", "name"),
    ],
)
def test_header_aliases(header, key):
    assert plan(header).columns == [(0, key, header.strip())]


def test_nom_beside_prenom_is_the_family_name():
    assert plan("Nom", "Prénom", "Email").keys == {"last_name", "first_name", "email"}
    assert plan("Nom", "Email").keys == {"name", "email"}


def test_personal_columns_outside_the_allowed_set_are_forbidden():
    result = plan("Name", "Email", "Adresse", "Date de naissance", "Notes", "Photo", "Code postal", "Civilité")
    assert result.forbidden == ["Adresse", "Date de naissance", "Notes", "Photo", "Code postal", "Civilité"]
    assert result.keys == {"name", "email"}
    assert result.refused() == result.forbidden


def test_canonical_columns_need_their_field_allowed():
    result = plan("Name", "Email", "Phone", "Employer", allowed={"email"})
    assert result.forbidden == ["Phone", "Employer"]


def test_text_fields_declared_necessary_are_imported():
    result = plan("Name", "Email", "Ville", "Pays", allowed=ALLOWED | {"city", "country_id"})
    assert result.keys == {"name", "email", "city"}
    assert result.forbidden == ["Pays"], "a country is not imported as text"


def test_unknown_duplicated_and_blank_columns():
    result = plan("Name", "Email", "Lead score", "Courriel", "", "  ")
    assert result.unknown == ["Lead score"]
    assert result.duplicated == ["Courriel"]
    assert result.ignored == {4, 5}
    assert result.refused() == ["Lead score"]


def test_missing_columns():
    assert plan("Email").missing() == ["name"]
    assert plan("Prénom", "Job title").missing() == ["contact"]
    assert plan("Name", "Phone").missing(type_required=True) == ["type"]
    assert plan("Name", "Mobile", "Type").missing(type_required=True) == []


# --- reading ---


def test_encodings():
    text = "Nom;Prénom\nLefèvre;Hélène\n"
    assert detect_encoding(text.encode("utf-8")) == "utf-8"
    assert detect_encoding(b"\xef\xbb\xbf" + text.encode()) == "utf-8-sig"
    assert detect_encoding(text.encode("utf-16")) == "utf-16"
    assert detect_encoding("Cœur € ’".encode("cp1252")) == "cp1252"
    assert detect_encoding(b"caf\xe9 \x81") == "latin-1"
    for encoding in ("utf-8", "utf-8-sig", "latin-1", "cp1252", "utf-16"):
        rows = list(read_rows(text.encode(encoding)))
        assert rows == [(1, ["Nom", "Prénom"]), (2, ["Lefèvre", "Hélène"])], encoding


@pytest.mark.parametrize("delimiter", [";", ",", "\t", "|"])
def test_delimiters(delimiter):
    text = delimiter.join(["Name", "Email", "Job title"]) + "\n" + delimiter.join(["A", "a@x.org", "CTO"]) + "\n"
    assert sniff_delimiter(text) == delimiter
    assert list(read_rows(text.encode()))[1] == (2, ["A", "a@x.org", "CTO"])


def test_delimiter_inside_quotes_does_not_count():
    assert sniff_delimiter('"Nom, prénom";Email;Fonction\n') == ";"
    assert sniff_delimiter("Email\n") == ","


def test_line_numbers_skip_blank_rows_and_follow_multiline_cells():
    data = b'Name,Note\n\n,\nA,"two\nlines"\nB,x\n'
    assert list(read_rows(data)) == [(1, ["Name", "Note"]), (4, ["A", "two\nlines"]), (6, ["B", "x"])]


def test_xlsx():
    data = xlsx([["Name", "Phone", "Score"], [None, None, None], ["Jeanne", 612345678, 1.5]])
    assert is_xlsx(data)
    assert list(read_rows(data, "p.xlsx")) == [(1, ["Name", "Phone", "Score"]), (3, ["Jeanne", "612345678", "1.5"])]


@pytest.mark.parametrize(
    "data, file_name, code",
    [
        (b"", None, "empty"),
        (b"  \n\n", None, "empty"),
        (b"\xd0\xcf\x11\xe0\0\0", "p.xls", "old_excel"),
        (b"PK\x03\x04 not a workbook", "p.xlsx", "unreadable"),
    ],
)
def test_unreadable_files(data, file_name, code):
    with pytest.raises(ProspectFileError) as error:
        list(read_rows(data, file_name))
    assert error.value.code == code


def test_header_alone():
    assert read_header(b"\n\nName;Email\nA;a@x.org\n") == ["Name", "Email"]
    with pytest.raises(ProspectFileError) as error:
        read_header(b"PK\x03\x04 not a workbook", "p.xlsx")
    assert error.value.code == "unreadable"


def test_huge_cell_stops_the_file():
    data = b"Name,Email\nA,a@x.org\n" + b"x" * (MAX_CELL_CHARS + 1) + b",b@x.org\n"
    rows = read_rows(data)
    assert next(rows) == (1, ["Name", "Email"])
    assert next(rows) == (2, ["A", "a@x.org"])
    with pytest.raises(ProspectFileError) as error:
        next(rows)
    assert (error.value.code, error.value.params["line"]) == ("cell_too_large", 3)


# --- rows ---


def test_a_good_row_is_normalised():
    values, error = row(
        {
            "Name": "  Jeanne \u00a0 Martin ",
            "Email": "Jeanne Martin <Jeanne.MARTIN@Example.com>",
            "Phone": "01 23 45 67 89",
            "Mobile": "+33 (0)6 12 34 56 78",
            "Language": "fr-FR",
            "URL": "www.directory.example/jm",
            "Employer": " ACME  SA ",
        }
    )
    assert error is None
    assert values == {
        "name": "Jeanne Martin",
        "email": "jeanne.martin@example.com",
        "phone": "+33123456789",
        "mobile": "+33612345678",
        "function": False,
        "employer": "ACME SA",
        "type": "b2b",
        "lang": "fr_FR",
        "source_url": "https://www.directory.example/jm",
    }


def test_first_and_last_names_make_the_name():
    consumers = options(default_type="b2c")
    values, error = normalize_row(["Martin", " Jeanne", "jm@x.org"], plan("Nom", "Prénom", "Email"), consumers)
    assert (values["name"], error) == ("Jeanne Martin", None)
    values, error = normalize_row(["", "Jeanne", "jm@x.org"], plan("Nom", "Prénom", "Email"), consumers)
    assert values["name"] == "Jeanne"


@pytest.mark.parametrize(
    "cells, code",
    [
        ({"Email": "a@x.org"}, "missing_name"),
        ({"Name": "A"}, "missing_contact"),
        ({"Name": "A", "Email": "not an address"}, "invalid_email"),
        ({"Name": "A", "Email": "a@x.org, b@x.org"}, "invalid_email"),
        ({"Name": "A", "Email": "hugo.laurent@@exemple"}, "invalid_email"),
        ({"Name": "A", "Phone": "12"}, "invalid_phone"),
        ({"Name": "A", "Email": "a@x.org", "Mobile": "06 12"}, "invalid_phone"),
        ({"Name": "A", "Email": "a@x.org", "Phone": "01 23 45 67 89", "Type": "B2C"}, "b2c_phone"),
        ({"Name": "A", "Email": "a@x.org", "Type": "vip"}, "invalid_type"),
        ({"Name": "A", "Email": "a@x.org", "Language": "klingon"}, "invalid_lang"),
        ({"Name": "A", "Email": "a@x.org", "URL": "ftp://x.org/a"}, "invalid_url"),
        ({"Name": "A", "Email": "a@x.org", "URL": "not a url"}, "invalid_url"),
        ({"Name": "x" * 257, "Email": "a@x.org"}, "too_long"),
    ],
)
def test_bad_rows(cells, code):
    __, error = row(cells)
    assert error[0] == code


def test_the_error_names_the_column():
    assert row({"Name": "A", "Phone": "12"})[1] == ("invalid_phone", {"column": "Phone"})
    assert row({"Name": "x" * 300, "Email": "a@x.org"})[1] == ("too_long", {"column": "Name", "max": 256})


def test_type_from_the_file_or_the_default():
    assert row({"Name": "A", "Email": "a@x.org", "Type": "Particulier"})[0]["type"] == "b2c"
    assert row({"Name": "A", "Email": "a@x.org", "Type": "pro"})[0]["type"] == "b2b"
    assert row({"Name": "A", "Email": "a@x.org"}, default_type="b2c")[0]["type"] == "b2c"
    assert row({"Name": "A", "Email": "a@x.org"}, default_type=None)[1] == ("missing_type", {})


def test_consumers_keep_their_employer_when_the_company_allows_one():
    values, error = row({"Name": "A", "Email": "a@x.org", "Type": "b2c", "Employer": "ACME"})
    assert (error, values["employer"]) == (None, "ACME")


def test_data_the_prospect_may_not_hold_rejects_the_row():
    """The row check applies res.partner's minimisation rule to the prospect
    the row would make, whatever the columns let through."""
    assert row({"Name": "A", "Email": "a@x.org", "Mobile": "06 12 34 56 78", "Type": "b2c"})[1] == ("b2c_phone", {})
    allowed = {"email", "lang"}
    assert row({"Name": "A", "Email": "a@x.org", "Phone": "01 23 45 67 89", "Type": "b2c"}, allowed_fields=allowed)[
        1
    ] == (
        "not_allowed",
        {"fields": ["phone"]},
    )
    assert row({"Name": "A", "Email": "a@x.org", "Employer": "ACME", "Type": "b2c"}, allowed_fields=allowed)[1] == (
        "not_allowed",
        {"fields": ["parent_id"]},
    )
    assert row({"Name": "A", "Email": "a@x.org", "Language": "fr", "Type": "b2c"}, allowed_fields=allowed)[1] is None


def test_a_professional_is_known_by_their_job_or_employer():
    assert row({"Name": "A", "Email": "a@x.org"})[1] == ("b2b_without_profession", {})
    assert row({"Name": "A", "Email": "a@x.org", "Employer": "ACME"})[1] is None
    assert row({"Name": "A", "Email": "a@x.org", "Type": "b2c"})[1] is None
    columns = ("Name", "Email", "Job title")
    assert row({"Name": "A", "Email": "a@x.org", "Job title": "Buyer"}, columns=columns)[1] is None


def test_free_webmail_domains():
    assert is_free_webmail("jeanne.martin@Gmail.com")
    assert is_free_webmail("Jeanne <jm@orange.fr>")
    assert not is_free_webmail("jm@acme.fr")
    assert not is_free_webmail("not an address")
    assert not is_free_webmail(False)


def test_phone_numbers_use_the_company_country():
    assert row({"Name": "A", "Phone": "020 7946 0958"}, region="GB")[0]["phone"] == "+442079460958"
    assert row({"Name": "A", "Phone": "020 7946 0958"}, region="FR")[1][0] == "invalid_phone"


def test_cells_outside_the_header():
    columns, consumers = plan("Name", "", "Email"), options(default_type="b2c")
    assert normalize_row(["A", "", "a@x.org"], columns, consumers)[1] is None
    assert normalize_row(["A", "?", "a@x.org"], columns, consumers)[1] == ("no_header", {})
    assert normalize_row(["A", "", "a@x.org", "more"], columns, consumers)[1] == ("no_header", {})
    assert normalize_row(["A"], columns, consumers)[1] == ("missing_contact", {})


def test_dropped_columns_are_ignored():
    columns = plan("Name", "Email", "Adresse")
    values, error = normalize_row(["A", "a@x.org", "12 rue des Lilas"], columns, options(default_type="b2c"))
    assert error is None
    assert "12 rue des Lilas" not in repr(values)


def test_languages():
    aliases = language_aliases(LANGUAGES)
    for value, code in [
        ("fr", "fr_FR"),
        ("FR_fr", "fr_FR"),
        ("Français", "fr_FR"),
        ("francais", "fr_FR"),
        ("fr-BE", "fr_BE"),
        ("en", "en_US"),
        ("English", "en_US"),
        ("English (UK)", "en_GB"),
        ("en_GB", "en_GB"),
    ]:
        assert row({"Name": "A", "Email": "a@x.org", "Language": value}, languages=aliases)[0]["lang"] == code, value
    assert row({"Name": "A", "Email": "a@x.org", "Employer": "ACME"}, default_lang="fr_BE") == (
        {**row({"Name": "A", "Email": "a@x.org", "Employer": "ACME"})[0], "lang": "fr_BE"},
        None,
    )


def test_duplicates_inside_the_file():
    columns = plan("Name", "Email", "Phone", "Employer")
    rows = [
        (2, ["A", "a@x.org", "", "ACME"]),
        (3, ["A bis", "A@X.org", "", "ACME"]),
        (4, ["bad", "bad", "", "ACME"]),
        (5, ["C", "", "01 23 45 67 89", "ACME"]),
        (6, ["D", "", "+33123456789", "ACME"]),
        (7, ["E", "e@x.org", "01 23 45 67 89", "ACME"]),
    ]
    errors = {line: error for line, __, error in check_rows(rows, columns, options())}
    assert errors == {
        2: None,
        3: ("duplicate", {"line": 2}),
        4: ("invalid_email", {}),
        5: None,
        6: ("duplicate", {"line": 5}),
        7: None,
    }


def test_report_csv_opens_in_a_spreadsheet():
    data = report_csv(["Line", "Status", "Reason"], [(3, "Rejected", 'invalid, "quoted" é')])
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.decode("utf-8-sig").splitlines() == ["Line,Status,Reason", '3,Rejected,"invalid, ""quoted"" é"']


# --- helpers ---


@pytest.mark.parametrize(
    "header, normalised",
    [
        ("  Prénom ", "prenom"),
        ("E-mail", "e mail"),
        ("Source_URL", "source url"),
        ("\ufeffNom", "nom"),
        ("Téléphone (portable)", "telephone portable"),
        ("Nom / Réf.", "nom ref"),
        ("Société*", "societe"),
        ("", ""),
        (None, ""),
        (42, "42"),
    ],
)
def test_normalize_header(header, normalised):
    assert normalize_header(header) == normalised


def test_strip_accents_prospect_type_and_language_key():
    assert strip_accents("Élodie Crème brûlée") == "Elodie Creme brulee"
    assert prospect_type(" Particulier ") == "b2c"
    assert prospect_type("B-2-B") == "b2b"
    assert prospect_type("maybe") is None
    assert language_key(" fr-FR ") == "fr_fr"
    assert language_key("  Français  (France) ") == "francais (france)"


@pytest.mark.parametrize(
    "data, expected",
    [
        (b"PK\x03\x04rest of a zip", True),
        (b"PK\x03\x04", True),
        (b"PK\x05\x06", False),
        (b"PK\x03", False),
        (b"Name;Email\n", False),
        (b"\xd0\xcf\x11\xe0\0\0", False),
        (b"", False),
    ],
)
def test_is_xlsx(data, expected):
    assert is_xlsx(data) is expected


@pytest.mark.parametrize(
    "value, url",
    [
        ("www.x.org/p", "https://www.x.org/p"),
        ("  https://www.x.org/p?q=1  ", "https://www.x.org/p?q=1"),
        ("http://x.org", "http://x.org"),
        ("HTTPS://X.ORG/a", "HTTPS://X.ORG/a"),
        ("x.org/a b", False),
        ("ftp://x.org/a", False),
        ("localhost/page", False),
        ("https://[::1/", False),
        ("", False),
        (None, False),
    ],
)
def test_normalize_url(value, url):
    assert normalize_url(value) == url


@pytest.mark.parametrize(
    "value, text",
    [
        ("  Jeanne \u00a0 Martin ", "Jeanne Martin"),
        ("two\nlines\tand tabs", "two lines and tabs"),
        ("", ""),
        (None, ""),
        (0, ""),
        (612345678, "612345678"),
        (1.5, "1.5"),
    ],
)
def test_clean_text(value, text):
    assert clean_text(value) == text
