"""The checks of values that come from outside, without Odoo's ORM."""

import pytest

from odoo.addons.gdpr_prospection.policy import inputs, tokens


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("https://directory.example/p?q=1", True),
        ("HTTP://directory.example", True),
        ("javascript:alert(1)", False),
        ("JavaScript:alert(1)", False),
        (" https://directory.example", False),
        ("java\tscript:alert(1)", False),
        ("data:text/html,<b>x</b>", False),
        ("//directory.example", False),
        ("http:/directory.example", False),
        ("https://", False),
        ("directory.example", False),
        ("https://a.example/\nb", False),
        ("", False),
        (None, False),
    ],
)
def test_web_urls(value, expected):
    assert inputs.is_web_url(value) is expected
    assert inputs.web_url(value) == (value if expected else False)


def test_inert_links():
    body = (
        '<a href="javascript:alert(1)">x</a> <a style="" href="https://a.example/c?d=1&amp;e">y</a> '
        '<a href=\'JAVA&#9;SCRIPT:alert(2)\'>z</a> <a href="/gdpr/object/1/x">r</a> <a href="mailto:a@b.example">m</a>'
    )
    assert inputs.inert_links(body) == (
        '<a>x</a> <a style="" href="https://a.example/c?d=1&amp;e">y</a> '
        '<a>z</a> <a href="/gdpr/object/1/x">r</a> <a href="mailto:a@b.example">m</a>'
    )
    assert inputs.inert_links("") == ""
    assert inputs.inert_links(False) is False


@pytest.mark.parametrize("trigger", ["=", "+", "-", "@", "\t", "\r"])
def test_formulas_are_neutralised(trigger):
    value = f'{trigger}HYPERLINK("https://evil.example")'
    assert inputs.neutralise_formula(value) == "'" + value
    assert inputs.neutralise_formula(inputs.neutralise_formula(value)) == "'" + value


def test_other_values_are_kept():
    for value in ("Jeanne Martin", "'=already", "", False, None, 12):
        assert inputs.neutralise_formula(value) == value


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("12", 12),
        ("2147483647", 2147483647),
        ("2147483648", None),
        ("9" * 30, None),
        ("0", None),
        ("012", None),
        ("²", None),
        ("\u0663", None),
        ("-1", None),
        ("1.0", None),
        ("", None),
        (None, None),
    ],
)
def test_public_ids(value, expected):
    assert inputs.parse_id(value) == expected


def test_token_shape_and_check():
    secret = "s3cret"
    token = tokens.make_token(secret, "consent", 7, "nonce", 4102444800)
    assert inputs.is_token_shaped(token)
    assert inputs.is_token_shaped(tokens.make_token(secret, "object", 7))
    for bad in ("²-x", "x", token.upper(), token + "0" * 100, "\u0663-" + token.partition("-")[2], "9" * 20 + "-ab"):
        assert not inputs.is_token_shaped(bad)
    # the check itself never raises on what a URL may carry
    for bad in ("²-x", "\u0663\u0663-" + token.partition("-")[2], "é" * 64, "9" * 40 + "-x"):
        assert tokens.check_token(secret, "consent", 7, bad, nonce="nonce", now=0) is False
    assert tokens.check_token(secret, "consent", 7, token, nonce="nonce", now=0)
