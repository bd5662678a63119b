from datetime import date, datetime
from unittest.mock import patch

from freezegun import freeze_time
from lxml import html

from odoo.addons.base.models.ir_mail_server import IrMailServer
from odoo.addons.mail.tests.common import MockEmail
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import GdprCase


class GdprMailCase(GdprCase, MockEmail):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(
            {
                "email": "sales@controller.example",
                "street": "1 rue de la Paix",
                "zip": "75002",
                "city": "Paris",
                "gdpr_dpo_name": "Dora Protect",
                "gdpr_dpo_email": "dpo@controller.example",
                "gdpr_controller_contact": "privacy@controller.example",
            }
        )

    def notice_mails(self, partners):
        return (
            self.env["mail.mail"]
            .sudo()
            .search([("gdpr_text_version", "!=", False), ("model", "=", "res.partner"), ("res_id", "in", partners.ids)])
        )

    def send_queue(self):
        self.env["mail.mail"].sudo().search([("state", "=", "outgoing")]).send()


@tagged("post_install", "-at_install")
class TestNoticeSending(GdprMailCase):
    def test_b2b_notice_dated_when_it_leaves(self):
        prospect = self.make_prospect()
        with self.mock_mail_gateway():
            prospect.with_user(self.gdpr_user).action_gdpr_send_notice()
            mail = self.notice_mails(prospect)
            self.assertEqual(mail.state, "outgoing")
            self.assertFalse(prospect.gdpr_notice_sent_on, "queued is not sent")
            with freeze_time("2026-05-04 10:00:00"):
                self.send_queue()
        self.assertEqual(prospect.gdpr_notice_sent_on, datetime(2026, 5, 4, 10, 0))
        event = self.events(prospect, "notice_sent")
        self.assertEqual(len(event), 1)
        self.assertTrue(event.text_version)
        version = self.env["gdpr.notice.version"].search([("fingerprint", "=", event.text_version)])
        self.assertIn("data-gdpr", version.body_html)
        self.assertEqual(prospect.gdpr_consent_state, "not_requested", "B2B is not asked for consent")
        sent = self._mails[0]
        self.assertIn("/gdpr/unsubscribe/", sent["headers"]["List-Unsubscribe"])
        self.assertEqual(sent["headers"]["List-Unsubscribe-Post"], "List-Unsubscribe=One-Click")

    def test_b2c_notice_asks_consent(self):
        prospect = self.make_prospect(kind="b2c")
        with self.mock_mail_gateway():
            prospect.with_user(self.gdpr_user).action_gdpr_send_notice()
            self.assertEqual(prospect.gdpr_consent_state, "not_requested")
            self.send_queue()
        self.assertEqual(prospect.gdpr_consent_state, "pending")
        self.assertTrue(self.events(prospect, "consent_requested"))
        self.assertIn("/gdpr/consent/", self._mails[0]["body"])

    def test_smtp_failure_leaves_date_empty_and_retries_once(self):
        prospect = self.make_prospect()
        with self.mock_mail_gateway(), mute_logger("odoo.addons.mail.models.mail_mail"):
            prospect.action_gdpr_send_notice()
            with patch.object(IrMailServer, "send_email", side_effect=Exception("SMTP down")):
                self.send_queue()
            mail = self.notice_mails(prospect)
            self.assertEqual(mail.state, "exception")
            self.assertFalse(prospect.gdpr_notice_sent_on)
            self.assertFalse(self.events(prospect, "notice_sent"))
            prospect.action_gdpr_send_notice()
            self.assertEqual(self.notice_mails(prospect), mail, "the failed mail is retried, not duplicated")
            self.assertEqual(mail.state, "outgoing")
            self.send_queue()
        self.assertTrue(prospect.gdpr_notice_sent_on)
        self.assertEqual(len(self.events(prospect, "notice_sent")), 1)
        self.assertEqual(self.send_email_mocked.call_count, 1, "one mail left, once")

    def test_skip_rules(self):
        Partner = self.env["res.partner"]
        ok = self.make_prospect(name="Ok", email="ok@example.com")
        customer = Partner.create({"name": "Customer", "email": "customer@example.com"})
        no_email = self.make_prospect(name="No Email", email=False)
        bad_email = self.make_prospect(name="Bad Email", email="not-an-address")
        objected = self.make_prospect(name="Objected", email="objected@example.com")
        objected._gdpr_answer("objection", "phone")
        refused = self.make_prospect(name="Refused", email="refused@example.com", kind="b2c")
        refused._gdpr_answer("consent_refused", "phone")
        withdrawn = self.make_prospect(name="Withdrawn", email="withdrawn@example.com", kind="b2c")
        withdrawn._gdpr_answer("consent_given", "phone")
        withdrawn._gdpr_answer("consent_withdrawn", "phone")
        suppressed = self.make_prospect(name="Suppressed", email="suppressed@example.com")
        self.env["gdpr.blacklist"]._add([("Suppressed@Example.com", None)], "manual")
        already = self.make_prospect(name="Already", email="already@example.com")
        with self.mock_mail_gateway():
            already.action_gdpr_send_notice()
            self.send_queue()
            everyone = ok | customer | no_email | bad_email | objected | refused | withdrawn | suppressed | already
            report = everyone.with_user(self.gdpr_user).action_gdpr_send_notice()
            queued = self.notice_mails(everyone).filtered(lambda m: m.state == "outgoing")
        self.assertEqual(queued.mapped("res_id"), ok.ids)
        message = report["params"]["message"]
        for text in (
            "1 notice(s) queued",
            "1 skipped (not a prospect): Customer",
            "2 skipped (no valid email address)",
            "1 skipped (objected): Objected",
            "1 skipped (refused consent): Refused",
            "1 skipped (withdrew consent): Withdrawn",
            "1 skipped (on the suppression list): Suppressed",
            "1 skipped (notice already sent): Already",
        ):
            self.assertIn(text, message)

    def test_resend_on_request(self):
        prospect = self.make_prospect()
        with self.mock_mail_gateway():
            prospect.action_gdpr_send_notice()
            self.send_queue()
            prospect.action_gdpr_send_notice(resend=True)
            self.send_queue()
        self.assertEqual(len(self.events(prospect, "notice_sent")), 2)

    def test_every_prospection_message_offers_objection(self):
        prospect = self.make_prospect()
        with self.mock_mail_gateway():
            prospect.action_gdpr_send_notice()
            self.send_queue()
        with self.mock_mail_gateway():
            prospect.with_user(self.gdpr_user).message_post(
                body="Our new offer", partner_ids=prospect.ids, subtype_xmlid="mail.mt_comment"
            )
            self.send_queue()
        sent = [mail for mail in self._mails if "jeanne.martin@example.com" in str(mail["email_to"])]
        self.assertEqual(len(sent), 1)
        self.assertIn("/gdpr/object/", sent[0]["body"])
        self.assertIn(f"Sent by {self.company.name}", sent[0]["body"])
        self.assertIn("List-Unsubscribe", sent[0]["headers"])
        stored = (
            self.env["mail.message"]
            .sudo()
            .search([("model", "=", "res.partner"), ("res_id", "=", prospect.id), ("body", "ilike", "Our new offer")])
        )
        self.assertEqual(len(stored), 1)
        self.assertNotIn("/gdpr/", stored.body, "no token in the chatter")

    def test_customers_get_no_prospection_footer(self):
        customer = self.env["res.partner"].create({"name": "Customer", "email": "customer@example.com"})
        with self.mock_mail_gateway():
            customer.message_post(body="Invoice", partner_ids=customer.ids, subtype_xmlid="mail.mt_comment")
            self.send_queue()
        self.assertNotIn("/gdpr/", self._mails[0]["body"])
        self.assertNotIn("List-Unsubscribe", self._mails[0]["headers"])

    def test_outsiders_cannot_send(self):
        prospect = self.make_prospect()
        with self.assertRaises(AccessError):
            prospect.with_user(self.employee).action_gdpr_send_notice()

    def test_server_actions_for_prospection_roles_only(self):
        action = self.env.ref("gdpr_prospection.action_server_gdpr_send_notice")
        self.assertEqual(action.binding_model_id.model, "res.partner")
        self.assertEqual(action.groups_id, self.env.ref("gdpr_prospection.group_gdpr_user"))
        bindings = self.env["ir.actions.actions"].with_user(self.employee).get_bindings("res.partner")
        self.assertNotIn(action.id, [a["id"] for a in bindings.get("action", [])])
        bindings = self.env["ir.actions.actions"].with_user(self.gdpr_user).get_bindings("res.partner")
        self.assertIn(action.id, [a["id"] for a in bindings.get("action", [])])


@tagged("post_install", "-at_install")
class TestNoticeContent(GdprMailCase):
    def rendered(self, prospect):
        with self.mock_mail_gateway():
            prospect.action_gdpr_send_notice()
            self.send_queue()
        return self._mails[-1]["body"]

    def elements(self, body):
        tree = html.fromstring(body)
        return {node.get("data-gdpr"): node.text_content() for node in tree.xpath("//*[@data-gdpr]")}

    def test_b2b_notice_has_every_article_14_item(self):
        prospect = self.make_prospect(
            gdpr_collected_on=date(2026, 3, 2), function="Buyer", gdpr_source_url="https://directory.example/jm"
        )
        body = self.rendered(prospect)
        found = self.elements(body)
        for name in (
            "controller",
            "dpo",
            "purpose",
            "categories",
            "recipients",
            "transfers",
            "retention",
            "legitimate_interest",
            "rights",
            "complaint",
            "source",
            "automated",
            "objection",
        ):
            self.assertTrue(found.get(name, "").strip(), f"missing {name}")
        self.assertIn(self.company.name, found["controller"])
        self.assertIn("privacy@controller.example", found["controller"])
        self.assertIn("dpo@controller.example", found["dpo"])
        self.assertIn("legitimate interest", found["purpose"])
        self.assertIn("Job Position", found["categories"])
        self.assertIn("36 months", found["retention"])
        for right in ("access", "rectification", "erasure", "restriction", "objection", "portability"):
            self.assertIn(right, found["rights"])
        self.assertIn("CNIL", found["complaint"])
        self.assertIn("Trade directory", found["source"])
        self.assertIn("https://directory.example/jm", found["source"])
        self.assertIn("03/02/2026", found["source"])
        self.assertIn("publicly accessible", found["source"])
        self.assertIn("/gdpr/object/", body)
        self.assertNotIn("consent", found, "a B2B notice asks no consent")

    def test_b2c_notice_has_every_item_and_the_consent_request(self):
        body = self.rendered(self.make_prospect(kind="b2c"))
        found = self.elements(body)
        for name in ("withdrawal", "consent", "objection", "source", "rights", "complaint", "dpo", "retention"):
            self.assertTrue(found.get(name, "").strip(), f"missing {name}")
        self.assertIn("your consent", found["purpose"])
        self.assertNotIn("legitimate_interest", found)

    def test_batch_rendering_matches_core(self):
        prospects = self.make_prospect(name="Anna", email="anna@example.com") | self.make_prospect(
            name="Bert", email="bert@example.com", function="Buyer"
        )
        template = self.env.ref("gdpr_prospection.mail_template_gdpr_notice_b2b")
        core = template._render_field("body_html", prospects.ids)
        batched = template.with_context(gdpr_compile_once=True)._render_field("body_html", prospects.ids)
        self.assertEqual(batched, core)
        self.assertIn("Anna", batched[prospects[0].id])
        self.assertIn("Bert", batched[prospects[1].id])

    def test_incomplete_template_cannot_send(self):
        template = self.env.ref("gdpr_prospection.mail_template_gdpr_notice_b2b")
        tree = html.fromstring(template.body_html)
        for node in tree.xpath("//*[@data-gdpr='objection']"):
            node.getparent().remove(node)
        template.body_html = html.tostring(tree, encoding="unicode")
        self.assertIn("right to object", template.gdpr_missing_elements)
        prospect = self.make_prospect()
        with self.assertRaisesRegex(UserError, "right to object"):
            prospect.action_gdpr_send_notice()
        self.assertFalse(self.notice_mails(prospect))

    def test_template_without_source_value_cannot_send(self):
        template = self.env.ref("gdpr_prospection.mail_template_gdpr_notice_b2c")
        tree = html.fromstring(template.body_html)
        for node in tree.xpath("//*[@data-gdpr='source']"):
            for child in list(node):
                node.remove(child)
            node.text = ""
        template.body_html = html.tostring(tree, encoding="unicode")
        with self.assertRaisesRegex(UserError, "source of the data"):
            self.make_prospect(kind="b2c").action_gdpr_send_notice()

    def test_complete_templates_report_nothing_missing(self):
        for kind in ("b2b", "b2c"):
            template = self.env.ref(f"gdpr_prospection.mail_template_gdpr_notice_{kind}")
            self.assertEqual(template.gdpr_notice_type, kind)
            self.assertFalse(template.gdpr_missing_elements)


@tagged("post_install", "-at_install")
class TestNoticeCron(GdprMailCase):
    @freeze_time("2026-04-28")
    def test_cron_sends_notices_whose_deadline_is_near(self):
        due = self.make_prospect(name="Due", email="due@example.com", gdpr_collected_on=date(2026, 4, 1))
        later = self.make_prospect(name="Later", email="later@example.com", gdpr_collected_on=date(2026, 4, 20))
        no_email = self.make_prospect(name="Silent", email=False, gdpr_collected_on=date(2026, 3, 25))
        self.assertEqual(due.gdpr_notice_due_on, date(2026, 5, 1))
        with self.mock_mail_gateway():
            self.env.ref("gdpr_prospection.ir_cron_gdpr_notice").method_direct_trigger()
        self.assertTrue(self.notice_mails(due))
        self.assertFalse(self.notice_mails(later))
        self.assertTrue(no_email.gdpr_notice_blocked)
        activity = no_email.activity_ids
        self.assertEqual(activity.summary, "GDPR notice cannot be sent")
        self.assertTrue(activity.user_id.has_group("gdpr_prospection.group_gdpr_dpo"))
        overdue = self.env["res.partner"].search(
            [("gdpr_notice_due_on", "<", date(2026, 4, 28)), ("gdpr_notice_sent_on", "=", False)]
        )
        self.assertEqual(overdue, no_email)

    @freeze_time("2026-04-28")
    def test_cron_respects_the_company_switch(self):
        self.company.gdpr_auto_notice = False
        due = self.make_prospect(gdpr_collected_on=date(2026, 4, 1))
        with self.mock_mail_gateway():
            self.env.ref("gdpr_prospection.ir_cron_gdpr_notice").method_direct_trigger()
        self.assertFalse(self.notice_mails(due))


@tagged("post_install", "-at_install")
class TestNoticeFrench(GdprMailCase):
    """Our first users are French: the notice follows the prospect's language."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fr_FR")
        cls.env["ir.module.module"]._load_module_terms(["gdpr_prospection"], ["fr_FR"], overwrite=True)

    def rendered(self, prospect):
        with self.mock_mail_gateway():
            prospect.action_gdpr_send_notice()
            self.send_queue()
        return self._mails[-1]

    def test_french_notices_are_complete(self):
        for kind, required in (("b2b", ("legitimate_interest", "objection")), ("b2c", ("consent", "withdrawal"))):
            with self.subTest(kind=kind):
                prospect = self.make_prospect(
                    name=f"Jeanne {kind}", email=f"jeanne.{kind}@example.fr", kind=kind, lang="fr_FR"
                )
                mail = self.rendered(prospect)
                body = mail["body"]
                self.assertIn("Vos droits", body)
                self.assertIn("CNIL", body)
                self.assertNotIn("Your rights", body)
                found = {
                    node.get("data-gdpr"): node.text_content()
                    for node in html.fromstring(body).xpath("//*[@data-gdpr]")
                }
                template = self.env.ref(f"gdpr_prospection.mail_template_gdpr_notice_{kind}")
                self.assertFalse(template._gdpr_missing_elements(body, kind))
                for name in required:
                    self.assertTrue(found.get(name, "").strip(), name)

    def test_english_prospect_still_gets_english(self):
        mail = self.rendered(self.make_prospect(lang="en_US"))
        self.assertIn("Your rights", mail["body"])
