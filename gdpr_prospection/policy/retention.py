"""Retention dates (CNIL reference framework for commercial management)."""

from dateutil.relativedelta import relativedelta

# A prospect's data is kept at most 3 years from collection or from the
# last contact that came from the prospect.
MAX_RETENTION_MONTHS = 36
DEFAULT_RETENTION_MONTHS = 36
# The suppression list is kept at least 3 years from the objection.
MIN_SUPPRESSION_MONTHS = 36
DEFAULT_EVIDENCE_MONTHS = 60
# Article 14(3)(a): the notice goes out within one month of collection.
MAX_NOTICE_DELAY_DAYS = 30
DEFAULT_NOTICE_DELAY_DAYS = 30
DEFAULT_CONSENT_DELAY_DAYS = 30


def retention_until(collected_on, last_contact_on, months):
    """Date after which a prospect's data must be gone: ``months`` after the
    last contact that came from the prospect, or after collection when the
    prospect never got in touch. None without a start date."""
    start = max(filter(None, [collected_on, last_contact_on]), default=None)
    if not start:
        return None
    return start + relativedelta(months=min(months or MAX_RETENTION_MONTHS, MAX_RETENTION_MONTHS))


def add_months(start, months):
    return start + relativedelta(months=months)
