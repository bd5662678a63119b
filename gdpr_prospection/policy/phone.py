"""Phone canvassing (Code de la consommation L223-1 as amended by law
2025-594, in force since 11 August 2026, and D223-9 from decree 2022-1313):
a consumer is called only with their prior phone consent, Monday to Friday
10:00-13:00 and 14:00-20:00, never on a public holiday, at most 4 attempts
in 30 days. A professional is outside L223-1, but their objection (the
suppression list) is honoured. Consent is per channel: an email opt-in is no
phone opt-in."""

import datetime

from . import channel_consent
from .holidays import is_public_holiday

# the phone consent's states and transitions are those of every channel's consent
NOT_REQUESTED = channel_consent.NOT_REQUESTED
GIVEN = channel_consent.GIVEN
WITHDRAWN = channel_consent.WITHDRAWN
is_allowed_transition = channel_consent.is_allowed_transition

# the legal calling hours, [start, end) in the company's local time
CALLING_HOURS = (
    (datetime.time(10, 0), datetime.time(13, 0)),
    (datetime.time(14, 0), datetime.time(20, 0)),
)
MAX_ATTEMPTS = 4
ATTEMPT_WINDOW_DAYS = 30

# why a call is refused, in the order the rules are checked
SUPPRESSED = "suppressed"
OBJECTED = "objected"
NO_PHONE_CONSENT = "no_phone_consent"
WEEKEND = "weekend"
HOLIDAY = "holiday"
OUTSIDE_HOURS = "outside_hours"
TOO_MANY_ATTEMPTS = "too_many_attempts"

REASONS = (SUPPRESSED, OBJECTED, NO_PHONE_CONSENT, WEEKEND, HOLIDAY, OUTSIDE_HOURS, TOO_MANY_ATTEMPTS)


def within_calling_hours(moment):
    """True when the local time ``moment`` (a time) is in the legal hours."""
    return any(start <= moment < end for start, end in CALLING_HOURS)


def attempts_since(day):
    """The first day of the 30-day window that ends on ``day``: the calls
    made on or after it count towards the limit."""
    return day - datetime.timedelta(days=ATTEMPT_WINDOW_DAYS - 1)


def busiest_window(day, dates):
    """The most of ``dates`` (calls made or scheduled) that fall in one
    30-day window containing ``day``: a new call on ``day`` joins each of
    those windows, and none may hold more than the limit."""
    span = datetime.timedelta(days=ATTEMPT_WINDOW_DAYS - 1)
    busiest = 0
    for offset in range(ATTEMPT_WINDOW_DAYS):
        start = day - span + datetime.timedelta(days=offset)
        busiest = max(busiest, sum(1 for other in dates if start <= other <= start + span))
    return busiest


def call_refusal(prospect_type, phone_consent_state, suppressed, objected, day, moment=None, attempts=0):
    """The rule that refuses a call to one prospect, or None when it may be made.

    :param prospect_type: 'b2b' or 'b2c'
    :param phone_consent_state: the prospect's phone consent state
    :param suppressed: one of the prospect's numbers or addresses is on the
        suppression list
    :param objected: the prospect objected, refused or withdrew consent
    :param day: the local date of the call (a scheduled call's deadline)
    :param moment: the local time of the call, or None when only its day is
        known (a deadline has no hour)
    :param attempts: the calls already made (or, for a call scheduled,
        made and scheduled) to the person in the busiest 30-day window that
        holds ``day``
    """
    if suppressed:
        return SUPPRESSED
    if objected:
        return OBJECTED
    if prospect_type == "b2c" and phone_consent_state != GIVEN:
        return NO_PHONE_CONSENT
    if day.weekday() >= 5:
        return WEEKEND
    if is_public_holiday(day):
        return HOLIDAY
    if moment is not None and not within_calling_hours(moment):
        return OUTSIDE_HOURS
    if attempts >= MAX_ATTEMPTS:
        return TOO_MANY_ATTEMPTS
    return None
