from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from ..wizard import gdpr_import_wizard
from .import_common import ImportCase, csv_bytes, xlsx_bytes


@tagged("post_install", "-at_install")
class TestImportFiles(ImportCase):
    """Files as they come: formats, encodings, size, batches, errors, and who may import."""

    def test_csv_delimiters_and_xlsx(self):
        rows = [
            ["Nom", "Prénom", "Email", "Téléphone", "Fonction"],
            ["Müller", "Zoé", "zoe@example.com", "01 23 45 67 89", "Acheteuse"],
        ]
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
        data = xlsx_bytes(
            [
                ["Name", "Email", "Phone", "Job title"],
                [None, None, None, None],
                ["Jeanne", "jm@example.com", 612345678, "CEO"],
            ]
        )
        wizard = self.wizard(data, file_name="p.xlsx")
        wizard.action_import()
        self.assertEqual(self.prospects(["jm@example.com"]).phone, "+33612345678")

    def test_encodings(self):
        rows = [["Nom", "Prénom", "Courriel", "Fonction"], ["Lefèvre", "Hélène", "helene@example.com", "Gérante"]]
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
        rows = [["Name", "Email", "Employer"]] + [[f"P {i}", f"p{i}@example.com", "ACME"] for i in range(50)]
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
        rows = [["Name", "Email", "Employer"]] + [[f"P {i}", f"p{i}@example.com", "ACME"] for i in range(5)]
        with mute_logger("odoo.addons.gdpr_prospection.wizard.gdpr_import_wizard"):
            with self.assertRaisesRegex(UserError, r"Nothing was imported.*disk full"):
                self.wizard(csv_bytes(rows)).action_import()
        self.assertEqual(calls, [2, 2])
        self.assertFalse(self.prospects(), "the first batch is rolled back too")

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
            ["name", "email", "street", "gdpr_prospect_type", "gdpr_source_id", "function"][: len(rows[0])],
            rows[0],
            {"has_headers": True, "quoting": '"', "separator": ",", "name_create_enabled_fields": {}},
        )

    def test_generic_import_cannot_bypass_the_rules(self):
        with mute_logger("odoo.sql_db", "odoo.addons.base_import.models.base_import"):
            result = self.base_import(
                [
                    ["name", "email", "street", "type", "source", "job"],
                    ["Jeanne Martin", "jm@example.com", "12 rue des Lilas", "b2b", "Trade directory", "Buyer"],
                ]
            )
        self.assertFalse(result["ids"])
        self.assertIn("Data minimisation", " ".join(m["message"] for m in result["messages"]))

        self.env["gdpr.blacklist"]._add([("jean.dupont@example.com", None)], "objection")
        with mute_logger("odoo.sql_db", "odoo.addons.base_import.models.base_import"):
            result = self.base_import(
                [
                    ["name", "email", "street", "type", "source", "job"],
                    ["Jean Dupont", "Jean.Dupont+x@example.com", "", "b2b", "Trade directory", "Buyer"],
                ]
            )
        self.assertFalse(result["ids"])
        self.assertIn("suppression list", " ".join(m["message"] for m in result["messages"]))
        self.assertFalse(self.prospects())

        # the same importer does create a prospect that breaks no rule
        result = self.base_import(
            [
                ["name", "email", "street", "type", "source", "job"],
                ["Paul Durand", "paul@example.com", "", "b2b", "Trade directory", "Buyer"],
            ]
        )
        self.assertFalse(result["messages"])
        paul = self.prospects(["paul@example.com"])
        self.assertEqual(paul.gdpr_source_id, self.source)
        self.assertEqual(self.events(paul, "collected").channel, "import")
