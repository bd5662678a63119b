import base64
import csv
import io
from datetime import date

import openpyxl
from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from ..wizard import gdpr_import_wizard
from .common import GdprCase

HEADER = ["Name", "Email", "Job title", "Employer", "Phone", "Source URL", "Language"]


def csv_bytes(rows, delimiter=",", encoding="utf-8"):
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(rows):
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@tagged("post_install", "-at_install")
class TestImport(GdprCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fr_FR")

    def wizard(self, data, file_name="prospects.csv", user=None, **values):
        vals = {"file": base64.b64encode(data), "file_name": file_name, "source_id": self.source.id}
        vals.update(values)
        return self.env["gdpr.import.wizard"].with_user(user or self.gdpr_user).create(vals)

    def prospects(self, emails=None):
        domain = [("gdpr_prospect_type", "!=", False)]
        if emails is not None:
            domain.append(("email", "in", emails))
        return self.env["res.partner"].search(domain)

    def report_rows(self, wizard):
        text = base64.b64decode(wizard.report_file).decode("utf-8-sig")
        return list(csv.reader(io.StringIO(text)))[1:]

    # ------------------------------------------------------------------
    # Good files

    @freeze_time("2026-09-15")
    def test_good_file(self):
        acme = self.env["res.partner"].create({"name": "ACME", "is_company": True})
        data = csv_bytes(
            [
                HEADER,
                [
                    "  Jeanne   Martin ",
                    "Jeanne.Martin@Example.COM",
                    "Buyer",
                    "acme",
                    "01 23 45 67 89",
                    "https://directory.example/jm",
                    "fr",
                ],
                ["Paul Durand", "paul.durand@example.com", "CTO", "Globex", "", "directory.example/pd", ""],
                ["Luc Petit", "luc.petit@example.com", "", "Globex", "+44 20 7946 0958", "", "English"],
            ]
        )
        wizard = self.wizard(data, collected_on=date(2026, 9, 1))
        wizard.action_import()
        self.assertEqual(wizard.state, "done")
        self.assertEqual((wizard.row_count, wizard.created_count, wizard.rejected_count), (3, 3, 0))
        self.assertFalse(wizard.file, "the uploaded file is not kept once imported")

        jeanne = self.prospects(["jeanne.martin@example.com"])
        self.assertEqual(jeanne.name, "Jeanne Martin")
        self.assertEqual(jeanne.phone, "+33123456789")
        self.assertEqual(jeanne.function, "Buyer")
        self.assertEqual(jeanne.parent_id, acme, "an existing employer is reused, case aside")
        self.assertEqual(jeanne.lang, "fr_FR")
        self.assertEqual(jeanne.gdpr_prospect_type, "b2b")
        self.assertEqual(jeanne.gdpr_lawful_basis, "legitimate_interest")
        self.assertEqual(jeanne.gdpr_source_id, self.source)
        self.assertEqual(jeanne.gdpr_source_url, "https://directory.example/jm")
        self.assertEqual(jeanne.gdpr_collected_on, date(2026, 9, 1))
        self.assertEqual(jeanne.gdpr_retention_until, date(2029, 9, 1), "retention counts from the collection date")
        self.assertEqual(jeanne.gdpr_notice_due_on, date(2026, 10, 1), "so does the Art. 14 deadline")
        self.assertEqual(jeanne.company_id, self.company)
        event = self.events(jeanne, "collected")
        self.assertEqual((len(event), event.channel), (1, "import"))

        paul, luc = self.prospects(["paul.durand@example.com"]), self.prospects(["luc.petit@example.com"])
        self.assertEqual(paul.gdpr_source_url, "https://directory.example/pd")
        self.assertEqual(paul.lang, self.env.user.lang, "the wizard's default language")
        self.assertEqual(luc.lang, "en_US")
        self.assertEqual(luc.phone, "+442079460958")
        self.assertTrue(paul.parent_id.is_company)
        self.assertEqual(paul.parent_id, luc.parent_id, "one employer created for both")
        self.assertEqual(paul.parent_id.name, "Globex")

    def test_first_and_last_names_in_french(self):
        data = csv_bytes([["Nom", "Prénom", "Courriel", "Fonction"], ["Martin", "Jeanne", "jm@example.com", "DSI"]])
        self.wizard(data).action_import()
        self.assertEqual(self.prospects(["jm@example.com"]).name, "Jeanne Martin")

    def test_b2c_file(self):
        data = csv_bytes([["Name", "Email"], ["Léa Roux", "lea.roux@example.com"]])
        self.wizard(data, prospect_type="b2c").action_import()
        lea = self.prospects(["lea.roux@example.com"])
        self.assertEqual(lea.gdpr_prospect_type, "b2c")
        self.assertEqual(lea.gdpr_lawful_basis, "consent")
        self.assertEqual(lea.gdpr_consent_state, "not_requested")

    def test_type_column(self):
        data = csv_bytes(
            [
                ["Name", "Email", "Type", "Employer"],
                ["Ann Pro", "ann@example.com", "B2B", "ACME"],
                ["Bob Home", "bob@example.com", "particulier", "ACME"],
                ["Cid None", "cid@example.com", "", ""],
                ["Dan What", "dan@example.com", "vip", ""],
            ]
        )
        wizard = self.wizard(data, prospect_type="file", import_valid_only=True)
        wizard.action_import()
        ann, bob = self.prospects(["ann@example.com"]), self.prospects(["bob@example.com"])
        self.assertEqual((ann.gdpr_prospect_type, bob.gdpr_prospect_type), ("b2b", "b2c"))
        self.assertEqual(bob.parent_id, ann.parent_id, "the company allows an employer: a consumer keeps theirs")
        self.assertEqual(
            self.report_rows(wizard),
            [
                ["4", "Rejected", "no prospect type (B2B or B2C)"],
                ["5", "Rejected", "unknown prospect type (B2B or B2C expected)"],
            ],
        )
        # the type column is required when the wizard leaves the type to the file
        with self.assertRaisesRegex(UserError, "type column"):
            self.wizard(
                csv_bytes([["Name", "Email"], ["Eve", "eve@example.com"]]), prospect_type="file"
            ).action_import()

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

    # ------------------------------------------------------------------
    # Columns

    def test_extra_personal_columns_are_refused_then_dropped(self):
        data = csv_bytes(
            [
                ["Name", "Email", "Adresse", "Date de naissance", "Notes", "Photo", "Lead score"],
                ["Jeanne Martin", "jm@example.com", "12 rue des Lilas", "1980-02-03", "Divorced", "x.png", "12"],
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
        data = csv_bytes([["Name", "Email", "Ville"], ["Jeanne Martin", "jm@example.com", "Lyon"]])
        self.wizard(data).action_import()
        self.assertEqual(self.prospects(["jm@example.com"]).city, "Lyon")

    def test_language_not_allowed_is_not_set(self):
        lang = self.env["ir.model.fields"]._get("res.partner", "lang")
        self.company.gdpr_allowed_field_ids = [(3, lang.id)]
        self.wizard(csv_bytes([["Name", "Email"], ["Jeanne Martin", "jm@example.com"]])).action_import()
        self.assertFalse(self.prospects(["jm@example.com"]).lang)

    def test_missing_and_repeated_columns(self):
        with self.assertRaisesRegex(UserError, "name column"):
            self.wizard(csv_bytes([["Email"], ["jm@example.com"]])).action_import()
        with self.assertRaisesRegex(UserError, "email or a phone column"):
            self.wizard(csv_bytes([["Name", "Job title"], ["Jeanne", "CTO"]])).action_import()
        with self.assertRaisesRegex(UserError, "same data: Courriel"):
            self.wizard(
                csv_bytes([["Name", "Email", "Courriel"], ["Jeanne", "a@example.com", "b@example.com"]])
            ).action_import()

    # ------------------------------------------------------------------
    # Bad rows

    def bad_file(self):
        return csv_bytes(
            [
                ["Name", "Email", "Phone", "Source URL", "Language", "Type"],
                ["Good One", "good@example.com", "", "", "", ""],
                ["Bad Mail", "not-an-address", "", "", "", ""],
                ["Bad Phone", "bad.phone@example.com", "12", "", "", ""],
                ["Consumer", "consumer@example.com", "06 12 34 56 78", "", "", "b2c"],
                ["", "noname@example.com", "", "", "", ""],
                ["No Contact", "", "", "", "", ""],
                ["Bad Url", "bad.url@example.com", "", "not a url", "", ""],
                ["Bad Lang", "bad.lang@example.com", "", "", "klingon", ""],
                ["x" * 300, "long@example.com", "", "", "", ""],
                ["Extra Cell", "extra@example.com", "", "", "", "", "surplus"],
                ["Good Two", "GOOD@example.com", "", "", "", ""],
                ["Good Three", "three@example.com", "", "", "", ""],
            ]
        )

    def test_bad_rows_reject_the_whole_file_by_default(self):
        wizard = self.wizard(self.bad_file())
        wizard.action_import()
        self.assertEqual(wizard.state, "rejected")
        self.assertFalse(self.prospects(), "nothing is written when a row is rejected")
        self.assertEqual((wizard.row_count, wizard.rejected_count, wizard.created_count), (12, 10, 0))
        self.assertEqual(
            self.report_rows(wizard),
            [
                ["3", "Rejected", "invalid email address"],
                ["4", "Rejected", "invalid phone number (“Phone”)"],
                [
                    "5",
                    "Rejected",
                    "consumer (B2C) with a phone number: phone canvassing of consumers needs their prior, "
                    "provable consent (Code de la consommation L223-1, since 11 August 2026)",
                ],
                ["6", "Rejected", "no name"],
                ["7", "Rejected", "no email address and no phone number"],
                ["8", "Rejected", "invalid source URL"],
                ["9", "Rejected", "unknown or inactive language"],
                ["10", "Rejected", "the “Name” cell is too long (more than 256 characters)"],
                ["11", "Rejected", "a cell lies outside the columns of the header"],
                ["12", "Rejected", "duplicate of line 2"],
            ],
        )
        self.assertIn("duplicate of line 2", wizard.report_html)
        self.assertTrue(wizard.file, "the file stays for a second attempt")

    def test_valid_rows_only(self):
        wizard = self.wizard(self.bad_file(), import_valid_only=True)
        wizard.action_import()
        self.assertEqual(wizard.state, "done")
        self.assertEqual((wizard.created_count, wizard.rejected_count), (2, 10))
        self.assertEqual(
            set(self.prospects().mapped("email")), {"good@example.com", "three@example.com"}, "the valid rows only"
        )
        self.assertEqual(len(self.report_rows(wizard)), 10)

    def test_second_attempt_with_valid_rows_only(self):
        wizard = self.wizard(self.bad_file())
        wizard.action_import()
        wizard.import_valid_only = True
        wizard.action_import()
        self.assertEqual(wizard.created_count, 2)

    # ------------------------------------------------------------------
    # Suppression list, duplicates

    def test_suppressed_rows_are_skipped_and_recorded_without_the_address(self):
        self.env["gdpr.blacklist"]._add([("Jean.Dupont@gmail.com", None), (None, "06 11 22 33 44")], "objection")
        data = csv_bytes(
            [
                ["Name", "Email", "Phone"],
                ["Jean Dupont", "jeandupont+salon@gmail.com", ""],
                ["Anne Fixe", "anne@example.com", "+33 6 11 22 33 44"],
                ["Marc Libre", "marc@example.com", ""],
            ]
        )
        before = self.env["gdpr.event"].sudo().search([]).ids
        wizard = self.wizard(data)
        wizard.action_import()
        self.assertEqual((wizard.created_count, wizard.suppressed_count), (1, 2))
        self.assertEqual(self.prospects().mapped("email"), ["marc@example.com"])
        self.assertEqual(
            self.report_rows(wizard), [["2", "Suppressed", "suppressed"], ["3", "Suppressed", "suppressed"]]
        )

        blocked = self.env["gdpr.event"].sudo().search([("id", "not in", before), ("event_type", "=", "blocked")])
        self.assertEqual(len(blocked), 2)
        self.assertEqual(set(blocked.mapped("channel")), {"import"})
        self.assertFalse(blocked.partner_id)
        expected = self.env["gdpr.blacklist"]._identity_hashes("jeandupont+salon@gmail.com")["email_hash"]
        self.assertIn(expected, blocked.mapped("email_hash"))
        self.env.flush_all()
        self.env.cr.execute("SELECT * FROM gdpr_event WHERE id = ANY(%s)", [blocked.ids])
        dump = repr(self.env.cr.fetchall()).lower()
        for clear in ("dupont", "gmail", "anne", "611223344"):
            self.assertNotIn(clear, dump)

    def test_duplicates_inside_the_file(self):
        data = csv_bytes(
            [
                ["Name", "Email", "Phone"],
                ["Jeanne Martin", "jm@example.com", ""],
                ["J. Martin", " JM@Example.com", ""],
                ["Standard A", "", "01 23 45 67 89"],
                ["Standard B", "", "+33 1 23 45 67 89"],
            ]
        )
        wizard = self.wizard(data, import_valid_only=True)
        wizard.action_import()
        self.assertEqual(
            self.report_rows(wizard),
            [["3", "Rejected", "duplicate of line 2"], ["5", "Rejected", "duplicate of line 4"]],
        )
        self.assertEqual(len(self.prospects()), 2)

    @freeze_time("2026-10-01")
    def test_prospects_already_known_are_skipped_or_updated(self):
        old_source = self.env["gdpr.data.source"].create({"name": "Old fair", "kind": "event"})
        informed = self.make_prospect(
            email="jeanne.martin@example.com",
            gdpr_source_id=old_source.id,
            gdpr_collected_on=date(2025, 1, 1),
            gdpr_notice_sent_on="2025-01-05 10:00:00",
            function="Buyer",
        )
        uninformed = self.make_prospect(
            name="Paul Durand",
            email="paul@example.com",
            gdpr_source_id=old_source.id,
            gdpr_collected_on=date(2026, 9, 20),
        )
        customer = self.env["res.partner"].create({"name": "Customer", "email": "customer@example.com"})
        data = csv_bytes(
            [
                ["Name", "Email", "Job title", "Source URL"],
                ["Jeanne M.", "Jeanne.Martin@example.com", "CEO", "https://fair.example/jm"],
                ["Customer", "customer@example.com", "", ""],
                ["Paul D.", "paul@example.com", "", ""],
            ]
        )
        wizard = self.wizard(data, collected_on=date(2026, 9, 30))
        wizard.action_import()
        self.assertEqual((wizard.created_count, wizard.skipped_count, wizard.updated_count), (0, 3, 0))
        self.assertEqual(informed.gdpr_source_id, old_source, "skip leaves the prospect alone")
        self.assertEqual(
            self.report_rows(wizard),
            [
                ["2", "Skipped", "already in the database: skipped"],
                ["3", "Skipped", "already a contact who is not a prospect: skipped"],
                ["4", "Skipped", "already in the database: skipped"],
            ],
        )

        wizard = self.wizard(data, collected_on=date(2026, 9, 30), existing_policy="update")
        wizard.action_import()
        self.assertEqual((wizard.created_count, wizard.skipped_count, wizard.updated_count), (0, 1, 2))
        self.assertEqual(self.report_rows(wizard)[0], ["2", "Updated", "already a prospect: new source recorded"])
        self.assertEqual(informed.gdpr_source_id, self.source)
        self.assertEqual(informed.gdpr_source_url, "https://fair.example/jm")
        self.assertEqual(informed.gdpr_collected_on, date(2026, 9, 30))
        self.assertEqual(informed.gdpr_retention_until, date(2029, 9, 30))
        self.assertEqual((informed.name, informed.function), ("Jeanne Martin", "Buyer"), "only the provenance changes")
        self.assertEqual(self.events(informed, "collected").mapped("channel"), ["import", "manual"])
        # not informed yet: the notice stays due one month after the first collection
        self.assertEqual(uninformed.gdpr_source_id, self.source)
        self.assertFalse(uninformed.gdpr_source_url)
        self.assertEqual(uninformed.gdpr_collected_on, date(2026, 9, 20))
        self.assertEqual(uninformed.gdpr_notice_due_on, date(2026, 10, 20))
        self.assertFalse(customer.sudo().gdpr_prospect_type, "a customer never becomes a prospect by import")

    @freeze_time("2026-10-01")
    def test_collection_date_cannot_be_in_the_future(self):
        data = csv_bytes([["Name", "Email"], ["Jeanne", "jm@example.com"]])
        with self.assertRaisesRegex(UserError, "future"):
            self.wizard(data, collected_on=date(2026, 10, 2)).action_import()

    def test_the_form_shows_the_refused_columns(self):
        data = csv_bytes([["Name", "Email", "Adresse", "Score"], ["Jeanne", "jm@example.com", "1 rue", "3"]])
        form = Form(self.env["gdpr.import.wizard"].with_user(self.gdpr_user))
        form.file = base64.b64encode(data)
        form.source_id = self.source
        self.assertEqual((form.forbidden_columns, form.unknown_columns), ("Adresse", "Score"))
        form.drop_columns = True
        wizard = form.save()
        wizard.action_import()
        self.assertEqual(wizard.created_count, 1)
        self.assertFalse(wizard.forbidden_columns, "the file is gone once imported")

    # ------------------------------------------------------------------
    # Formats and encodings

    def test_csv_delimiters_and_xlsx(self):
        rows = [["Nom", "Prénom", "Email", "Téléphone"], ["Müller", "Zoé", "zoe@example.com", "01 23 45 67 89"]]
        files = {
            "semicolon": (csv_bytes(rows, ";"), "p.csv"),
            "comma": (csv_bytes(rows, ","), "p.csv"),
            "tab": (csv_bytes(rows, "\t"), "p.txt"),
            "xlsx": (xlsx_bytes(rows), "p.xlsx"),
        }
        for kind, (data, name) in files.items():
            with self.subTest(kind), self.env.cr.savepoint() as savepoint:
                wizard = self.wizard(data, file_name=name)
                wizard.action_import()
                zoe = self.prospects(["zoe@example.com"])
                self.assertEqual((zoe.name, zoe.phone), ("Zoé Müller", "+33123456789"))
                savepoint.rollback()

    def test_xlsx_numbers_and_blank_lines(self):
        data = xlsx_bytes([["Name", "Email", "Phone"], [None, None, None], ["Jeanne", "jm@example.com", 612345678]])
        wizard = self.wizard(data, file_name="p.xlsx")
        wizard.action_import()
        self.assertEqual(self.prospects(["jm@example.com"]).phone, "+33612345678")

    def test_encodings(self):
        rows = [["Nom", "Prénom", "Courriel"], ["Lefèvre", "Hélène", "helene@example.com"]]
        files = {
            "utf-8 with BOM": b"\xef\xbb\xbf" + csv_bytes(rows, ";"),
            "latin-1": csv_bytes(rows, ";", encoding="latin-1"),
            "utf-16": csv_bytes(rows, "\t", encoding="utf-16"),
        }
        for kind, data in files.items():
            with self.subTest(kind), self.env.cr.savepoint() as savepoint:
                self.wizard(data).action_import()
                self.assertEqual(self.prospects(["helene@example.com"]).name, "Hélène Lefèvre")
                savepoint.rollback()

    def test_empty_file_and_header_only(self):
        with self.assertRaisesRegex(UserError, "empty"):
            self.wizard(b"").action_import()
        with self.assertRaisesRegex(UserError, "empty"):
            self.wizard(b"\n ;;\n").action_import()
        with self.assertRaisesRegex(UserError, "nothing to import"):
            self.wizard(csv_bytes([["Name", "Email"]])).action_import()

    def test_huge_cell(self):
        data = csv_bytes([["Name", "Email"], ["Jeanne", "jm@example.com"], ["x" * 1_000_000, "huge@example.com"]])
        with self.assertRaisesRegex(UserError, "Line 3 holds a cell of more than 32767 characters"):
            self.wizard(data).action_import()
        self.assertFalse(self.prospects(), "nothing is written")

    def test_not_a_spreadsheet(self):
        with self.assertRaisesRegex(UserError, "cannot be read"):
            self.wizard(b"PK\x03\x04garbage", file_name="p.xlsx").action_import()
        with self.assertRaisesRegex(UserError, "XLSX or CSV"):
            self.wizard(b"\xd0\xcf\x11\xe0" + b"\0" * 100, file_name="p.xls").action_import()

    # ------------------------------------------------------------------
    # All or nothing, batches

    def test_batches(self):
        self.patch(gdpr_import_wizard, "BATCH_SIZE", 2)
        self.env["gdpr.blacklist"]._add([("p3@example.com", None)], "objection")
        rows = [["Name", "Email", "Employer"]] + [[f"P {i}", f"p{i}@example.com", "ACME"] for i in range(7)]
        wizard = self.wizard(csv_bytes(rows))
        wizard.action_import()
        self.assertEqual((wizard.created_count, wizard.suppressed_count), (6, 1))
        prospects = self.prospects()
        self.assertEqual(len(prospects), 6)
        self.assertEqual(len(prospects.parent_id), 1, "one employer across the batches")

    def test_the_suppression_list_is_screened_per_batch_not_per_row(self):
        Blacklist = type(self.env["gdpr.blacklist"])
        calls = []
        original = Blacklist._screen

        def screen(records, emails=(), phones=()):
            calls.append(len(list(emails)))
            return original(records, emails, phones)

        self.patch(Blacklist, "_screen", screen)
        rows = [["Name", "Email"]] + [[f"P {i}", f"p{i}@example.com"] for i in range(50)]
        self.wizard(csv_bytes(rows)).action_import()
        self.assertEqual(len(self.prospects()), 50)
        # the wizard's screening, and the model's own check when the batch is created
        self.assertLessEqual(len(calls), 2)
        self.assertEqual(max(calls), 50)

    def test_an_unexpected_error_rolls_everything_back(self):
        self.patch(gdpr_import_wizard, "BATCH_SIZE", 2)
        Partner = type(self.env["res.partner"])
        calls = []
        original = Partner.create

        def create(records, vals_list):
            if any(vals.get("gdpr_prospect_type") for vals in vals_list):
                calls.append(len(vals_list))
                if len(calls) == 2:
                    raise RuntimeError("disk full")
            return original(records, vals_list)

        self.patch(Partner, "create", create)
        rows = [["Name", "Email"]] + [[f"P {i}", f"p{i}@example.com"] for i in range(5)]
        with mute_logger("odoo.addons.gdpr_prospection.wizard.gdpr_import_wizard"):
            with self.assertRaisesRegex(UserError, r"Nothing was imported.*disk full"):
                self.wizard(csv_bytes(rows)).action_import()
        self.assertEqual(calls, [2, 2])
        self.assertFalse(self.prospects(), "the first batch is rolled back too")

    # ------------------------------------------------------------------
    # Access, and the generic importer

    def test_plain_employee_cannot_import(self):
        data = csv_bytes([["Name", "Email"], ["Jeanne", "jm@example.com"]])
        with self.assertRaises(AccessError):
            self.wizard(data, user=self.employee)
        wizard = self.wizard(data)
        with self.assertRaises(AccessError):
            wizard.with_user(self.employee).action_import()
        self.assertFalse(self.prospects())

    def base_import(self, rows):
        if "base_import.import" not in self.env:
            self.skipTest("base_import is not installed")
        importer = (
            self.env["base_import.import"]
            .with_user(self.gdpr_user)
            .create(
                {"res_model": "res.partner", "file": csv_bytes(rows), "file_name": "p.csv", "file_type": "text/csv"}
            )
        )
        return importer.execute_import(
            ["name", "email", "street", "gdpr_prospect_type", "gdpr_source_id"][: len(rows[0])],
            rows[0],
            {"has_headers": True, "quoting": '"', "separator": ",", "name_create_enabled_fields": {}},
        )

    def test_generic_import_cannot_bypass_the_rules(self):
        with mute_logger("odoo.sql_db", "odoo.addons.base_import.models.base_import"):
            result = self.base_import(
                [
                    ["name", "email", "street", "type", "source"],
                    ["Jeanne Martin", "jm@example.com", "12 rue des Lilas", "b2b", "Trade directory"],
                ]
            )
        self.assertFalse(result["ids"])
        self.assertIn("Data minimisation", " ".join(m["message"] for m in result["messages"]))

        self.env["gdpr.blacklist"]._add([("jean.dupont@example.com", None)], "objection")
        with mute_logger("odoo.sql_db", "odoo.addons.base_import.models.base_import"):
            result = self.base_import(
                [
                    ["name", "email", "street", "type", "source"],
                    ["Jean Dupont", "Jean.Dupont+x@example.com", "", "b2b", "Trade directory"],
                ]
            )
        self.assertFalse(result["ids"])
        self.assertIn("suppression list", " ".join(m["message"] for m in result["messages"]))
        self.assertFalse(self.prospects())

        # the same importer does create a prospect that breaks no rule
        result = self.base_import(
            [
                ["name", "email", "street", "type", "source"],
                ["Paul Durand", "paul@example.com", "", "b2b", "Trade directory"],
            ]
        )
        self.assertFalse(result["messages"])
        paul = self.prospects(["paul@example.com"])
        self.assertEqual(paul.gdpr_source_id, self.source)
        self.assertEqual(self.events(paul, "collected").channel, "import")
