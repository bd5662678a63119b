import re

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, tagged

from .common import GdprCase


@tagged("post_install", "-at_install")
class TestSettings(GdprCase):
    def test_defaults(self):
        company = self.env["res.company"].create({"name": "New controller"})
        self.assertEqual(company.gdpr_retention_months, 36)
        self.assertEqual(company.gdpr_notice_delay_days, 30)
        self.assertEqual(company.gdpr_consent_delay_days, 30)
        self.assertEqual(company.gdpr_suppression_months, 36)
        self.assertEqual(
            set(company.gdpr_allowed_field_ids.mapped("name")),
            {"email", "function", "parent_id", "company_name", "phone", "mobile", "lang"},
        )
        # the company that existed before the install got them too
        self.assertIn("email", self.env.ref("base.main_company")._gdpr_allowed_field_names())

    def test_limits(self):
        with self.assertRaisesRegex(ValidationError, "one month at most"):
            self.company.gdpr_notice_delay_days = 31
        with self.assertRaisesRegex(ValidationError, "at least 36 months"):
            self.company.gdpr_suppression_months = 35
        with self.assertRaisesRegex(ValidationError, "3 years at most"):
            self.company.gdpr_retention_months = 0

    def test_settings_form_writes_the_company(self):
        settings = Form(self.env["res.config.settings"])
        settings.gdpr_dpo_email = "dpo@example.com"
        settings.gdpr_retention_months = 24
        settings.save().execute()
        self.assertEqual(self.company.gdpr_dpo_email, "dpo@example.com")
        self.assertEqual(self.company.gdpr_retention_months, 24)

    def test_dpo_sets_gdpr_settings_without_being_administrator(self):
        action = self.env["res.company"].with_user(self.dpo).action_open_gdpr_settings()
        self.assertEqual(action["res_id"], self.company.id)
        form = Form(self.company.with_user(self.dpo), view="gdpr_prospection.res_company_view_form_gdpr")
        form.gdpr_dpo_email = "dpo@example.com"
        form.gdpr_consent_delay_days = 15
        form.save()
        self.assertEqual(self.company.gdpr_dpo_email, "dpo@example.com")
        with self.assertRaises(AccessError):
            self.company.with_user(self.dpo).write({"name": "Renamed"})

    def test_others_cannot_change_gdpr_settings(self):
        for user in (self.gdpr_user, self.employee):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.company.with_user(user).write({"gdpr_retention_months": 12})

    def test_an_empty_field_shows_what_the_notice_then_says(self):
        """Each placeholder of the notice texts is the template's own
        fallback: what the DPO sees in grey is what an empty field sends."""
        templates = "".join(
            self.env.ref(f"gdpr_prospection.mail_template_gdpr_notice_{kind}").with_context(lang="en_US").body_html
            for kind in ("b2b", "b2c")
        )
        names = (
            "gdpr_purpose",
            "gdpr_legitimate_interest",
            "gdpr_recipients",
            "gdpr_transfers",
            "gdpr_automated_decisions",
        )
        for view in (
            "gdpr_prospection.res_config_settings_view_form_gdpr",
            "gdpr_prospection.res_company_view_form_gdpr",
        ):
            arch = self.env.ref(view).arch
            for name in names:
                with self.subTest(view=view, field=name):
                    found = re.search(rf'<field name="{name}"[^>]*placeholder="([^"]+)"', arch)
                    self.assertTrue(found, "every notice text shows its fallback")
                    self.assertIn(f'<t t-else="">{found.group(1)}</t>', templates)

    def test_allowed_fields_are_named_by_their_label(self):
        arch = self.env.ref("gdpr_prospection.res_config_settings_view_form_gdpr").arch
        self.assertIn("'hide_model': True", arch)
        phone = self.env["ir.model.fields"]._get("res.partner", "phone")
        self.assertEqual(phone.with_context(hide_model=True).display_name, "Phone")
