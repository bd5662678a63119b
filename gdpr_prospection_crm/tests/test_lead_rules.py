import uuid
from datetime import date

from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from .common import LeadCase

TODAY = "2026-06-01 10:00:00"


@tagged("post_install", "-at_install")
class TestLeadRules(LeadCase):
    """The prospect rules of partners, on leads (GDPR Art. 6, 14, 21; CPCE L34-5)."""

    @freeze_time(TODAY)
    def test_a_lead_prospect_gets_provenance_and_evidence(self):
        lead = self.make_lead()
        self.assertEqual(lead.gdpr_collected_on, date(2026, 6, 1))
        self.assertEqual(lead.gdpr_lawful_basis, "legitimate_interest")
        self.assertEqual(lead.gdpr_consent_state, "not_requested")
        self.assertEqual(lead.company_id, self.company)
        self.assertEqual(lead.gdpr_retention_until, date(2029, 6, 1))
        collected = self.lead_events(lead, "collected")
        self.assertEqual(len(collected), 1)
        # keyed by the lead and the person's hash, never by a partner
        self.assertFalse(collected.partner_id or collected.partner_ref)
        hashes = self.Blacklist._identity_hashes("jeanne.martin@acme.example")
        self.assertEqual(collected.email_hash, hashes["email_hash"])

    def test_a_consumer_lead_is_never_on_legitimate_interest(self):
        lead = self.make_lead(kind="b2c")
        self.assertEqual(lead.gdpr_lawful_basis, "consent")
        with self.assertRaisesRegex(ValidationError, "only lawful basis is consent"):
            lead.gdpr_lawful_basis = "legitimate_interest"

    def test_a_lead_prospect_needs_a_source(self):
        with self.assertRaisesRegex(ValidationError, "needs a data source"):
            self.make_lead(gdpr_source_id=False)

    def test_a_professional_lead_is_known_by_their_job_or_company(self):
        with self.assertRaisesRegex(ValidationError, "job title or their company"):
            self.make_lead(function=False, partner_name=False)
        self.assertTrue(self.make_lead(email="a.b@acme.example", function=False))

    def test_a_lead_with_only_a_company_is_no_prospect(self):
        with self.assertRaisesRegex(ValidationError, "holds only a company's data"):
            self.make_lead(contact_name=False, email="info@acme.example")
        with self.assertRaisesRegex(ValidationError, "holds only a company's data"):
            self.make_lead(contact_name=False, email="Sales Team <sales.fr@acme.example>")
        # as a plain lead it is stock Odoo
        lead = self.make_lead(contact_name=False, email="info@acme.example", gdpr_prospect_type=False)
        self.assertFalse(lead.gdpr_collected_on)
        with self.assertRaisesRegex(ValidationError, "holds only a company's data"):
            lead.gdpr_prospect_type = "b2b"
        # a person's name or address makes it a person's data
        self.assertTrue(self.make_lead(email="contact@acme.example"))
        self.assertTrue(self.make_lead(contact_name=False, email="jean.dupont@acme.example"))

    def test_a_lead_prospect_holds_no_spreadsheet_formula(self):
        lead = self.make_lead(contact_name="=HYPERLINK(1)", partner_name="+Acme", function="-1")
        self.assertEqual((lead.contact_name, lead.partner_name, lead.function), ("'=HYPERLINK(1)", "'+Acme", "'-1"))
        with self.assertRaisesRegex(ValidationError, "web address"):
            lead.gdpr_source_url = "javascript:alert(1)"
        plain = self.make_lead(contact_name="=1", gdpr_prospect_type=False)
        self.assertEqual(plain.contact_name, "=1")

    def suppress(self, email):
        self.Blacklist._add([(email, False)], "objection")

    def test_suppression_list_screens_every_create(self):
        self.suppress("jeanne.martin@acme.example")
        with self.assertRaisesRegex(ValidationError, "suppression list"):
            self.make_lead(email="Jeanne.Martin@ACME.example")
        # over RPC, as a prospection user
        with self.assertRaisesRegex(ValidationError, "suppression list"):
            self.env["crm.lead"].with_user(self.gdpr_user).create(
                {
                    "name": "RPC",
                    "contact_name": "Jeanne Martin",
                    "email_from": "jeanne.martin@acme.example",
                    "function": "CEO",
                    "gdpr_prospect_type": "b2b",
                    "gdpr_source_id": self.source.id,
                }
            )
        # a phone on the list too
        self.Blacklist._add([(False, "+33 6 12 34 56 78")], "objection")
        with self.assertRaisesRegex(ValidationError, "suppression list"):
            self.make_lead(email="other@acme.example", mobile="06 12 34 56 78")

    def test_suppression_list_screens_the_form(self):
        self.suppress("jeanne.martin@acme.example")
        seller = self.gdpr_user
        seller.groups_id |= self.env.ref("sales_team.group_sale_salesman")
        form = Form(self.env["crm.lead"].with_user(seller))
        form.name = "Met at the fair"
        form.contact_name = "Jeanne Martin"
        form.email_from = "jeanne.martin@acme.example"
        form.function = "Buyer"
        form.gdpr_prospect_type = "b2b"
        form.gdpr_source_id = self.source
        with self.assertRaisesRegex(ValidationError, "suppression list"):
            form.save()

    def test_suppression_list_screens_every_write(self):
        lead = self.make_lead()
        self.suppress("j.martin@acme.example")
        with self.assertRaisesRegex(ValidationError, "suppression list"):
            lead.with_user(self.gdpr_user).email_from = "j.martin@acme.example"
        plain = self.make_lead(email="j.martin@acme.example", gdpr_prospect_type=False)
        with self.assertRaisesRegex(ValidationError, "suppression list"):
            plain.write({"gdpr_prospect_type": "b2b", "gdpr_source_id": self.source.id})

    def test_suppression_list_screens_the_import(self):
        self.suppress("jeanne.martin@acme.example")
        result = (
            self.env["crm.lead"]
            .with_user(self.gdpr_user)
            .with_context(import_file=True)
            .load(
                ["name", "contact_name", "email_from", "function", "gdpr_prospect_type", "gdpr_source_id"],
                [["Imported", "Jeanne Martin", "jeanne.martin@acme.example", "CEO", "b2b", "Trade directory"]],
            )
        )
        self.assertFalse(result["ids"])
        self.assertIn("suppression list", " ".join(m["message"] for m in result["messages"]))

    def test_suppression_list_screens_the_mail_alias(self):
        self.suppress("jeanne.martin@acme.example")
        raw = (
            "From: Jeanne Martin <jeanne.martin@acme.example>\r\nTo: leads@controller.example\r\n"
            f"Subject: Your offer\r\nMessage-ID: <{uuid.uuid4()}@mail.example>\r\n"
            "Content-Type: text/plain; charset=utf-8\r\n\r\nHello\r\n"
        )
        # an alias whose defaults make its leads prospects
        defaults = {"gdpr_prospect_type": "b2b", "gdpr_source_id": self.source.id, "function": "CEO"}
        with self.assertRaisesRegex(ValidationError, "suppression list"), self.env.cr.savepoint():
            self.env["mail.thread"].sudo().message_process("crm.lead", raw, custom_values=defaults)
        self.assertFalse(self.env["crm.lead"].search([("email_from", "ilike", "jeanne.martin@acme.example")]))
