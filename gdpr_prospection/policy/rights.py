"""The person's rights exercised on the public request page (GDPR Art. 12,
15, 17, 21): the answer deadline, the verification link and the rate limits.

A verification link is an HMAC-SHA256 under the database secret, scoped to
this use and to one request, with a nonce kept on the request and an expiry
24 hours after the request was made. Burning the nonce kills the link: it
works once. No token is ever stored: the mail renders an inert placeholder
(``placeholder_path``), signed for its recipient as it leaves.
"""

import hashlib
import hmac
import re
from datetime import timedelta

from odoo.tools import consteq

from . import retention

SCOPE = "gdpr_prospection.rights_request"
# Art. 12(3): an answer within one month of the request
ANSWER_MONTHS = 1
LINK_VALIDITY = timedelta(hours=24)
# the verification link opens the person's page for this long once burnt
SESSION_VALIDITY = timedelta(hours=1)
# rate limits of the request page, counted over the last hour
RATE_WINDOW = timedelta(hours=1)
MAILS_PER_ADDRESS = 3
REQUESTS_PER_IP = 10
# the request page answers this long after the form was posted, known
# address or not: a known one costs a mail to queue, and the time must not tell
ANSWER_SECONDS = 0.8

PLACEHOLDER = "sent-mail-only"
_PLACEHOLDER_RE = re.compile(rf"/gdpr/request/(\d+)/{re.escape(PLACEHOLDER)}(?![\w-])")
_TOKEN_RE = re.compile(r"[0-9]{1,12}-[0-9a-f]{64}")


def pad_answer(started, clock, sleep, floor=None):
    """Wait until ``floor`` seconds (``ANSWER_SECONDS`` by default) went by
    since ``started``, read on ``clock``. Returns how long it waited."""
    remaining = (ANSWER_SECONDS if floor is None else floor) - (clock() - started)
    if remaining <= 0:
        return 0
    sleep(remaining)
    return remaining


def deadline(received_on):
    """The last day to answer a request received on ``received_on``."""
    return retention.add_months(received_on, ANSWER_MONTHS) if received_on else False


def _digest(secret, request_id, nonce, expiry):
    message = f"{SCOPE}:{request_id}:{nonce}:{expiry}"
    return hmac.new(secret.encode(), message.encode(), hashlib.sha256).hexdigest()


def make_token(secret, request_id, nonce, expiry):
    """The verification token of request ``request_id``; ``expiry`` is a
    POSIX timestamp that becomes part of the token."""
    if not nonce:
        raise ValueError("a verification token needs a nonce")
    return f"{int(expiry)}-{_digest(secret, request_id, nonce, int(expiry))}"


def check_token(secret, request_id, token, nonce, now):
    """True when ``token`` is the valid, unexpired and unused verification
    token of ``request_id`` (``nonce`` is False once used). Constant time."""
    if not nonce or not isinstance(token, str) or not _TOKEN_RE.fullmatch(token):
        return False
    raw_expiry, __, digest = token.partition("-")
    expiry = int(raw_expiry)
    if expiry < now:
        return False
    return consteq(_digest(secret, request_id, nonce, expiry), digest)


def placeholder_path(request_id):
    """The inert path the verification mail renders for ``request_id``."""
    return f"/gdpr/request/{int(request_id)}/{PLACEHOLDER}"


def sign_placeholder(text, request_id, token):
    """``text`` with the placeholder link of ``request_id`` (and no other)
    signed with ``token``."""
    if not text or PLACEHOLDER not in text:
        return text

    def replace(match):
        if int(match.group(1)) != request_id:
            return match.group(0)
        return f"/gdpr/request/{request_id}/{token}"

    return type(text)(_PLACEHOLDER_RE.sub(replace, text))


def over_limits(mails_to_address, requests_from_ip):
    """(no more mail to this address, no more request from this IP) given
    what the last hour counted."""
    return mails_to_address >= MAILS_PER_ADDRESS, requests_from_ip >= REQUESTS_PER_IP
