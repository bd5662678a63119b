"""The outgoing-mail rule, without Odoo's ORM (GDPR Art. 14(3)(b), 21; CPCE L34-5)."""

import pytest

from odoo.addons.gdpr_prospection.policy import outgoing

INFORMED_B2B = {"gdpr_prospect_type": "b2b", "gdpr_notice_sent_on": "2026-01-01", "gdpr_consent_state": "not_requested"}
CONSENTED_B2C = {"gdpr_prospect_type": "b2c", "gdpr_notice_sent_on": "2026-01-01", "gdpr_consent_state": "given"}


@pytest.mark.parametrize("kind", [outgoing.NOTICE, outgoing.ORDINARY, outgoing.MARKETING])
def test_everyone_may_get_what_the_rules_allow(kind):
    assert outgoing.refusal(None, False, kind) is None
    assert outgoing.refusal(INFORMED_B2B, False, kind) is None
    assert outgoing.refusal(CONSENTED_B2C, False, kind) is None


def test_suppression_is_about_prospection():
    assert outgoing.refusal(None, True, outgoing.ORDINARY) is None, "an invoice to a customer sharing the address"
    assert outgoing.refusal(None, True, outgoing.MARKETING) == outgoing.SUPPRESSED
    assert outgoing.refusal(INFORMED_B2B, True, outgoing.ORDINARY) == outgoing.SUPPRESSED
    assert outgoing.refusal(INFORMED_B2B, True, outgoing.NOTICE) == outgoing.SUPPRESSED


@pytest.mark.parametrize(
    "values, reason",
    [
        ({"gdpr_objected_on": "2026-02-01"}, outgoing.OBJECTED),
        ({"gdpr_consent_state": "refused"}, outgoing.CONSENT_REFUSED),
        ({"gdpr_consent_state": "withdrawn"}, outgoing.CONSENT_WITHDRAWN),
    ],
)
def test_an_answer_stops_everything_even_the_notice(values, reason):
    for kind in (outgoing.NOTICE, outgoing.ORDINARY, outgoing.MARKETING):
        assert outgoing.refusal(dict(CONSENTED_B2C, **values), False, kind) == reason


def test_data_due_for_erasure_gets_nothing():
    assert outgoing.refusal(INFORMED_B2B, False, outgoing.ORDINARY, erasure_due=True) == outgoing.TO_ERASE
    assert outgoing.refusal(INFORMED_B2B, False, outgoing.NOTICE, erasure_due=True) == outgoing.TO_ERASE


def test_the_notice_comes_first():
    never_informed = dict(INFORMED_B2B, gdpr_notice_sent_on=False)
    assert outgoing.refusal(never_informed, False, outgoing.ORDINARY) == outgoing.NOT_INFORMED
    assert outgoing.refusal(never_informed, False, outgoing.MARKETING) == outgoing.NOT_INFORMED
    assert outgoing.refusal(never_informed, False, outgoing.NOTICE) is None


@pytest.mark.parametrize("state", ["not_requested", "pending", False])
def test_a_consumer_gets_prospection_only_after_opting_in(state):
    b2c = dict(CONSENTED_B2C, gdpr_consent_state=state)
    assert outgoing.refusal(b2c, False, outgoing.ORDINARY) == outgoing.NO_CONSENT
    assert outgoing.refusal(b2c, False, outgoing.MARKETING) == outgoing.NO_CONSENT
    assert outgoing.refusal(b2c, False, outgoing.NOTICE) is None, "the consent request itself"


def test_a_converted_customer_is_outside_the_regime():
    assert outgoing.refusal(dict(INFORMED_B2B, gdpr_prospect_type=False), False, outgoing.ORDINARY) is None


# SMS prospection follows L34-5 like email, with a consent of its own
INFORMED_B2B_SMS = dict(INFORMED_B2B, gdpr_sms_consent_state="not_requested")
SMS_CONSENTED_B2C = dict(CONSENTED_B2C, gdpr_sms_consent_state="given")


def sms(values, kind=outgoing.ORDINARY, suppressed=False, **options):
    return outgoing.refusal(values, suppressed, kind, channel=outgoing.SMS, **options)


@pytest.mark.parametrize("state", ["not_requested", "withdrawn", False, None])
@pytest.mark.parametrize("kind", [outgoing.ORDINARY, outgoing.MARKETING])
def test_a_consumer_gets_texts_only_with_sms_consent(state, kind):
    b2c = dict(CONSENTED_B2C, gdpr_sms_consent_state=state)
    assert sms(b2c, kind) == outgoing.NO_SMS_CONSENT, "an email consent is no SMS consent"
    assert sms(dict(SMS_CONSENTED_B2C), kind) is None
    # by email nothing changes: the SMS consent is another channel
    assert outgoing.refusal(b2c, False, kind) is None


def test_an_sms_consent_alone_lets_texts_leave_not_mails():
    only_sms = dict(SMS_CONSENTED_B2C, gdpr_consent_state="not_requested")
    assert sms(only_sms) is None
    assert outgoing.refusal(only_sms, False, outgoing.ORDINARY) == outgoing.NO_CONSENT


@pytest.mark.parametrize(
    "values, reason",
    [
        ({"gdpr_objected_on": "2026-02-01"}, outgoing.OBJECTED),
        ({"gdpr_consent_state": "refused"}, outgoing.CONSENT_REFUSED),
        ({"gdpr_consent_state": "withdrawn"}, outgoing.CONSENT_WITHDRAWN),
        ({"gdpr_notice_sent_on": False}, outgoing.NOT_INFORMED),
    ],
)
def test_an_sms_consent_does_not_outweigh_the_other_rules(values, reason):
    assert sms(dict(SMS_CONSENTED_B2C, **values)) == reason
    assert sms(SMS_CONSENTED_B2C, erasure_due=True) == outgoing.TO_ERASE
    assert sms(SMS_CONSENTED_B2C, suppressed=True) == outgoing.SUPPRESSED


def test_a_professional_gets_texts_as_before_until_they_withdraw():
    assert sms(INFORMED_B2B_SMS) is None
    assert sms(dict(INFORMED_B2B_SMS, gdpr_notice_sent_on=False)) == outgoing.NOT_INFORMED
    assert sms(dict(INFORMED_B2B_SMS, gdpr_objected_on="2026-02-01")) == outgoing.OBJECTED
    assert sms(dict(INFORMED_B2B_SMS, gdpr_sms_consent_state="withdrawn")) == outgoing.NO_SMS_CONSENT


def test_no_sms_consent_is_checked_last_among_the_prospects_rules():
    assert outgoing.REASONS[-2:] == (outgoing.NO_SMS_CONSENT, outgoing.NOT_QUALIFIED)
    assert "gdpr_sms_consent_state" in outgoing.VALUE_FIELDS


INBOUND = {"gdpr_prospect_type": False, "gdpr_inbound_channel": "website"}


@pytest.mark.parametrize("suppressed", [False, True])
def test_a_person_who_wrote_to_us_is_answered_even_from_the_suppression_list(suppressed):
    assert outgoing.refusal(INBOUND, suppressed, outgoing.ORDINARY) is None


def test_a_person_who_wrote_to_us_gets_no_marketing_before_being_qualified():
    assert outgoing.refusal(INBOUND, False, outgoing.MARKETING) == outgoing.NOT_QUALIFIED
    assert outgoing.refusal(INBOUND, True, outgoing.MARKETING) == outgoing.SUPPRESSED
    # qualified: the prospects' rules (the notice first)
    qualified = dict(INBOUND, gdpr_prospect_type="b2b", gdpr_notice_sent_on=False)
    assert outgoing.refusal(qualified, False, outgoing.MARKETING) == outgoing.NOT_INFORMED


def test_a_person_who_wrote_to_us_and_objected_gets_nothing():
    objected = dict(INBOUND, gdpr_objected_on="2026-02-01")
    for kind in (outgoing.ORDINARY, outgoing.MARKETING):
        assert outgoing.refusal(objected, False, kind) == outgoing.OBJECTED
    assert outgoing.refusal(INBOUND, False, outgoing.ORDINARY, erasure_due=True) == outgoing.TO_ERASE
