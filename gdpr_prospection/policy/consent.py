"""Consent states and the transitions between them (GDPR Art. 4(11), 7)."""

NOT_REQUESTED = "not_requested"
PENDING = "pending"
GIVEN = "given"
REFUSED = "refused"
WITHDRAWN = "withdrawn"

# Which state may follow which. Refusal and withdrawal are final: the data
# goes and only the suppression entry remains.
TRANSITIONS = {
    NOT_REQUESTED: {PENDING, GIVEN, REFUSED},
    PENDING: {GIVEN, REFUSED, PENDING},
    GIVEN: {WITHDRAWN},
    REFUSED: set(),
    WITHDRAWN: set(),
}

# The state each consent answer (an evidence event type) leads to.
ANSWER_STATES = {
    "consent_given": GIVEN,
    "consent_refused": REFUSED,
    "consent_withdrawn": WITHDRAWN,
}

# States that require a recorded event of this type before they can be set.
EVIDENCE_REQUIRED = {state: answer for answer, state in ANSWER_STATES.items()}


def is_allowed_transition(old, new):
    """True when a prospect's consent may go from ``old`` to ``new``."""
    old = old or NOT_REQUESTED
    return old == new or new in TRANSITIONS.get(old, set())
