"""Which leads hold a person's data.

A lead that names no person and whose address is a company's generic role
mailbox (``info@``, ``contact@``, ``sales@``...) holds a company's data only:
no natural person is identified (GDPR Art. 4(1)), so it is not a prospect
and the prospect regime does not apply to it. A contact name, or a personal
address (``jane.doe@``), makes it a person's data.
"""

from email.utils import parseaddr

# Local parts of the role mailboxes companies publish, in English and French.
ROLE_MAILBOXES = frozenset(
    {
        "accounting",
        "accueil",
        "admin",
        "administration",
        "bonjour",
        "billing",
        "careers",
        "commercial",
        "compta",
        "comptabilite",
        "contact",
        "contactus",
        "direction",
        "enquiries",
        "facturation",
        "general",
        "hello",
        "help",
        "hr",
        "info",
        "infos",
        "inquiries",
        "jobs",
        "mail",
        "marketing",
        "no-reply",
        "noreply",
        "office",
        "postmaster",
        "press",
        "presse",
        "reception",
        "recrutement",
        "sales",
        "secretariat",
        "service",
        "support",
        "team",
        "ventes",
        "webmaster",
    }
)
# separators of a role mailbox's variants: sales.fr@, contact-us@, info_paris@
SEPARATORS = ".-_+"


def is_role_address(email):
    """Whether ``email`` is a generic role mailbox rather than a person's."""
    address = parseaddr(email or "")[1].strip().lower()
    if "@" not in address:
        return False
    local = address.rsplit("@", 1)[0]
    if local in ROLE_MAILBOXES:
        return True
    for separator in SEPARATORS:
        local = local.replace(separator, " ")
    words = local.split()
    return bool(words) and (words[0] in ROLE_MAILBOXES or "".join(words) in ROLE_MAILBOXES)


def holds_only_a_company(contact_name, email):
    """Whether a lead with this contact name and address holds only a
    company's data: no contact name, and no address or a role address."""
    if contact_name and contact_name.strip():
        return False
    return not (email and email.strip()) or is_role_address(email)
