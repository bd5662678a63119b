"""Consent per channel beyond email: phone canvassing (Code de la
consommation L223-1) and SMS prospection (CPCE L34-5) each have their own
state, date and proof. An email opt-in is neither, and neither is the other.
Both reach the person through the same numbers."""

from . import consent

PHONE = "phone"
SMS = "sms"
CHANNELS = (PHONE, SMS)

# the states of a channel's consent (a subset of the email consent's)
NOT_REQUESTED = consent.NOT_REQUESTED
GIVEN = consent.GIVEN
WITHDRAWN = consent.WITHDRAWN

# the prospect fields that hold each channel's state and its date
STATE_FIELDS = {PHONE: "gdpr_phone_consent_state", SMS: "gdpr_sms_consent_state"}
DATE_FIELDS = {PHONE: "gdpr_phone_consent_on", SMS: "gdpr_sms_consent_on"}

# each answer (an evidence event type): its channel and the state it leads to
ANSWERS = {
    "phone_consent_given": (PHONE, GIVEN),
    "phone_consent_withdrawn": (PHONE, WITHDRAWN),
    "sms_consent_given": (SMS, GIVEN),
    "sms_consent_withdrawn": (SMS, WITHDRAWN),
}
# the event that proves a channel's consent
GIVEN_EVENTS = {channel: answer for answer, (channel, state) in ANSWERS.items() if state == GIVEN}

# a withdrawal ends that channel only: the person may consent again later
TRANSITIONS = {
    NOT_REQUESTED: {GIVEN},
    GIVEN: {WITHDRAWN},
    WITHDRAWN: {GIVEN},
}


def is_allowed_transition(old, new):
    """True when a prospect's consent on one channel may go from ``old`` to ``new``."""
    old = old or NOT_REQUESTED
    return old == new or new in TRANSITIONS.get(old, set())


def numbers_kept(prospect_type, withdrawn, states):
    """Whether a prospect's phone numbers stay after they withdrew their
    consent on the channel ``withdrawn``.

    A consumer's number is held only on a phone or SMS consent: it stays
    while the other channel's consent is given. A professional's number is
    held for calls, which need no consent: an SMS withdrawal leaves it (the
    texts stop on the withdrawal itself), a phone withdrawal takes it.

    :param prospect_type: 'b2b' or 'b2c'
    :param withdrawn: PHONE or SMS
    :param states: {channel: state} of the prospect, before the withdrawal
    """
    if prospect_type == "b2b":
        return withdrawn == SMS
    return any(states.get(channel) == GIVEN for channel in CHANNELS if channel != withdrawn)


def holds_numbers(phone_state, sms_state):
    """Whether a consumer may hold phone numbers: with a phone or an SMS consent."""
    return GIVEN in (phone_state, sms_state)
