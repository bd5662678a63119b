"""The pure policy rules, without Odoo's ORM."""

import hashlib
import hmac
import itertools
from datetime import date, datetime, timedelta

import pytest
from markupsafe import Markup

from odoo.addons.gdpr_prospection.policy import consent, identity, minimisation, notice, purge, retention, tokens


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
        "a@-example.com",
        "ANNE@EXAMPLE.ORG",
        "x@xn--bcher-kva.example",
        '"Anne" <anne@example.com>',
        "élodie@exemple.fr",
        "anne@exämple.fr",
    ]
    for sample in samples:
        assert identity.normalize_email(sample) == email_normalize(sample), sample


def test_a_mangled_address_is_refused_not_cut():
    """Odoo keeps the last piece of these; a prospect's address is either
    the whole value or nothing."""
    for sample in (
        "hugo.laurent@@exemple",
        "hugo.laurent@exemple",
        "a@b@example.com",
        "anne durand@example.com",
        "anne@example.com, bob@example.com",
        "a@example..com",
        "a@example.c",
        "@example.com",
        "Anne <@example.com>",
    ):
        assert identity.normalize_email(sample) is False, sample


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


def test_placeholder_links_open_nothing_until_signed():
    for action in tokens.ACTIONS:
        path = tokens.placeholder_path(action, 7)
        assert path == f"/gdpr/{action}/7/{tokens.PLACEHOLDER}"
        assert not tokens.check_token("secret", action, 7, path.rsplit("/", 1)[1], nonce="n1", now=1)
    with pytest.raises(ValueError):
        tokens.placeholder_path("unsubscribe", 7)
    asked = []

    def sign(action):
        asked.append(action)
        return tokens.make_token("secret", action, 7)

    own, other = tokens.placeholder_path("object", 7), tokens.placeholder_path("object", 8)
    text = Markup(f'<a href="https://x.example{own}">no</a> <a href="https://x.example{other}">no</a> [1] {own}]')
    signed = tokens.sign_placeholders(text, 7, sign)
    assert isinstance(signed, Markup)
    assert f'href="https://x.example/gdpr/object/7/{sign("object")}"' in signed
    assert f"[1] /gdpr/object/7/{sign('object')}]" in signed
    assert other in signed, "another person's link stays inert"
    assert asked.count("object") == 3, "one token per action and text (and the two asked here)"
    assert tokens.sign_placeholders("<p>no link</p>", 7, sign) == "<p>no link</p>"
    assert tokens.sign_placeholders(f"{own}-x {own}x", 7, sign) == f"{own}-x {own}x", "only a whole placeholder"


# --- identity: the hashes the suppression list and the evidence keep ---


def test_email_hashes():
    exact, loose = identity.email_hashes("k1", " Jean.Dupont+News@Gmail.COM ")
    assert exact == identity.keyed_hash("k1", "jean.dupont+news@gmail.com")
    assert loose == identity.keyed_hash("k1", "jeandupont@gmail.com")
    assert identity.email_hashes("k1", "jeandupont@googlemail.com")[1] == loose
    assert identity.email_hashes("k2", "jean.dupont+news@gmail.com") != (exact, loose)
    assert identity.email_hashes("k1", "not an address") == (False, False)
    assert identity.email_hashes("k1", "") == (False, False)


def test_phone_hash():
    expected = identity.keyed_hash("k1", "+33612345678")
    for raw in ("06 12 34 56 78", "+33 6 12 34 56 78", "0033612345678"):
        assert identity.phone_hash("k1", raw) == expected, raw
    assert identity.phone_hash("k1", "020 7946 0018", "GB") == identity.keyed_hash("k1", "+442079460018")
    assert identity.phone_hash("k2", "0612345678") != expected
    assert identity.phone_hash("k1", "12") is False
    assert identity.phone_hash("k1", "") is False


def test_add_months():
    assert retention.add_months(date(2026, 1, 15), 36) == date(2029, 1, 15)
    assert retention.add_months(date(2026, 1, 31), 1) == date(2026, 2, 28), "end of a shorter month"
    assert retention.add_months(date(2028, 2, 29), 12) == date(2029, 2, 28)
    assert retention.add_months(date(2026, 6, 15), 0) == date(2026, 6, 15)


def test_tokens_refuse_unknown_actions_and_consent_tokens_without_expiry():
    with pytest.raises(ValueError):
        tokens.make_token("secret", "delete", 7)
    assert not tokens.check_token("secret", "delete", 7, tokens.make_token("secret", "object", 7))
    assert not tokens.check_token("secret", "object", 7, "")
    # a consent token always carries its expiry: one without is refused
    unexpiring = tokens.make_token("secret", "consent", 7, nonce="n1")
    assert not tokens.check_token("secret", "consent", 7, unexpiring, nonce="n1", now=1)
    assert not tokens.check_token("secret", "consent", 7, "x-" + "0" * 64, nonce="n1", now=1)


# --- purge: who must be erased, and why ---

TODAY = date(2026, 6, 15)
NOW = datetime(2026, 6, 15, 10, 0, 0)
CONSENT_DELAY = 30
NOTICE_DELAY = 30
LONG_AGO = datetime(2024, 1, 1)


def prospect(**values):
    """A B2B prospect collected two weeks ago, not informed yet, due for
    nothing; ``values`` change it."""
    result = {
        "gdpr_prospect_type": "b2b",
        "gdpr_objected_on": False,
        "gdpr_consent_state": consent.NOT_REQUESTED,
        "gdpr_notice_sent_on": False,
        "gdpr_collected_on": date(2026, 6, 1),
        "gdpr_retention_until": date(2029, 6, 1),
        "gdpr_phone_consent_state": consent.NOT_REQUESTED,
        "gdpr_sms_consent_state": consent.NOT_REQUESTED,
    }
    result.update(values)
    assert set(result) == set(purge.VALUE_FIELDS)
    return result


def reason(**values):
    return purge.erasure_reason(prospect(**values), TODAY, NOW, CONSENT_DELAY, NOTICE_DELAY)


def test_the_reasons_and_their_priority():
    assert purge.REASONS == ("objected", "withdrawn", "refused", "no_consent", "retention_expired")
    assert purge.REASONS == (purge.OBJECTED, purge.WITHDRAWN, purge.REFUSED, purge.NO_CONSENT, purge.RETENTION_EXPIRED)


def test_suppression_entry_of_each_reason():
    assert purge.SUPPRESSION_REASONS == {
        purge.OBJECTED: "objection",
        purge.WITHDRAWN: "consent_withdrawn",
        purge.REFUSED: "consent_refused",
        purge.NO_CONSENT: "no_consent",
    }
    assert purge.RETENTION_EXPIRED not in purge.SUPPRESSION_REASONS, "the person never objected: nothing to honour"


def test_deadlines():
    assert purge.consent_deadline(NOW, 30) == datetime(2026, 5, 16, 10, 0, 0)
    assert purge.consent_deadline(NOW, 0) == NOW
    assert purge.unasked_collection_deadline(TODAY, 30) == date(2026, 5, 16)
    assert purge.unasked_collection_deadline(TODAY, 1) == date(2026, 6, 14)


def test_not_due():
    assert reason() is False
    assert reason(gdpr_prospect_type="b2c") is False, "collected two weeks ago: still time to ask"
    assert reason(gdpr_prospect_type="b2c", gdpr_consent_state=consent.GIVEN, gdpr_notice_sent_on=LONG_AGO) is False
    assert reason(gdpr_retention_until=TODAY) is False, "the last day is still kept"
    assert reason(gdpr_retention_until=False) is False


def test_not_a_prospect_is_never_due():
    for kind in (False, None):
        assert reason(gdpr_prospect_type=kind, gdpr_objected_on=NOW, gdpr_retention_until=date(2020, 1, 1)) is False


def test_objection_beats_everything():
    assert reason(gdpr_objected_on=NOW) == purge.OBJECTED
    for state in (consent.WITHDRAWN, consent.REFUSED, consent.PENDING, consent.GIVEN):
        assert (
            reason(
                gdpr_prospect_type="b2c",
                gdpr_objected_on=NOW,
                gdpr_consent_state=state,
                gdpr_notice_sent_on=LONG_AGO,
                gdpr_collected_on=date(2023, 1, 1),
                gdpr_retention_until=date(2026, 1, 1),
            )
            == purge.OBJECTED
        ), state


def test_withdrawn_then_refused():
    expired = {"gdpr_retention_until": date(2026, 1, 1), "gdpr_collected_on": date(2023, 1, 1)}
    assert reason(gdpr_consent_state=consent.WITHDRAWN) == purge.WITHDRAWN
    assert reason(gdpr_prospect_type="b2c", gdpr_consent_state=consent.WITHDRAWN, **expired) == purge.WITHDRAWN
    assert reason(gdpr_consent_state=consent.REFUSED) == purge.REFUSED
    assert reason(gdpr_prospect_type="b2c", gdpr_consent_state=consent.REFUSED, **expired) == purge.REFUSED


def test_b2c_without_consent_in_time_after_the_notice():
    b2c = {"gdpr_prospect_type": "b2c", "gdpr_collected_on": date(2026, 1, 1)}
    deadline = purge.consent_deadline(NOW, CONSENT_DELAY)
    for state in (consent.PENDING, consent.NOT_REQUESTED, False, None):
        late = reason(gdpr_consent_state=state, gdpr_notice_sent_on=deadline - timedelta(seconds=1), **b2c)
        assert late == purge.NO_CONSENT, state
    assert reason(gdpr_consent_state=consent.PENDING, gdpr_notice_sent_on=deadline, **b2c) is False
    # asked in time: the old collection date does not count any more
    assert reason(gdpr_consent_state=consent.PENDING, gdpr_notice_sent_on=NOW - timedelta(days=29), **b2c) is False
    assert reason(gdpr_consent_state=consent.GIVEN, gdpr_notice_sent_on=LONG_AGO, **b2c) is False


def test_a_consent_to_calls_or_texts_keeps_a_consumer():
    b2c = {"gdpr_prospect_type": "b2c", "gdpr_collected_on": date(2026, 1, 1), "gdpr_notice_sent_on": LONG_AGO}
    assert reason(gdpr_consent_state=consent.PENDING, **b2c) == purge.NO_CONSENT
    for channel in ("gdpr_phone_consent_state", "gdpr_sms_consent_state"):
        assert reason(gdpr_consent_state=consent.PENDING, **{channel: consent.GIVEN}, **b2c) is False, channel
        assert reason(gdpr_consent_state=consent.PENDING, **{channel: "withdrawn"}, **b2c) == purge.NO_CONSENT
    # the domain says the same
    domain = purge.no_consent_domain(TODAY, NOW, [(False, CONSENT_DELAY, NOTICE_DELAY)])
    assert ("gdpr_phone_consent_state", "!=", consent.GIVEN) in domain
    assert ("gdpr_sms_consent_state", "!=", consent.GIVEN) in domain


def test_b2c_never_asked_within_the_notice_delay():
    b2c = {"gdpr_prospect_type": "b2c", "gdpr_notice_sent_on": False}
    deadline = purge.unasked_collection_deadline(TODAY, NOTICE_DELAY)
    assert reason(gdpr_collected_on=deadline - timedelta(days=1), **b2c) == purge.NO_CONSENT
    assert reason(gdpr_collected_on=deadline - timedelta(days=1), gdpr_consent_state=None, **b2c) == purge.NO_CONSENT
    assert reason(gdpr_collected_on=deadline, **b2c) is False
    assert reason(gdpr_collected_on=False, **b2c) is False
    assert reason(gdpr_collected_on=deadline - timedelta(days=1), gdpr_consent_state=consent.GIVEN, **b2c) is False


def test_b2b_is_never_erased_for_lack_of_consent():
    for state in (consent.NOT_REQUESTED, consent.PENDING, False):
        assert (
            reason(gdpr_consent_state=state, gdpr_notice_sent_on=LONG_AGO, gdpr_collected_on=date(2024, 1, 1)) is False
        )
        assert reason(gdpr_consent_state=state, gdpr_collected_on=date(2024, 1, 1)) is False


def test_retention_expired():
    assert reason(gdpr_retention_until=TODAY - timedelta(days=1)) == purge.RETENTION_EXPIRED
    assert reason(
        gdpr_prospect_type="b2c", gdpr_consent_state=consent.GIVEN, gdpr_retention_until=date(2026, 1, 1)
    ) == (purge.RETENTION_EXPIRED)
    # no consent in time comes first: its suppression entry must be left
    assert (
        reason(gdpr_prospect_type="b2c", gdpr_collected_on=date(2023, 1, 1), gdpr_retention_until=date(2026, 1, 1))
        == purge.NO_CONSENT
    )


def test_erasure_reason_reads_only_its_value_fields():
    values = prospect(gdpr_prospect_type="b2c", gdpr_collected_on=date(2026, 1, 1))
    assert purge.erasure_reason(values, TODAY, NOW, CONSENT_DELAY, NOTICE_DELAY) == purge.NO_CONSENT
    # delays are the caller's: a longer notice delay gives more time
    assert purge.erasure_reason(values, TODAY, NOW, CONSENT_DELAY, 200) is False


def test_no_consent_domain_of_one_company():
    domain = purge.no_consent_domain(TODAY, NOW, [(1, 30, 20)])
    assert domain == [
        ("gdpr_prospect_type", "=", "b2c"),
        ("gdpr_consent_state", "in", [consent.NOT_REQUESTED, consent.PENDING, False]),
        ("gdpr_phone_consent_state", "!=", consent.GIVEN),
        ("gdpr_sms_consent_state", "!=", consent.GIVEN),
        "&",
        ("company_id", "=", 1),
        "|",
        "&",
        ("gdpr_notice_sent_on", "!=", False),
        ("gdpr_notice_sent_on", "<", datetime(2026, 5, 16, 10, 0, 0)),
        "&",
        ("gdpr_notice_sent_on", "=", False),
        ("gdpr_collected_on", "<", date(2026, 5, 26)),
    ]


def test_no_consent_domain_of_several_companies():
    domain = purge.no_consent_domain(TODAY, NOW, [(1, 30, 30), (2, 10, 5), (False, 30, 30)])
    assert domain[:4] == [
        ("gdpr_prospect_type", "=", "b2c"),
        ("gdpr_consent_state", "in", [consent.NOT_REQUESTED, consent.PENDING, False]),
        ("gdpr_phone_consent_state", "!=", consent.GIVEN),
        ("gdpr_sms_consent_state", "!=", consent.GIVEN),
    ]
    assert domain[4:6] == ["|", "|"], "one branch per company"
    branches = [
        domain[i + 1 : i + 9] for i, term in enumerate(domain) if term == "&" and domain[i + 1][0] == "company_id"
    ]
    assert [branch[0] for branch in branches] == [
        ("company_id", "=", 1),
        ("company_id", "=", 2),
        ("company_id", "=", False),
    ]
    assert branches[1][4] == ("gdpr_notice_sent_on", "<", NOW - timedelta(days=10)), "company 2's consent delay"
    assert branches[1][7] == ("gdpr_collected_on", "<", TODAY - timedelta(days=5)), "company 2's notice delay"
    assert len(domain) == 4 + 2 + 3 * 9, "each branch: &, the company and its 7 terms"


def test_no_company_matches_nothing():
    assert purge.no_consent_domain(TODAY, NOW, []) == [(0, "=", 1)]
    assert purge.reason_domains(TODAY, NOW, [])[purge.NO_CONSENT] == [(0, "=", 1)]
    assert not matches(
        purge.no_consent_domain(TODAY, NOW, []),
        dict(prospect(gdpr_prospect_type="b2c", gdpr_collected_on=date(2020, 1, 1)), company_id=1),
    )


def test_reason_domains():
    delays = [(1, 30, 30), (False, 30, 30)]
    domains = purge.reason_domains(TODAY, NOW, delays)
    assert list(domains) == list(purge.REASONS)
    assert domains == {
        purge.OBJECTED: [("gdpr_objected_on", "!=", False)],
        purge.WITHDRAWN: [("gdpr_consent_state", "=", consent.WITHDRAWN)],
        purge.REFUSED: [("gdpr_consent_state", "=", consent.REFUSED)],
        purge.NO_CONSENT: purge.no_consent_domain(TODAY, NOW, delays),
        purge.RETENTION_EXPIRED: [("gdpr_retention_until", "<", TODAY)],
    }


def matches(domain, record):
    """Whether ``record`` (field -> value, False or None for NULL) matches an
    Odoo domain in prefix notation, the way PostgreSQL would see it."""

    def leaf(term):
        name, operator, value = term
        if name == 0:
            return {"=": 0 == value}[operator]
        actual = record.get(name)
        null = actual is False or actual is None
        if operator == "=":
            return null if value is False else (not null and actual == value)
        if operator == "!=":
            return not null if value is False else (not null and actual != value)
        if operator == "<":
            return not null and actual < value
        if operator == "in":
            return (null and False in value) or (not null and actual in value)
        raise AssertionError(operator)

    def parse(terms):
        term = terms.pop(0)
        if term in ("&", "|"):
            left, right = parse(terms), parse(terms)
            return (left and right) if term == "&" else (left or right)
        return leaf(term)

    terms = list(domain)
    result = parse(terms)
    while terms:  # implicit "&" between top-level terms
        result = parse(terms) and result
    return result


def test_the_domains_agree_with_erasure_reason():
    """Both views of the rules give the same answer for every combination:
    the first reason (in priority order) whose domain finds the prospect is
    the reason ``erasure_reason`` gives."""
    delays = [(1, CONSENT_DELAY, NOTICE_DELAY), (False, CONSENT_DELAY, NOTICE_DELAY)]
    domains = purge.reason_domains(TODAY, NOW, delays)
    sent_deadline = purge.consent_deadline(NOW, CONSENT_DELAY)
    collected_deadline = purge.unasked_collection_deadline(TODAY, NOTICE_DELAY)
    checked = 0
    for kind, objected_on, state, sent_on, collected_on, until in itertools.product(
        ("b2b", "b2c"),
        (False, NOW),
        (False, *consent.TRANSITIONS),
        (False, sent_deadline - timedelta(seconds=1), sent_deadline, NOW),
        (False, collected_deadline - timedelta(days=1), collected_deadline, TODAY),
        (False, TODAY - timedelta(days=1), TODAY),
    ):
        values = prospect(
            gdpr_prospect_type=kind,
            gdpr_objected_on=objected_on,
            gdpr_consent_state=state,
            gdpr_notice_sent_on=sent_on,
            gdpr_collected_on=collected_on,
            gdpr_retention_until=until,
        )
        expected = purge.erasure_reason(values, TODAY, NOW, CONSENT_DELAY, NOTICE_DELAY)
        record = dict(values, company_id=1)
        found = next((name for name in purge.REASONS if matches(domains[name], record)), False)
        assert found == expected, values
        checked += 1
    assert checked == 2 * 2 * 6 * 4 * 4 * 3
