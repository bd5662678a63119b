import importlib.util

from odoo.exceptions import AccessError
from odoo.tests import Form, new_test_user, tagged
from odoo.tools.misc import file_path

from ..models.gdpr_blacklist import HASH_KEY_PARAM
from .mail_common import GdprMailCase

# what a template expression would read if the DPO could write one
SECRET_EXPRESSION = "object.env['ir.config_parameter'].sudo().get_param('{}')"
SECRET_KEYS = ("database.secret", HASH_KEY_PARAM)


@tagged("post_install", "-at_install")
class TestDpoRole(GdprMailCase):
    """The DPO audits (GDPR Art. 38(6), 39): it reads the regime and runs
    the purge preview, and holds no key that forges a link or reverses the
    suppression list's hashes."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.prospect = cls.make_prospect()
        cls.customer = cls.env["res.partner"].create({"name": "Plain Customer", "email": "customer@example.com"})
        cls.env["gdpr.blacklist"]._hash_key()
        Params = cls.env["ir.config_parameter"].sudo()
        cls.secrets = [Params.get_param(key) for key in SECRET_KEYS]

    def leaks(self):
        """(kind, template text) pairs that read each secret."""
        for key in SECRET_KEYS:
            expression = SECRET_EXPRESSION.format(key)
            yield "qweb", f'<p>Key: <t t-out="{expression}"/></p>'
            yield "inline", f"Key: {{{{ {expression} }}}}"

    def assertNothingSecret(self, *texts):
        for text in texts:
            for secret in self.secrets:
                self.assertNotIn(secret, str(text or ""))

    def test_dpo_holds_no_administrator_or_editor_right(self):
        for group in ("mail.group_mail_template_editor", "base.group_system", "base.group_erp_manager"):
            with self.subTest(group=group):
                self.assertFalse(self.dpo.has_group(group))
        self.assertNotIn(
            self.env.ref("mail.group_mail_template_editor"),
            self.env.ref("gdpr_prospection.group_gdpr_dpo").trans_implied_ids,
        )

    def test_dpo_cannot_read_the_keys_by_rpc_or_export(self):
        Params = self.env["ir.config_parameter"].with_user(self.dpo)
        for key in SECRET_KEYS:
            with self.subTest(key=key):
                with self.assertRaises(AccessError):
                    Params.get_param(key)
                with self.assertRaises(AccessError):
                    Params.search_read([("key", "=", key)], ["value"])
                record = self.env["ir.config_parameter"].sudo().search([("key", "=", key)])
                self.assertTrue(record)
                with self.assertRaises(AccessError):
                    record.with_user(self.dpo).read(["value"])
                with self.assertRaises(AccessError):
                    record.with_user(self.dpo).export_data(["value"])

    def test_no_settings_field_shows_a_key(self):
        with self.assertRaises(AccessError):
            self.env["res.config.settings"].with_user(self.dpo).create({})
        for model in ("res.config.settings", "res.company"):
            for name, field in self.env[model]._fields.items():
                with self.subTest(model=model, field=name):
                    self.assertNotIn(getattr(field, "config_parameter", None), SECRET_KEYS)
        company = self.company.with_user(self.dpo)
        values = company.read([name for name in company._fields if name.startswith("gdpr_")])
        self.assertNothingSecret(values)

    def test_dpo_cannot_write_a_template_that_reads_a_key(self):
        model = self.env["ir.model"]._get_id("res.partner")
        notice = self.env.ref("gdpr_prospection.mail_template_gdpr_notice_b2b")
        body = notice.body_html
        for kind, text in self.leaks():
            field = "body_html" if kind == "qweb" else "subject"
            with self.subTest(kind=kind, text=text):
                with self.assertRaises(AccessError):
                    self.env["mail.template"].with_user(self.dpo).create(
                        {"name": "Leak", "model_id": model, field: text}
                    )
                with self.assertRaises(AccessError):
                    notice.with_user(self.dpo).write({field: text})
        self.assertEqual(notice.body_html, body)
        self.assertFalse(self.env["mail.template"].search([("name", "=", "Leak")]))

    def test_dpo_cannot_render_a_key_in_the_composer(self):
        for kind, text in self.leaks():
            values = {"body": text} if kind == "qweb" else {"subject": text, "body": "<p>Hello</p>"}
            with self.subTest(kind=kind, text=text), self.mock_mail_gateway():
                composer = (
                    self.env["mail.compose.message"]
                    .with_user(self.dpo)
                    .with_context(
                        default_model="res.partner",
                        default_res_ids=self.customer.ids,
                        default_composition_mode="mass_mail",
                    )
                    .create(dict(values, subject=values.get("subject", "Offer")))
                )
                with self.assertRaises(AccessError):
                    composer.action_send_mail()
                mails = self.env["mail.mail"].sudo().search([("res_id", "=", self.customer.id)])
                self.assertNothingSecret(*mails.mapped("body_html"), *mails.mapped("subject"))
        # a refused expression leaves the composer working for everyone
        with self.mock_mail_gateway():
            self.env["mail.compose.message"].with_user(self.dpo).with_context(
                default_model="res.partner", default_res_ids=self.customer.ids, default_composition_mode="mass_mail"
            ).create({"subject": "Offer", "body": '<p>Hello <t t-out="object.name"/></p>'}).action_send_mail()
        mail = self.env["mail.mail"].sudo().search([("res_id", "=", self.customer.id)])
        self.assertIn("Hello Plain Customer", mail.body_html)

    def test_dpo_message_from_the_chatter_renders_nothing(self):
        for __, text in self.leaks():
            with self.subTest(text=text), self.mock_mail_gateway():
                composer = Form(
                    self.env["mail.compose.message"]
                    .with_user(self.dpo)
                    .with_context(default_model="res.partner", default_res_ids=self.customer.ids)
                )
                composer.subject = text
                composer.body = text
                composer.save().action_send_mail()
                self.send_queue()
                messages = self.env["mail.message"].sudo().search([("res_id", "=", self.customer.id)])
                self.assertNothingSecret(*messages.mapped("body"), *messages.mapped("subject"))
                self.assertNothingSecret(*(mail["body"] for mail in self._mails), *(m["subject"] for m in self._mails))

    def test_dpo_cannot_write_code_that_reads_a_key(self):
        with self.assertRaises(AccessError):
            self.env["ir.actions.server"].with_user(self.dpo).create(
                {
                    "name": "Leak",
                    "model_id": self.env["ir.model"]._get_id("res.partner"),
                    "state": "code",
                    "code": "raise UserError(env['ir.config_parameter'].sudo().get_param('database.secret'))",
                }
            )

    def test_dpo_previews_a_notice_without_a_key(self):
        notice = self.env.ref("gdpr_prospection.mail_template_gdpr_notice_b2b")
        preview = (
            self.env["mail.template.preview"]
            .with_user(self.dpo)
            .create({"mail_template_id": notice.id, "resource_ref": f"res.partner,{self.prospect.id}"})
        )
        self.assertIn("Jeanne Martin", preview.body_html)
        self.assertNothingSecret(preview.body_html, preview.subject)

    def test_dpo_still_audits(self):
        """The DPO's job: evidence, suppression list, notice versions, the
        purge preview, answers, the overview."""
        self.env["gdpr.blacklist"]._add([("objector@example.com", None)], "objection")
        events = self.env["gdpr.event"].with_user(self.dpo).search([("partner_id", "=", self.prospect.id)])
        self.assertEqual(events.mapped("event_type"), ["collected"])
        self.assertTrue(self.env["gdpr.blacklist"].with_user(self.dpo).search_count([]))
        self.env["gdpr.notice.version"].with_user(self.dpo).search([])
        notice = self.env.ref("gdpr_prospection.mail_template_gdpr_notice_b2b").with_user(self.dpo)
        self.assertIn("data-gdpr", notice.body_html)
        self.assertFalse(notice.gdpr_missing_elements)
        self.assertFalse(notice.can_write, "reads the notice, edits it only with the template editor right")
        due = self.make_prospect(name="Due Person", email="due@example.com")
        due._gdpr_answer("objection", "phone")
        wizard = (
            self.env["gdpr.purge.wizard"]
            .with_user(self.dpo)
            .with_context(active_model="res.partner", active_ids=(due | self.prospect).ids)
            .create({})
        )
        self.assertEqual((wizard.selected_count, wizard.due_count), (2, 1))
        self.assertIn("Objected: 1", wizard.preview)
        form = Form(
            self.env["gdpr.answer.wizard"]
            .with_user(self.dpo)
            .with_context(active_model="res.partner", active_ids=self.prospect.ids)
        )
        form.answer = "objection"
        form.channel = "phone"
        form.save().action_apply()
        self.assertTrue(self.prospect.gdpr_objected_on)

    def test_template_editor_right_granted_by_an_administrator(self):
        """An administrator gives the right explicitly: then the DPO edits the notices."""
        self.dpo.groups_id = [(4, self.env.ref("mail.group_mail_template_editor").id)]
        notice = self.env.ref("gdpr_prospection.mail_template_gdpr_notice_b2b").with_user(self.dpo)
        self.assertTrue(notice.can_write)
        notice.write({"subject": "{{ object.company_id.name }}: your data"})
        self.assertEqual(notice.subject, "{{ object.company_id.name }}: your data")

    def test_migration_takes_the_editor_right_back(self):
        """A database made before 18.0.1.2.0 keeps the implied group on
        update: its migration takes the right from the DPOs, not from the
        administrators."""
        dpo_group = self.env.ref("gdpr_prospection.group_gdpr_dpo")
        editor = self.env.ref("mail.group_mail_template_editor")
        admin = new_test_user(self.env, login="gdpr_admin", groups="base.group_system,gdpr_prospection.group_gdpr_dpo")
        dpo_group.implied_ids = [(4, editor.id)]
        self.assertTrue(self.dpo.has_group("mail.group_mail_template_editor"))
        path = file_path("gdpr_prospection/migrations/18.0.1.2.0/post-migrate.py")
        spec = importlib.util.spec_from_file_location("gdpr_prospection_migrate_18_0_1_2_0", path)
        migration = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(migration)
        migration.migrate(self.env.cr, "18.0.1.1.0")
        self.env.invalidate_all()
        self.assertNotIn(editor, dpo_group.implied_ids)
        self.assertFalse(self.dpo.has_group("mail.group_mail_template_editor"))
        self.assertTrue(self.dpo.has_group("gdpr_prospection.group_gdpr_dpo"))
        self.assertTrue(admin.has_group("mail.group_mail_template_editor"))
