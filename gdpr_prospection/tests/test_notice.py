from datetime import date, datetime
from unittest.mock import patch

from freezegun import freeze_time

from odoo.addons.base.models.ir_mail_server import IrMailServer
from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .mail_common import GdprMailCase


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
            # the failure shows, with its reason, to the salesperson and in the filter
            seen = prospect.with_user(self.gdpr_user)
            self.assertTrue(seen.gdpr_notice_failed)
            self.assertIn("SMTP down", seen.gdpr_notice_failure)
            Partner = self.env["res.partner"].with_user(self.gdpr_user)
            self.assertEqual(Partner.search([("gdpr_notice_failed", "=", True)]), prospect)
            self.assertNotIn(prospect, Partner.search([("gdpr_notice_failed", "=", False)]))
            report = prospect.with_user(self.gdpr_user).action_gdpr_send_notice()
            message = report["params"]["message"]
            self.assertIn("1 notice(s) that had failed put back in the queue", message)
            self.assertNotIn("already waiting", message, "a failed notice is not said to be on its way")
            self.assertEqual(self.notice_mails(prospect), mail, "the failed mail is retried, not duplicated")
            prospect.invalidate_recordset(["gdpr_notice_failed"])
            self.assertFalse(prospect.gdpr_notice_failed, "back in the queue: no longer failed")
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
        withdrawn._gdpr_notice_left("notice-v1")
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
        # one short line per outcome, not one paragraph: a summary, then a list the notification keeps apart
        summary, *outcomes = message.split("\n")
        self.assertTrue(summary.startswith("1 notice(s) queued"))
        self.assertEqual(len(outcomes), 7)
        self.assertTrue(all(line.startswith("• ") for line in outcomes), outcomes)
        self.assertIn("text-prewrap", report["params"]["className"])

    def test_resend_on_request(self):
        prospect = self.make_prospect()
        with self.mock_mail_gateway():
            prospect.action_gdpr_send_notice()
            self.send_queue()
            prospect.action_gdpr_send_notice(resend=True)
            self.send_queue()
            # the form's "Re-send" button
            prospect.with_user(self.gdpr_user).action_gdpr_resend_notice()
            self.send_queue()
        self.assertEqual(len(self.events(prospect, "notice_sent")), 3)

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
