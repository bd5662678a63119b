from contextlib import contextmanager

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import GdprCase

BAD_URLS = ("javascript:alert(1)", " javascript:alert(1)", "data:text/html,<b>x</b>", "//evil.example", "www.x.org")


@tagged("post_install", "-at_install")
class TestWebUrls(GdprCase):
    """Addresses that notices and public pages render as links: http(s) only."""

    @contextmanager
    def refused(self, text):
        # Odoo's assertRaises rolls the failed write back, unittest's Regex variant does not
        with self.assertRaises(ValidationError) as caught:
            yield
        self.assertIn(text, str(caught.exception))

    def test_data_source_base_url(self):
        Source = self.env["gdpr.data.source"].with_user(self.dpo)
        for url in BAD_URLS:
            with self.subTest(url=url), self.refused("http:// or https://"):
                Source.create({"name": "Register", "base_url": url})
        source = Source.create({"name": "Register", "base_url": "https://register.example/list"})
        with self.refused("Base URL"):
            source.write({"base_url": "javascript:alert(1)"})
        source.invalidate_recordset()
        self.assertEqual(source.base_url, "https://register.example/list")

    def test_privacy_policy_url(self):
        with self.refused("Privacy policy URL"):
            self.env["res.config.settings"].create({"gdpr_privacy_policy_url": "javascript:alert(1)"}).execute()
        self.env.invalidate_all()
        with self.refused("http:// or https://"):
            self.company.with_user(self.dpo).write({"gdpr_privacy_policy_url": "JavaScript:alert(1)"})
        self.env.invalidate_all()
        self.company.with_user(self.dpo).write({"gdpr_privacy_policy_url": "http://controller.example/privacy"})
        self.assertEqual(self.company.gdpr_privacy_policy_url, "http://controller.example/privacy")

    def test_prospect_source_url_and_website(self):
        Partner = self.env["res.partner"].with_user(self.gdpr_user)
        vals = {
            "name": "Jeanne Martin",
            "email": "jeanne.martin@example.com",
            "gdpr_prospect_type": "b2b",
            "gdpr_source_id": self.source.id,
            "function": "Buyer",
        }
        with self.refused("Source URL"):
            Partner.create(dict(vals, gdpr_source_url="javascript:alert(1)"))
        prospect = Partner.create(dict(vals, gdpr_source_url="https://directory.example/jm"))
        with self.refused("http:// or https://"):
            prospect.write({"gdpr_source_url": "javascript:alert(1)"})
        self.env.invalidate_all()
        self.company.gdpr_allowed_field_ids = [(4, self.env.ref("base.field_res_partner__website").id)]
        with self.refused("Website"):
            prospect.write({"website": "javascript:alert(1)"})
        self.env.invalidate_all()
        prospect.write({"website": "https://jeanne.example"})
        self.assertEqual(prospect.gdpr_source_url, "https://directory.example/jm")
        # a customer outside the regime is none of the regime's business
        customer = self.env["res.partner"].create({"name": "Customer", "website": "ftp://files.example"})
        self.assertEqual(customer.website, "ftp://files.example")
        with self.refused("Website"):
            customer.write({"gdpr_prospect_type": "b2b", "gdpr_source_id": self.source.id, "function": "CEO"})

    def test_notice_never_links_a_bad_address(self):
        prospect = self.make_prospect()
        # stored before the input checks existed
        self.env.cr.execute(
            "UPDATE res_partner SET gdpr_source_url = 'javascript:alert(1)' WHERE id = %s", [prospect.id]
        )
        self.env.cr.execute(
            "UPDATE res_company SET gdpr_privacy_policy_url = 'javascript:alert(2)' WHERE id = %s", [self.company.id]
        )
        self.env.invalidate_all()
        for kind in ("b2b", "b2c"):
            template = self.env.ref(f"gdpr_prospection.mail_template_gdpr_notice_{kind}")
            body = template._render_field("body_html", prospect.ids, compute_lang=True)[prospect.id]
            self.assertNotRegex(body, r"href=[\"']?\s*javascript", "the address is shown, never as a link")
            self.assertIn("/gdpr/object/", body, "the rest of the notice is there")


@tagged("post_install", "-at_install")
class TestFormulas(GdprCase):
    """Typed text that a spreadsheet would run is stored neutralised."""

    def test_typed_prospect_text(self):
        prospect = self.make_prospect(
            name='=HYPERLINK("https://evil.example","Click")',
            function="+cmd|' /C calc'!A0",
            phone="+33 1 23 45 67 89",
            email="jeanne.martin@example.com",
        ).with_user(self.gdpr_user)
        self.assertEqual(prospect.name, '\'=HYPERLINK("https://evil.example","Click")')
        self.assertEqual(prospect.function, "'+cmd|' /C calc'!A0")
        self.assertTrue(prospect.phone.startswith("+33"), "phone numbers start with + legitimately")
        self.assertEqual(prospect.gdpr_source_url, "https://directory.example/jeanne-martin")
        prospect.write({"name": "@SUM(1+1)", "function": "-2+3"})
        self.assertEqual((prospect.name, prospect.function), ("'@SUM(1+1)", "'-2+3"))
        prospect.write({"name": "\tTab"})
        self.assertEqual(prospect.name, "'\tTab")
        prospect.write({"name": "Jeanne Martin"})
        self.assertEqual(prospect.name, "Jeanne Martin")

    def test_only_the_prospects_of_a_write(self):
        prospect = self.make_prospect()
        customer = self.env["res.partner"].create({"name": "=Customer"})
        self.assertEqual(customer.name, "=Customer", "a customer is outside the regime")
        (prospect | customer).write({"function": "=Buyer"})
        self.assertEqual(prospect.function, "'=Buyer")
        self.assertEqual(customer.function, "=Buyer")
        customer.write({"name": "-Other", "gdpr_prospect_type": "b2b", "gdpr_source_id": self.source.id})
        self.assertEqual(customer.name, "'-Other", "text is neutralised when the record enters the regime")
