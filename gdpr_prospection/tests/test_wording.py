import re
from datetime import datetime

from lxml import etree

from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from .common import GdprCase


@tagged("post_install", "-at_install")
class TestDisplayNames(GdprCase):
    """The breadcrumbs of the evidence and of a purge run: labels, never
    keys, and dates as the user reads them (their time zone and language),
    never ISO in UTC."""

    def test_purge_run_is_named_in_the_users_time_zone(self):
        run = (
            self.env["gdpr.purge.run"].sudo().create({"trigger": "manual", "date_start": datetime(2026, 12, 3, 23, 30)})
        )
        # 23:30 UTC is already the next day in Paris
        name = run.with_context(lang="en_US", tz="Europe/Paris").display_name
        self.assertTrue(name.startswith("Manual purge of Dec 4, 2026"), name)
        self.assertIn("12:30", name)
        self.assertNotIn("2026-12-03", name)
        name = run.with_context(lang="en_US", tz="UTC").display_name
        self.assertIn("Dec 3, 2026", name)
        self.assertIn("11:30", name)

    def test_purge_run_is_named_in_the_users_language(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        run = self.env["gdpr.purge.run"].sudo().create({"trigger": "cron", "date_start": datetime(2026, 12, 3, 9, 5)})
        name = run.with_context(lang="fr_FR", tz="Europe/Paris").display_name
        self.assertIn("3 déc. 2026", name)
        self.assertIn("10:05", name)

    def test_evidence_shows_its_type_label_and_local_date(self):
        prospect = self.make_prospect()
        prospect._gdpr_answer("objection", "phone")
        event = self.events(prospect, "objection")
        event = event.with_context(lang="en_US", tz="Europe/Paris")
        self.assertTrue(event.display_name.startswith("Objection, "), event.display_name)
        self.assertNotIn("objection", event.display_name)
        self.assertNotIn(event.date.strftime("%Y-%m-%d"), event.display_name)
        for event_type, label in event._fields["event_type"]._description_selection(event.env):
            self.assertIn(label, event.new({"event_type": event_type, "date": event.date}).display_name)


@tagged("post_install", "-at_install")
class TestProspectFormButtons(GdprCase):
    """The GDPR page's buttons, evaluated as the web client does: the
    notice's send or re-send by its state, nothing on an unsaved prospect,
    and no button competing with the form's own save."""

    BUTTONS = ("action_gdpr_send_notice", "action_gdpr_resend_notice", "action_gdpr_record_contact")

    def gdpr_page(self):
        arch = self.env["res.partner"].with_user(self.gdpr_user).get_views([(False, "form")])["views"]["form"]["arch"]
        return etree.fromstring(arch).xpath("//page[@name='gdpr']")[0]

    def visible_buttons(self, record, saved=True):
        """The buttons of the GDPR page that show for ``record``."""
        visible = set()
        for button in self.gdpr_page().iter("button"):
            conditions = [node.get("invisible") for node in button.iterancestors() if node.get("invisible")]
            conditions.append(button.get("invisible"))
            values = {"context": {}, "id": record.id if saved else False}
            for condition in filter(None, conditions):
                for name in set(re.findall(r"\b(gdpr_\w+)\b", condition)):
                    values[name] = record[name]
                if safe_eval(condition, values):
                    break
            else:
                visible.add(button.get("name"))
        return visible

    def test_no_primary_button_on_the_gdpr_page(self):
        buttons = list(self.gdpr_page().iter("button"))
        self.assertTrue(buttons)
        for button in buttons:
            self.assertNotIn("btn-primary", button.get("class", ""), button.get("string"))

    def test_an_unsaved_prospect_has_no_gdpr_button(self):
        unsaved = self.env["res.partner"].with_user(self.gdpr_user).new({"name": "New", "gdpr_prospect_type": "b2b"})
        self.assertEqual(self.visible_buttons(unsaved, saved=False), set())

    def test_send_before_the_notice_left_re_send_after(self):
        prospect = self.make_prospect().with_user(self.gdpr_user)
        visible = self.visible_buttons(prospect)
        self.assertIn("action_gdpr_send_notice", visible)
        self.assertNotIn("action_gdpr_resend_notice", visible)
        self.assertIn("action_gdpr_record_contact", visible)
        prospect.sudo()._gdpr_notice_left("v1")
        visible = self.visible_buttons(prospect)
        self.assertNotIn("action_gdpr_send_notice", visible)
        self.assertIn("action_gdpr_resend_notice", visible)

    def test_a_failed_notice_is_re_sent(self):
        prospect = self.make_prospect().with_user(self.gdpr_user)
        self.env["mail.mail"].sudo().create(
            {
                "model": "res.partner",
                "res_id": prospect.id,
                "email_to": prospect.sudo().email,
                "gdpr_text_version": "v1",
                "state": "exception",
                "failure_reason": "SMTP down",
            }
        )
        self.assertTrue(prospect.gdpr_notice_failed)
        visible = self.visible_buttons(prospect)
        self.assertNotIn("action_gdpr_send_notice", visible)
        self.assertIn("action_gdpr_resend_notice", visible)

    def test_the_form_action_menu_leaves_the_notice_to_the_page(self):
        for xmlid in ("action_server_gdpr_send_notice", "action_server_gdpr_resend_notice"):
            self.assertEqual(self.env.ref(f"gdpr_prospection.{xmlid}").binding_view_types, "list")
