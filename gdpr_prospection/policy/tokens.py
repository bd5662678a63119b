"""Per-person tokens of the public /gdpr/ pages.

A token is an HMAC-SHA256 under the database secret, scoped to one action
and one partner (or one record of another model under the regime, a lead,
``subject``), so that a token cannot be reused for another person or
another answer. Consent tokens also carry an expiry and a nonce that the
partner renews once it has answered: used or expired, they are dead.
Objection and withdrawal tokens never expire: those rights last.

No token is ever stored: a template renders an inert placeholder link
(``placeholder_path``), which opens nothing, and the mail is signed for its
recipient only as it leaves (``sign_placeholders``). The queued mail and the
chatter copy keep the placeholder.
"""

import hashlib
import hmac
import re

from odoo.tools import consteq

SCOPE = "gdpr_prospection.public"
ACTIONS = ("consent", "object", "withdraw")
# the token of a placeholder link: no token check accepts it
PLACEHOLDER = "sent-mail-only"
# a partner's path is /gdpr/<action>/<id>/..., another model's
# /gdpr/<action>/<model>/<id>/... (its token is scoped to the model too)
_PLACEHOLDER_RE = re.compile(
    rf"/gdpr/({'|'.join(ACTIONS)})/(?:([a-z_]+(?:\.[a-z_]+)+)/)?(\d+)/{re.escape(PLACEHOLDER)}(?![\w-])"
)


def _digest(secret, action, partner_id, nonce, expiry):
    message = f"{SCOPE}:{action}:{partner_id}:{nonce or ''}:{expiry or 0}"
    return hmac.new(secret.encode(), message.encode(), hashlib.sha256).hexdigest()


def make_token(secret, action, partner_id, nonce=None, expiry=None):
    """Token for ``action`` on ``partner_id``; ``expiry`` (a POSIX timestamp)
    becomes part of the token."""
    if action not in ACTIONS:
        raise ValueError(action)
    digest = _digest(secret, action, partner_id, nonce, expiry)
    return f"{int(expiry)}-{digest}" if expiry else digest


def check_token(secret, action, partner_id, token, nonce=None, now=None):
    """True when ``token`` is the valid, unexpired token of ``action`` for
    ``partner_id``. Compared in constant time."""
    if not isinstance(token, str) or not token or not token.isascii() or action not in ACTIONS:
        return False
    expiry = None
    if "-" in token:
        raw_expiry, _sep, digest = token.partition("-")
        # ASCII digits only: "²".isdigit() is true and int("²") raises
        if not (raw_expiry.isascii() and raw_expiry.isdigit()) or len(raw_expiry) > 12:
            return False
        expiry = int(raw_expiry)
        if now is None or expiry < now:
            return False
    elif action == "consent":
        return False
    else:
        digest = token
    expected = _digest(secret, action, partner_id, nonce, expiry)
    return consteq(expected, digest)


def record_path(action, record_id, model=None):
    """The path of ``action`` for a partner, or for a record of ``model``."""
    if action not in ACTIONS:
        raise ValueError(action)
    prefix = f"{model}/" if model else ""
    return f"/gdpr/{action}/{prefix}{int(record_id)}"


def subject(record_id, model=None):
    """What a token is scoped to: a partner's id, or a record of another
    model (a lead's token never opens the partner of the same id)."""
    return f"{model}:{int(record_id)}" if model else record_id


def placeholder_path(action, partner_id, model=None):
    """The inert path a template renders for ``action`` of ``partner_id``
    (or of the record of ``model``)."""
    return f"{record_path(action, partner_id, model)}/{PLACEHOLDER}"


def sign_placeholders(text, partner_id, sign, model=None):
    """``text`` with the placeholder links of ``partner_id`` (of the record
    of ``model``) signed: ``sign(action)`` gives the token, asked once per
    action. Another person's placeholders stay inert: a mail only ever
    opens its recipient's own pages."""
    if not text or PLACEHOLDER not in text:
        return text
    signed = {}

    def replace(match):
        action, path_model, record_id = match.group(1), match.group(2), int(match.group(3))
        if record_id != partner_id or path_model != model:
            return match.group(0)
        if action not in signed:
            signed[action] = sign(action)
        return f"{record_path(action, record_id, model)}/{signed[action]}"

    return type(text)(_PLACEHOLDER_RE.sub(replace, text))
