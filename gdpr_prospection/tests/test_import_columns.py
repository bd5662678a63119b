import base64

from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .import_common import ImportCase, csv_bytes


@tagged("post_install", "-at_install")
class TestImportColumns(ImportCase):
    """Which columns a file may bring: the minimisation rule (GDPR Art. 5(1)(c)) as the DPO set it."""

    def test_consumers_follow_the_minimisation_rule_of_prospects(self):
        """A row is rejected when res.partner would refuse its prospect: a
        consumer at an employer whose address Odoo would copy onto them."""
        port = self.env["res.partner"].create(
            {"name": "Port Authority", "is_company": True, "street": "1 quai", "city": "Brest"}
        )
        data = csv_bytes(
            [
                ["Name", "Email", "Type", "Employer"],
                ["Ann Pro", "ann@example.com", "b2b", "port authority"],
                ["Bob Home", "bob@example.com", "b2c", "Port Authority"],
                ["Cid Home", "cid@example.com", "b2c", "New Employer"],
            ]
        )
        wizard = self.wizard(data, prospect_type="file")
        wizard.action_import()
        self.assertEqual((wizard.state, wizard.rejected_count), ("rejected", 1))
        self.assertEqual(
            self.report_rows(wizard),
            [
                [
                    "3",
                    "Rejected",
                    "the employer's address would be copied onto the prospect, who may not hold: Street, City "
                    "(data minimisation, GDPR Art. 5(1)(c))",
                ],
            ],
        )
        wizard.import_valid_only = True
        wizard.action_import()
        ann, cid = self.prospects(["ann@example.com"]), self.prospects(["cid@example.com"])
        self.assertEqual((ann.parent_id, ann.city), (port, "Brest"), "a B2B contact shows the company's address")
        self.assertEqual(cid.parent_id.name, "New Employer")
        self.assertFalse(self.prospects(["bob@example.com"]))

        # once the DPO declares the address necessary, the consumer may hold it
        self.company.gdpr_allowed_field_ids = [
            (4, self.env["ir.model.fields"]._get("res.partner", name).id) for name in ("street", "city")
        ]
        self.wizard(data, prospect_type="file", existing_policy="skip").action_import()
        self.assertEqual(self.prospects(["bob@example.com"]).city, "Brest")

    def test_extra_personal_columns_are_refused_then_dropped(self):
        data = csv_bytes(
            [
                ["Name", "Email", "Fonction", "Adresse", "Date de naissance", "Notes", "Photo", "Lead score"],
                ["Jeanne Martin", "jm@example.com", "DSI", "12 rue des Lilas", "1980-02-03", "Divorced", "x.png", "12"],
            ]
        )
        wizard = self.wizard(data)
        self.assertEqual(wizard.forbidden_columns, "Adresse, Date de naissance, Notes, Photo")
        self.assertEqual(wizard.unknown_columns, "Lead score")
        with self.assertRaisesRegex(
            UserError, r"(?s)may not hold.*Adresse, Date de naissance, Notes, Photo.*Lead score"
        ):
            wizard.action_import()
        self.assertFalse(self.prospects(["jm@example.com"]), "nothing is written")

        wizard.drop_columns = True
        wizard.action_import()
        jeanne = self.prospects(["jm@example.com"])
        self.assertEqual(jeanne.name, "Jeanne Martin")
        self.assertFalse(jeanne.street)
        self.assertFalse(jeanne.comment)

    def test_columns_outside_the_company_set_are_refused(self):
        phone = self.env["ir.model.fields"]._get("res.partner", "phone")
        self.company.gdpr_allowed_field_ids = [(3, phone.id)]
        data = csv_bytes([["Name", "Email", "Téléphone"], ["Jeanne Martin", "jm@example.com", "0123456789"]])
        with self.assertRaisesRegex(UserError, "may not hold.*Téléphone"):
            self.wizard(data).action_import()

    def test_field_declared_necessary_by_the_dpo_is_imported(self):
        city = self.env["ir.model.fields"]._get("res.partner", "city")
        self.company.gdpr_allowed_field_ids = [(4, city.id)]
        data = csv_bytes([["Name", "Email", "Ville", "Fonction"], ["Jeanne Martin", "jm@example.com", "Lyon", "DSI"]])
        self.wizard(data).action_import()
        self.assertEqual(self.prospects(["jm@example.com"]).city, "Lyon")

    def test_language_not_allowed_is_not_set(self):
        lang = self.env["ir.model.fields"]._get("res.partner", "lang")
        self.company.gdpr_allowed_field_ids = [(3, lang.id)]
        self.wizard(
            csv_bytes([["Name", "Email", "Fonction"], ["Jeanne Martin", "jm@example.com", "DSI"]])
        ).action_import()
        jeanne = self.prospects(["jm@example.com"])
        self.assertTrue(jeanne)
        self.assertFalse(jeanne.lang)

    def test_missing_and_repeated_columns(self):
        with self.assertRaisesRegex(UserError, "name column"):
            self.wizard(csv_bytes([["Email"], ["jm@example.com"]])).action_import()
        with self.assertRaisesRegex(UserError, "email or a phone column"):
            self.wizard(csv_bytes([["Name", "Job title"], ["Jeanne", "CTO"]])).action_import()
        with self.assertRaisesRegex(UserError, "same data: Courriel"):
            self.wizard(
                csv_bytes([["Name", "Email", "Courriel"], ["Jeanne", "a@example.com", "b@example.com"]])
            ).action_import()

    def test_the_form_shows_the_refused_columns(self):
        data = csv_bytes(
            [["Name", "Email", "Fonction", "Adresse", "Score"], ["Jeanne", "jm@example.com", "DSI", "1 rue", "3"]]
        )
        form = Form(self.env["gdpr.import.wizard"].with_user(self.gdpr_user))
        form.file = base64.b64encode(data)
        form.source_id = self.source
        form.prospect_type = "b2b"
        self.assertEqual((form.forbidden_columns, form.unknown_columns), ("Adresse", "Score"))
        form.drop_columns = True
        wizard = form.save()
        wizard.action_import()
        self.assertEqual(wizard.created_count, 1)
        self.assertFalse(wizard.forbidden_columns, "the file is gone once imported")
