import base64
import csv
import io

import openpyxl

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


class ImportCase(GdprCase):
    """The import wizard as a prospection user fills it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fr_FR")

    def wizard(self, data, file_name="prospects.csv", user=None, **values):
        vals = {
            "file": base64.b64encode(data),
            "file_name": file_name,
            "source_id": self.source.id,
            "prospect_type": "b2b",
        }
        vals.update(values)
        return self.env["gdpr.import.wizard"].with_user(user or self.gdpr_user).create(vals)

    def prospects(self, emails=None):
        domain = [("gdpr_prospect_type", "!=", False)]
        if emails is not None:
            domain.append(("email", "in", emails))
        return self.env["res.partner"].search(domain)

    def report_rows(self, wizard):
        text = base64.b64decode(wizard.report_file).decode("utf-8-sig")
        header, *rows = csv.reader(io.StringIO(text))
        self.assertEqual(header, ["Line", "Status", "Reason", "Warning"])
        for row in rows:
            # the reason says why, never the status again ("Skipped" beside "...: skipped")
            self.assertNotIn(row[1].lower(), row[2].lower(), f"line {row[0]} repeats its status")
        # line, status, reason, and the warning when there is one
        return [row if row[3] else row[:3] for row in rows]
