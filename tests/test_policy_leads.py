"""The CRM bridge's pure rule: which leads hold a person's data."""

import pytest

from odoo.addons.gdpr_prospection_crm.policy import leads


@pytest.mark.parametrize(
    "email",
    [
        "info@acme.example",
        "INFO@Acme.Example",
        "Acme <contact@acme.example>",
        "sales@acme.example",
        "hello@acme.example",
        "office@acme.example",
        "admin@acme.example",
        "support@acme.example",
        "sales.fr@acme.example",
        "contact-us@acme.example",
        "info_paris@acme.example",
        "no-reply@acme.example",
    ],
)
def test_role_addresses(email):
    assert leads.is_role_address(email)


@pytest.mark.parametrize(
    "email",
    ["jeanne.martin@acme.example", "j.sales@acme.example", "infosec.bob@acme.example", "not an address", "", None],
)
def test_personal_or_no_addresses(email):
    assert not leads.is_role_address(email)


def test_a_lead_without_a_person_holds_only_a_company():
    assert leads.holds_only_a_company(False, "info@acme.example")
    assert leads.holds_only_a_company("  ", "Sales <sales@acme.example>")
    assert leads.holds_only_a_company(False, False)


def test_a_name_or_a_personal_address_is_a_person():
    assert not leads.holds_only_a_company("Jeanne Martin", "info@acme.example")
    assert not leads.holds_only_a_company(False, "jeanne.martin@acme.example")
    assert not leads.holds_only_a_company("Jeanne Martin", False)
