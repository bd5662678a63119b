"""The pure policy rules, without Odoo's ORM."""

import hashlib
import hmac
from datetime import date

from odoo.addons.gdpr_prospection.policy import consent, identity, minimisation, notice, retention, tokens


def test_email_normalisation_and_match_key():
    assert identity.normalize_email(" Jean Dupont <Jean.Dupont+News@Gmail.COM> ") == "jean.dupont+news@gmail.com"
    assert identity.normalize_email("not an address") is False
    assert identity.email_match_key("jean.dupont+news@gmail.com") == "jeandupont@gmail.com"
    assert identity.email_match_key("j.dupont+x@googlemail.com") == "jdupont@gmail.com"
    assert identity.email_match_key("anne.durand+x@example.com") == "anne.durand@example.com"


def test_fast_email_normalisation_agrees_with_odoo():
    from odoo.tools import email_normalize

    samples = [
        "Anne.Durand@Example.COM",
        "a+b%c_d-e@sub.example.co.uk",
        "a..b@example.com",
        ".a@example.com",
        "a.@example.com",
        "a@b@example.com",
        "a@-example.com",
        "a@example..com",
        "a@example.c",
        "ANNE@EXAMPLE.ORG",
        "x@xn--bcher-kva.example",
        '"Anne" <anne@example.com>',
        "anne@example.com, bob@example.com",
        "anne durand@example.com",
        "élodie@exemple.fr",
        "anne@exämple.fr",
    ]
    for sample in samples:
        assert identity.normalize_email(sample) == email_normalize(sample), sample


def test_keyed_hash_is_hmac_sha256():
    assert identity.keyed_hash("k1", "a@b.c") == hmac.new(b"k1", b"a@b.c", hashlib.sha256).hexdigest()


def test_phone_normalisation():
    for raw in ("06 12 34 56 78", "0612345678", "+33 6 12 34 56 78", "06.12.34.56.78"):
        assert identity.normalize_phone(raw) == "+33612345678"
    assert identity.normalize_phone("12") is False
    assert identity.normalize_phone("020 7946 0018", "GB") == "+442079460018"


def test_keyed_hash_depends_on_the_key():
    assert identity.keyed_hash("k1", "a@b.c") != identity.keyed_hash("k2", "a@b.c")
    assert len(identity.keyed_hash("k1", "a@b.c")) == 64
    assert identity.keyed_hash("k1", "") is False


def test_retention_dates():
    assert retention.retention_until(date(2026, 1, 31), None, 36) == date(2029, 1, 31)
    assert retention.retention_until(date(2026, 1, 1), date(2027, 2, 28), 36) == date(2030, 2, 28)
    assert retention.retention_until(date(2026, 1, 1), None, 48) == date(2029, 1, 1), "capped at 36 months"
    assert retention.retention_until(None, None, 36) is None


def test_consent_transitions():
    assert consent.is_allowed_transition("not_requested", "pending")
    assert consent.is_allowed_transition("pending", "given")
    assert consent.is_allowed_transition("given", "withdrawn")
    assert not consent.is_allowed_transition("refused", "given")
    assert not consent.is_allowed_transition("withdrawn", "given")
    assert not consent.is_allowed_transition("given", "pending")


def test_minimisation():
    allowed = set(minimisation.DEFAULT_ALLOWED_FIELDS)
    assert minimisation.forbidden_fields({"email": "a@b.c", "street": "1 rue"}, allowed, "b2b", False) == ["street"]
    assert minimisation.forbidden_fields({"phone": "0612"}, allowed, "b2c", False) == ["phone"]
    assert minimisation.forbidden_fields({"phone": "0612"}, allowed, "b2c", True) == []
    assert minimisation.forbidden_fields({"street": "1 rue"}, allowed, "b2b", False, inherited={"street"}) == []


def test_notice_deadline_and_elements():
    assert notice.notice_deadline(date(2026, 4, 1), 30) == date(2026, 5, 1)
    assert notice.notice_deadline(date(2026, 4, 1), 90) == date(2026, 5, 1), "one month at most"
    assert "legitimate_interest" in notice.missing_elements("b2b", set())
    assert "consent" in notice.missing_elements("b2c", set())
    assert notice.missing_elements("b2b", set(notice.REQUIRED_ELEMENTS["b2b"])) == []
    assert notice.mask_email("jeanne.martin@example.com") == "j***@e***.com"


def test_tokens():
    token = tokens.make_token("secret", "object", 7)
    assert tokens.check_token("secret", "object", 7, token)
    assert not tokens.check_token("secret", "object", 8, token)
    assert not tokens.check_token("secret", "withdraw", 7, token)
    assert not tokens.check_token("other", "object", 7, token)
    consent_token = tokens.make_token("secret", "consent", 7, nonce="n1", expiry=2000)
    assert tokens.check_token("secret", "consent", 7, consent_token, nonce="n1", now=1999)
    assert not tokens.check_token("secret", "consent", 7, consent_token, nonce="n1", now=2001)
    assert not tokens.check_token("secret", "consent", 7, consent_token, nonce="n2", now=1999)
    assert not tokens.check_token("secret", "consent", 7, consent_token.split("-")[1], nonce="n1", now=1999)
