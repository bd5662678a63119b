"""Data minimisation (GDPR Art. 5(1)(c)): what a prospect record may hold."""

# Personal fields of res.partner that the minimisation rule watches. The
# name and the addon's own provenance fields are always allowed.
WATCHED_FIELDS = (
    "email",
    "function",
    "parent_id",
    "company_name",
    "phone",
    "mobile",
    "lang",
    "title",
    "street",
    "street2",
    "zip",
    "city",
    "state_id",
    "country_id",
    "website",
    "comment",
    "image_1920",
    "vat",
    "ref",
    "category_id",
    "child_ids",
    "bank_ids",
)

# The company's default (besides the name): email, job title, employer, phone (B2B only)
# and language.
DEFAULT_ALLOWED_FIELDS = (
    "email",
    "function",
    "parent_id",
    "company_name",
    "phone",
    "mobile",
    "lang",
)

# Stored on a B2C prospect only while their phone or SMS consent is given:
# phone canvassing and SMS prospection of consumers need prior consent, per
# channel (Code de la consommation L223-1, CPCE L34-5); an email opt-in is
# neither.
PHONE_FIELDS = ("phone", "mobile")


def forbidden_fields(values, allowed, prospect_type, phone_consent_given, inherited=()):
    """Names of the watched fields that hold a value a prospect may not keep.

    :param values: mapping field name -> value held by the prospect
    :param allowed: field names the company declared necessary
    :param prospect_type: 'b2b' or 'b2c'
    :param phone_consent_given: whether the prospect consented to phone calls
        or to text messages (either consent holds the number)
    :param inherited: fields whose value comes from the employer (a B2B
        contact shows its company's address): not the person's data
    """
    bad = []
    for name in WATCHED_FIELDS:
        if name not in values or not values[name] or name in inherited:
            continue
        if name not in allowed:
            bad.append(name)
        elif name in PHONE_FIELDS and prospect_type == "b2c" and not phone_consent_given:
            bad.append(name)
    return bad


def forbidden_field_names(allowed, prospect_type, phone_consent_given):
    """Names of the watched fields a prospect may not fill in at all: what
    its form offers read-only. Empty for a record that is no prospect.

    :param allowed: field names the company declared necessary
    :param prospect_type: 'b2b', 'b2c' or False
    :param phone_consent_given: whether the prospect consented to phone calls
        or to text messages (either consent holds the number)
    """
    if not prospect_type:
        return []
    return [
        name
        for name in WATCHED_FIELDS
        if name not in allowed or (name in PHONE_FIELDS and prospect_type == "b2c" and not phone_consent_given)
    ]
