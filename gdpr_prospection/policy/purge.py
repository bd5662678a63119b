"""Which prospects must be erased, and why (GDPR Art. 5(1)(e), 6(1)(a), 7(3),
17, 21; CNIL reference framework for commercial management).

Two views of the same rules: ``erasure_reason`` decides for one prospect
from its values, and ``reason_domains`` gives the Odoo domains that find the
prospects due for each reason, so that the nightly job can select them in
the database with a limit instead of loading every partner.
"""

from dataclasses import dataclass
from datetime import timedelta

from . import consent

RETENTION_EXPIRED = "retention_expired"
NO_CONSENT = "no_consent"
REFUSED = "refused"
WITHDRAWN = "withdrawn"
OBJECTED = "objected"


@dataclass(frozen=True)
class ErasureReason:
    """One reason for erasure, in every vocabulary that names it.

    :param key: the value of ``gdpr_erasure_reason``, of the purge run's
        ``<key>_count`` counter and of the "purged" evidence's note
    :param label: the English label of the selection
    :param suppression: reason of the suppression entry the erasure leaves
        (None: the person never objected, nothing needs honouring)
    :param answer: the person's answer (evidence event type) that makes the
        prospect due for this reason, when it is an answer
    """

    key: str
    label: str
    suppression: str | None
    answer: str | None


# Highest priority first: a prospect due for several reasons is erased for
# the first one, which decides its suppression entry.
ERASURE_REASONS = (
    ErasureReason(OBJECTED, "Objected", "objection", "objection"),
    ErasureReason(WITHDRAWN, "Consent withdrawn", "consent_withdrawn", "consent_withdrawn"),
    ErasureReason(REFUSED, "Consent refused", "consent_refused", "consent_refused"),
    ErasureReason(NO_CONSENT, "No consent in time", "no_consent", None),
    ErasureReason(RETENTION_EXPIRED, "Retention period over", None, None),
)

REASONS = tuple(reason.key for reason in ERASURE_REASONS)
SELECTION = [(reason.key, reason.label) for reason in ERASURE_REASONS]
SUPPRESSION_REASONS = {reason.key: reason.suppression for reason in ERASURE_REASONS if reason.suppression}
# the suppression entry an answer leaves (objection, refusal, withdrawal)
ANSWER_SUPPRESSION = {reason.answer: reason.suppression for reason in ERASURE_REASONS if reason.answer}
# the erasures the person asked for: due at once, and the purge may not stop while one waits
ASKED_BY_THE_PERSON = (OBJECTED, REFUSED, WITHDRAWN)

UNANSWERED_STATES = (consent.NOT_REQUESTED, consent.PENDING)

# The partner fields ``erasure_reason`` reads.
VALUE_FIELDS = (
    "gdpr_prospect_type",
    "gdpr_objected_on",
    "gdpr_consent_state",
    "gdpr_notice_sent_on",
    "gdpr_collected_on",
    "gdpr_retention_until",
    "gdpr_phone_consent_state",
    "gdpr_sms_consent_state",
)
# set on a record whose data the person gave us themself (a form, a mail, a
# chat): no prospect, no consent clock, but the same retention and objection
INBOUND_FIELD = "gdpr_inbound_channel"
# a consent to calls or texts is a consent too: a consumer who gave one of
# them but not the email one is prospected on that channel, and kept
CHANNEL_CONSENT_FIELDS = ("gdpr_phone_consent_state", "gdpr_sms_consent_state")


def consent_deadline(now, consent_delay_days):
    """Datetime before which an unanswered consent request is too old."""
    return now - timedelta(days=consent_delay_days)


def unasked_collection_deadline(today, notice_delay_days):
    """Collection date before which a never-asked B2C prospect is too old
    (not to be confused with ``notice.notice_deadline``, the last day to send
    the notice)."""
    return today - timedelta(days=notice_delay_days)


def erasure_reason(values, today, now, consent_delay_days, notice_delay_days):
    """Why the prospect described by ``values`` must be erased now, or False.

    :param values: mapping with the prospect's ``gdpr_prospect_type``,
        ``gdpr_objected_on``, ``gdpr_consent_state``, ``gdpr_notice_sent_on``,
        ``gdpr_collected_on`` and ``gdpr_retention_until``; a record the
        person gave us (``INBOUND_FIELD`` set, no prospect type) goes only at
        their objection or at the end of its retention
    :param today: the current date; ``now`` the current datetime (naive UTC)
    :param consent_delay_days: days a B2C prospect has to answer the consent
        request (counted from the notice that asked)
    :param notice_delay_days: days after collection within which a B2C
        prospect must have been asked
    """
    kind = values.get("gdpr_prospect_type")
    if not kind and not values.get(INBOUND_FIELD):
        return False
    state = values.get("gdpr_consent_state")
    if values.get("gdpr_objected_on"):
        return OBJECTED
    if state == consent.WITHDRAWN:
        return WITHDRAWN
    if state == consent.REFUSED:
        return REFUSED
    channel_consent = any(values.get(name) == consent.GIVEN for name in CHANNEL_CONSENT_FIELDS)
    if kind == "b2c" and (state or consent.NOT_REQUESTED) in UNANSWERED_STATES and not channel_consent:
        sent_on = values.get("gdpr_notice_sent_on")
        collected_on = values.get("gdpr_collected_on")
        if sent_on:
            if sent_on < consent_deadline(now, consent_delay_days):
                return NO_CONSENT
        elif collected_on and collected_on < unasked_collection_deadline(today, notice_delay_days):
            return NO_CONSENT
    until = values.get("gdpr_retention_until")
    if until and until < today:
        return RETENTION_EXPIRED
    return False


def no_consent_domain(today, now, company_delays):
    """Domain of the B2C prospects who did not consent in time.

    :param company_delays: iterable of (company id or False,
        consent_delay_days, notice_delay_days); False stands for prospects
        without a company, who follow the current company's delays
    """
    branches = []
    for company_id, consent_delay, notice_delay in company_delays:
        branches.append(
            [
                ("company_id", "=", company_id),
                "|",
                "&",
                ("gdpr_notice_sent_on", "!=", False),
                ("gdpr_notice_sent_on", "<", consent_deadline(now, consent_delay)),
                "&",
                ("gdpr_notice_sent_on", "=", False),
                ("gdpr_collected_on", "<", unasked_collection_deadline(today, notice_delay)),
            ]
        )
    if not branches:
        return [(0, "=", 1)]
    delays = ["|"] * (len(branches) - 1) + [term for branch in branches for term in ["&", *branch]]
    return [
        ("gdpr_prospect_type", "=", "b2c"),
        ("gdpr_consent_state", "in", [*UNANSWERED_STATES, False]),
        *((name, "!=", consent.GIVEN) for name in CHANNEL_CONSENT_FIELDS),
        *delays,
    ]


def reason_domains(today, now, company_delays):
    """Domain of the prospects due for each reason (overlapping: a prospect
    may match several; ``REASONS`` says which one wins)."""
    return {
        OBJECTED: [("gdpr_objected_on", "!=", False)],
        WITHDRAWN: [("gdpr_consent_state", "=", consent.WITHDRAWN)],
        REFUSED: [("gdpr_consent_state", "=", consent.REFUSED)],
        NO_CONSENT: no_consent_domain(today, now, company_delays),
        RETENTION_EXPIRED: [("gdpr_retention_until", "<", today)],
    }
