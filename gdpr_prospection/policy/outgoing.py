"""Whether a message may leave for one recipient, and which rule stops it.

GDPR Art. 14(3)(b) (the notice goes at the latest with the first
communication), Art. 21(3) (an objection ends prospection), CPCE L34-5 (a
consumer gets prospection email only after opting in by email, and SMS only
after opting in by SMS: consent is per channel). One function decides
for every path (chatter, templates, composer, mass mailing, SMS); the models
only gather the facts.
"""

from . import consent
from .purge import INBOUND_FIELD

# what kind of message is leaving
NOTICE = "notice"  # the Article 14 notice, with the B2C consent request
ORDINARY = "ordinary"  # a one-to-one business message (chatter, template)
MARKETING = "marketing"  # mass mode: the composer's mass mail, mass mailing

# the channel a message leaves by
EMAIL = "email"
SMS = "sms"

# why it may not leave, in the order the rules are checked
SUPPRESSED = "suppressed"
OBJECTED = "objected"
CONSENT_REFUSED = "consent_refused"
CONSENT_WITHDRAWN = "consent_withdrawn"
TO_ERASE = "to_erase"
NOT_INFORMED = "not_informed"
NO_CONSENT = "no_consent"
NO_SMS_CONSENT = "no_sms_consent"
NOT_QUALIFIED = "not_qualified"

REASONS = (
    SUPPRESSED,
    OBJECTED,
    CONSENT_REFUSED,
    CONSENT_WITHDRAWN,
    TO_ERASE,
    NOT_INFORMED,
    NO_CONSENT,
    NO_SMS_CONSENT,
    NOT_QUALIFIED,
)

# the prospect values ``refusal`` reads
VALUE_FIELDS = (
    "gdpr_prospect_type",
    "gdpr_objected_on",
    "gdpr_consent_state",
    "gdpr_notice_sent_on",
    "gdpr_sms_consent_state",
)


def refusal(prospect, suppressed, kind, erasure_due=False, channel=EMAIL):
    """The rule that stops a message to one recipient, or None when it may leave.

    :param prospect: the recipient's values (``VALUE_FIELDS``) when the
        recipient is a prospect under the regime, else None
    :param suppressed: the address (or phone) is on the suppression list
    :param kind: NOTICE, ORDINARY or MARKETING
    :param erasure_due: the prospect's data is due for erasure
    :param channel: EMAIL or SMS
    """
    if prospect is not None and not prospect.get("gdpr_prospect_type") and prospect.get(INBOUND_FIELD):
        return _inbound_refusal(prospect, suppressed, kind, erasure_due)
    if suppressed and (kind == MARKETING or prospect is not None):
        # a suppression entry is about prospection: an invoice to a customer
        # who shares the address still leaves, a mailing never does
        return SUPPRESSED
    if prospect is None or not prospect.get("gdpr_prospect_type"):
        return None
    state = prospect.get("gdpr_consent_state") or consent.NOT_REQUESTED
    if prospect.get("gdpr_objected_on"):
        return OBJECTED
    if state == consent.REFUSED:
        return CONSENT_REFUSED
    if state == consent.WITHDRAWN:
        return CONSENT_WITHDRAWN
    if erasure_due:
        return TO_ERASE
    if kind == NOTICE:
        return None
    if not prospect.get("gdpr_notice_sent_on"):
        return NOT_INFORMED
    if channel == SMS:
        sms_state = prospect.get("gdpr_sms_consent_state")
        # a withdrawal is an objection to texts, a professional's too
        if sms_state == consent.WITHDRAWN or (prospect["gdpr_prospect_type"] == "b2c" and sms_state != consent.GIVEN):
            return NO_SMS_CONSENT
        return None
    if prospect["gdpr_prospect_type"] == "b2c" and state != consent.GIVEN:
        return NO_CONSENT
    return None


def _inbound_refusal(record, suppressed, kind, erasure_due):
    """A person who wrote to us (GDPR Art. 13, not 14) gets the answers to
    their own request, even from the suppression list; marketing only once
    a user qualified them as a professional or a consumer, which puts them
    under the prospects' rules (CPCE L34-5: a consumer's opt-in)."""
    if record.get("gdpr_objected_on"):
        return OBJECTED
    if erasure_due:
        return TO_ERASE
    if kind == MARKETING:
        return SUPPRESSED if suppressed else NOT_QUALIFIED
    return None
