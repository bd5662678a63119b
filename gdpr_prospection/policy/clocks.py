"""Who moves the regime's clocks: the dates and states that decide when a
prospect is informed, may be mailed and must be erased change only through
the actions that record them (the CNIL's KASPR decision, 2024: a retention
period that renews itself is the fault a regulator looks for first)."""

# The action that writes each recorded field; any other write is refused.
NOTICE = "notice"
ANSWER = "answer"
CONTACT = "contact"
CONVERSION = "conversion"
COMPUTED = "computed"
PHONE_ANSWER = "phone_answer"
SMS_ANSWER = "sms_answer"
CALL_GUARD = "call_guard"
RENEWAL = "renewal"

RECORDED_FIELDS = {
    "gdpr_notice_sent_on": NOTICE,
    "gdpr_consent_state": ANSWER,
    "gdpr_objected_on": ANSWER,
    "gdpr_last_contact_on": CONTACT,
    "gdpr_converted_on": CONVERSION,
    "gdpr_retention_until": COMPUTED,
    "gdpr_notice_due_on": COMPUTED,
    "gdpr_phone_consent_state": PHONE_ANSWER,
    "gdpr_phone_consent_on": PHONE_ANSWER,
    "gdpr_sms_consent_state": SMS_ANSWER,
    "gdpr_sms_consent_on": SMS_ANSWER,
    "gdpr_call_refused_count": CALL_GUARD,
    "gdpr_renewal_sent_on": RENEWAL,
}

# Why a new collection date is refused.
COLLECTED_IN_FUTURE = "future"
COLLECTED_LATER = "later"
COLLECTED_NOT_DPO = "not_dpo"
COLLECTED_EMPTY = "empty"


def recorded_fields_written(vals):
    """The recorded fields among the keys of ``vals``, in a stable order."""
    return [name for name in RECORDED_FIELDS if name in vals]


def collection_date_refusal(old, new, today, is_dpo):
    """Why a prospect's collection date may not go from ``old`` to ``new``,
    or None. Set once; never in the future; afterwards only the DPO corrects
    it, and only to an earlier date: a later one would push retention and
    the notice deadline forward."""
    if not new:
        return COLLECTED_EMPTY
    if new > today:
        return COLLECTED_IN_FUTURE
    if not old or new == old:
        return None
    if new > old:
        return COLLECTED_LATER
    if not is_dpo:
        return COLLECTED_NOT_DPO
    return None


def earliest_collection(old, found_on):
    """The collection date after the person was found again on
    ``found_on``: retention counts from the first collection."""
    return min(filter(None, [old, found_on]), default=None)


# Headers by which a mail says a machine wrote it (RFC 3834, and the
# de facto ones of common autoresponders).
AUTOMATIC_PRECEDENCE = {"bulk", "auto_reply", "junk", "list"}


def is_automatic_mail(headers):
    """True when an incoming mail was written by a machine (an out-of-office
    reply, a delivery report, a list's bulk mail): it is no contact from the
    person. ``headers`` maps lower-cased header names to their values."""
    auto_submitted = (headers.get("auto-submitted") or "").strip().lower()
    if auto_submitted and auto_submitted != "no":
        return True
    if headers.get("x-autoreply") or headers.get("x-autorespond"):
        return True
    if (headers.get("precedence") or "").strip().lower() in AUTOMATIC_PRECEDENCE:
        return True
    content_type = (headers.get("content-type") or "").lower()
    return content_type.startswith("multipart/report")
