"""Who may be prospected as a professional (B2B).

The B2B exception to prior consent (CPCE L34-5, CNIL's reading) covers a
message about the person's profession, sent to a professional address: a
B2B prospect must be known by a job title or an employer, and a
free-webmail address is flagged because it is most often a private one.
"""

# Free webmail domains common in France and abroad: an address there is not
# a professional one unless the person uses it as such.
FREE_WEBMAIL_DOMAINS = frozenset(
    {
        "aol.com",
        "bbox.fr",
        "free.fr",
        "gmail.com",
        "gmx.fr",
        "gmx.com",
        "googlemail.com",
        "hotmail.com",
        "hotmail.fr",
        "icloud.com",
        "laposte.net",
        "live.com",
        "live.fr",
        "mac.com",
        "me.com",
        "msn.com",
        "neuf.fr",
        "orange.fr",
        "outlook.com",
        "outlook.fr",
        "proton.me",
        "protonmail.com",
        "sfr.fr",
        "wanadoo.fr",
        "yahoo.com",
        "yahoo.fr",
    }
)


def is_free_webmail(email):
    """Whether ``email`` is at a free-webmail domain."""
    if not email or "@" not in email:
        return False
    return email.rsplit("@", 1)[1].strip().lower().rstrip(">") in FREE_WEBMAIL_DOMAINS


def lacks_profession(prospect_type, job_title, employer):
    """A B2B prospect known by neither a job title nor an employer."""
    return prospect_type == "b2b" and not (job_title or employer)
