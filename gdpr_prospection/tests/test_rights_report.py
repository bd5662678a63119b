import json

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import GdprCase


@tagged("post_install", "-at_install")
class TestRightsReport(GdprCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.prospect = cls.make_prospect()
        cls.prospect._gdpr_notice_left("text-v1")

    def test_report_says_what_is_held_and_where_from(self):
        action = self.prospect.with_user(self.dpo).action_gdpr_access_report()
        self.assertEqual(action["report_name"], "gdpr_prospection.access_report_document")
        report = self.env.ref("gdpr_prospection.action_report_gdpr_access")
        # wkhtmltopdf may be missing: the PDF's HTML is checked
        html = str(report.with_user(self.dpo)._render_qweb_html(report.report_name, self.prospect.ids)[0])
        for expected in (
            "Jeanne Martin",
            "jeanne.martin@example.com",
            "Trade directory",
            "https://directory.example/jeanne-martin",
            "The source is publicly accessible.",
            "Legitimate interest",
            "Notice sent",
            "Data collected",
            str(self.prospect.gdpr_retention_until),
        ):
            self.assertIn(expected, html)

    def test_json_copy(self):
        action = self.prospect.with_user(self.dpo).action_gdpr_access_json()
        attachment = self.env["ir.attachment"].browse(int(action["url"].split("/")[3].split("?")[0]))
        data = json.loads(attachment.raw)
        record = data["records"][0]
        self.assertEqual(record["source"]["url"], "https://directory.example/jeanne-martin")
        self.assertTrue(record["source"]["publicly_accessible"])
        self.assertEqual([e["event"] for e in record["history"]], ["Data collected", "Notice sent"])
        self.assertIn(["Email", "jeanne.martin@example.com"], record["data"])
        self.assertEqual((attachment.res_model, attachment.res_id), ("res.partner", self.prospect.id))

    def test_only_the_dpo_prints_it(self):
        for user in (self.gdpr_user, self.employee):
            with self.assertRaises(AccessError):
                self.prospect.with_user(user).action_gdpr_access_report()
            with self.assertRaises(AccessError):
                self.prospect.with_user(user).action_gdpr_access_json()
