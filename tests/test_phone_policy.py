"""The phone canvassing rules, without Odoo: legal hours, public holidays,
attempts (Code de la consommation L223-1, D223-9)."""

from datetime import date, time

import pytest

from odoo.addons.gdpr_prospection.policy import channel_consent, holidays, minimisation, phone

# a Tuesday that is no holiday
TUESDAY = date(2026, 9, 15)


def refusal(day=TUESDAY, moment=None, prospect_type="b2c", state="given", suppressed=False, objected=False, attempts=0):
    return phone.call_refusal(prospect_type, state, suppressed, objected, day, moment, attempts)


@pytest.mark.parametrize(
    ("moment", "reason"),
    [
        (time(9, 59), phone.OUTSIDE_HOURS),
        (time(10, 0), None),
        (time(12, 59), None),
        (time(13, 0), phone.OUTSIDE_HOURS),
        (time(13, 59), phone.OUTSIDE_HOURS),
        (time(14, 0), None),
        (time(19, 59), None),
        (time(20, 0), phone.OUTSIDE_HOURS),
    ],
)
def test_legal_hours(moment, reason):
    assert refusal(moment=moment) == reason


def test_weekend_and_holidays():
    assert refusal(day=date(2026, 9, 19), moment=time(11)) == phone.WEEKEND  # a Saturday
    assert refusal(day=date(2026, 9, 20)) == phone.WEEKEND  # a Sunday
    assert refusal(day=date(2026, 7, 14), moment=time(11)) == phone.HOLIDAY  # a Tuesday
    # a deadline has no hour: only its day is checked
    assert refusal(day=TUESDAY) is None


def test_fifth_attempt_is_refused():
    assert refusal(moment=time(11), attempts=3) is None
    assert refusal(moment=time(11), attempts=4) == phone.TOO_MANY_ATTEMPTS
    assert phone.attempts_since(TUESDAY) == date(2026, 8, 17)


def test_consumer_needs_phone_consent_professional_does_not():
    for state in ("not_requested", "withdrawn", False):
        assert refusal(state=state) == phone.NO_PHONE_CONSENT
    assert refusal(prospect_type="b2b", state="not_requested") is None
    # a professional's objection is honoured
    assert refusal(prospect_type="b2b", state="not_requested", suppressed=True) == phone.SUPPRESSED
    assert refusal(prospect_type="b2b", objected=True) == phone.OBJECTED


def test_phone_consent_transitions():
    assert phone.is_allowed_transition(False, "given")
    assert phone.is_allowed_transition("given", "withdrawn")
    assert phone.is_allowed_transition("withdrawn", "given")
    assert not phone.is_allowed_transition("not_requested", "withdrawn")


def test_easter_and_the_holidays_it_moves():
    assert holidays.easter_sunday(2024) == date(2024, 3, 31)
    assert holidays.easter_sunday(2026) == date(2026, 4, 5)
    assert holidays.easter_sunday(2027) == date(2027, 3, 28)
    assert holidays.easter_sunday(2038) == date(2038, 4, 25)
    days = holidays.public_holidays(2026)
    assert len(days) == 11
    # Easter Monday, Ascension, Whit Monday
    assert {date(2026, 4, 6), date(2026, 5, 14), date(2026, 5, 25)} <= set(days)
    assert holidays.is_public_holiday(date(2026, 11, 11))
    assert not holidays.is_public_holiday(date(2026, 4, 5))  # Easter Sunday is a Sunday, not a holiday


def test_consumer_phone_kept_only_with_phone_consent():
    allowed = minimisation.DEFAULT_ALLOWED_FIELDS
    values = {"email": "a@example.com", "phone": "+33612345678"}
    assert minimisation.forbidden_fields(values, allowed, "b2c", phone_consent_given=False) == ["phone"]
    assert minimisation.forbidden_fields(values, allowed, "b2c", phone_consent_given=True) == []
    assert minimisation.forbidden_fields(values, allowed, "b2b", phone_consent_given=False) == []


def test_busiest_window_counts_calls_before_and_after_the_day():
    day = date(2026, 9, 21)
    after = [date(2026, 9, 22), date(2026, 10, 20)]
    assert phone.busiest_window(day, after) == 2, "both in the window that starts on the day"
    assert phone.busiest_window(day, [date(2026, 10, 21)]) == 0, "30 days after: out"
    assert phone.busiest_window(day, [date(2026, 8, 23), date(2026, 10, 20)]) == 1
    assert phone.busiest_window(day, []) == 0


def test_sms_consent_has_the_phone_consent_transitions_and_its_own_proof():
    assert channel_consent.ANSWERS["sms_consent_given"] == (channel_consent.SMS, "given")
    assert channel_consent.ANSWERS["sms_consent_withdrawn"] == (channel_consent.SMS, "withdrawn")
    assert channel_consent.GIVEN_EVENTS == {"phone": "phone_consent_given", "sms": "sms_consent_given"}
    assert channel_consent.is_allowed_transition("withdrawn", "given")
    assert not channel_consent.is_allowed_transition("not_requested", "withdrawn")


@pytest.mark.parametrize(
    ("prospect_type", "withdrawn", "states", "kept"),
    [
        # a consumer's number goes with their last phone or SMS consent
        ("b2c", "sms", {"phone": "given", "sms": "given"}, True),
        ("b2c", "sms", {"phone": "not_requested", "sms": "given"}, False),
        ("b2c", "sms", {"phone": "withdrawn", "sms": "given"}, False),
        ("b2c", "phone", {"phone": "given", "sms": "given"}, True),
        ("b2c", "phone", {"phone": "given", "sms": "not_requested"}, False),
        # a professional's number is held for calls, not on an SMS consent
        ("b2b", "sms", {"phone": "not_requested", "sms": "given"}, True),
        ("b2b", "phone", {"phone": "given", "sms": "given"}, False),
    ],
)
def test_which_withdrawal_takes_the_number(prospect_type, withdrawn, states, kept):
    assert channel_consent.numbers_kept(prospect_type, withdrawn, states) is kept


def test_consumer_number_held_on_a_phone_or_an_sms_consent():
    assert channel_consent.holds_numbers("given", "not_requested")
    assert channel_consent.holds_numbers("withdrawn", "given")
    assert not channel_consent.holds_numbers("withdrawn", "not_requested")
    assert not channel_consent.holds_numbers(False, False)
