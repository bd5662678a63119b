"""What to do with each column of a prospect file: import it into the
prospect field it names, or refuse it, because it holds personal data the
company does not allow on a prospect (GDPR Art. 5(1)(c), data minimisation)
or because nothing recognises it."""

from dataclasses import dataclass, field

from .vocabulary import (
    COLUMN_FIELDS,
    EMAIL,
    EXTRA_TEXT_FIELDS,
    FIRST_NAME,
    HEADER_KEYS,
    LAST_NAME,
    MOBILE,
    NAME,
    PERSONAL_FIELDS,
    PHONE,
    TYPE,
    normalize_header,
)


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

    def label(self, key):
        """The header of the column imported as ``key``."""
        return next((label for __, k, label in self.columns if k == key), key)


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
