"""The rights request rules, without Odoo's ORM."""

from datetime import date

from odoo.addons.gdpr_prospection.policy import rights

SECRET = "s3cret"


def test_deadline_is_one_month():
    assert rights.deadline(date(2026, 1, 31)) == date(2026, 2, 28)
    assert rights.deadline(date(2026, 3, 15)) == date(2026, 4, 15)
    assert rights.deadline(False) is False


def test_token_is_scoped_expires_and_dies_with_its_nonce():
    token = rights.make_token(SECRET, 7, "nonce", 1_000)
    assert rights.check_token(SECRET, 7, token, "nonce", now=999)
    assert not rights.check_token(SECRET, 7, token, "nonce", now=1_001), "expired"
    assert not rights.check_token(SECRET, 8, token, "nonce", now=999), "another request"
    assert not rights.check_token(SECRET, 7, token, False, now=999), "burnt"
    assert not rights.check_token(SECRET, 7, token, "other", now=999), "renewed"
    assert not rights.check_token("other", 7, token, "nonce", now=999)
    forged = token.replace("1000-", "9999-")
    assert not rights.check_token(SECRET, 7, forged, "nonce", now=999), "the expiry is signed"
    for garbage in ("", "x", None, "²-" + "0" * 64, token + "0"):
        assert not rights.check_token(SECRET, 7, garbage, "nonce", now=999)


def test_placeholder_is_signed_for_its_request_only():
    text = f"a {rights.placeholder_path(7)} b {rights.placeholder_path(8)}"
    signed = rights.sign_placeholder(text, 7, "123-abc")
    assert "/gdpr/request/7/123-abc" in signed
    assert rights.placeholder_path(8) in signed


def test_limits():
    assert rights.over_limits(0, 0) == (False, False)
    assert rights.over_limits(rights.MAILS_PER_ADDRESS, rights.REQUESTS_PER_IP) == (True, True)


def test_the_answer_waits_for_the_same_floor():
    waited = []
    clock = iter([10.25]).__next__
    assert rights.pad_answer(10.0, clock, waited.append, floor=1.0) == 0.75
    assert waited == [0.75]
    assert rights.pad_answer(10.0, iter([11.0]).__next__, waited.append, floor=1.0) == 0
    assert waited == [0.75], "a slow answer is not made slower"
