from odoo.exceptions import RedirectWarning, UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .mail_common import GdprMailCase


@tagged("post_install", "-at_install")
class TestOutgoingGate(GdprMailCase):
    """Every outgoing path meets the same gate before SMTP (GDPR Art. 14(3)(b),
    21(3); CPCE L34-5), tried as a salesperson."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls.env["res.partner"].create({"name": "Paul Client", "email": "paul.client@example.com"})

    def informed(self, prospect):
        with self.mock_mail_gateway():
            prospect.action_gdpr_send_notice()
            self.send_queue()
        self.assertTrue(prospect.gdpr_notice_sent_on)
        return prospect

    def partner_template(self, subject, body):
        """A template addressed to the partner it is sent for."""
        return self.env["mail.template"].create(
            {
                "name": subject,
                "model_id": self.env.ref("base.model_res_partner").id,
                "subject": subject,
                "body_html": body,
                "partner_to": "{{ object.id }}",
            }
        )

    def sent_to(self, address):
        return [mail for mail in self._mails if any(address in to.lower() for to in mail["email_to"])]

    def post_as_sales(self, record, partners, **kwargs):
        return (
            record.with_user(self.gdpr_user)
            .with_context(mail_notify_force_send=False)
            .message_post(body="Hello", partner_ids=partners.ids, message_type="comment", **kwargs)
        )

    def test_chatter_to_b2c_without_consent_is_cancelled_with_the_rule(self):
        prospect = self.informed(self.make_prospect(kind="b2c"))
        self.assertEqual(prospect.gdpr_consent_state, "pending")
        with self.mock_mail_gateway():
            message = self.post_as_sales(self.customer, prospect)
            self.send_queue()
        self.assertFalse(self.sent_to("jeanne.martin@example.com"))
        notification = message.notification_ids.filtered(lambda n: n.res_partner_id == prospect)
        self.assertEqual(notification.notification_status, "canceled")
        self.assertEqual(notification.failure_type, "gdpr_blocked")
        self.assertIn("not consented", notification.failure_reason)
        event = self.events(prospect, "blocked")
        self.assertEqual(event.note, "no_consent")
        self.assertTrue(event.email_hash)
        self.assertNotIn("jeanne", event.note)

    def test_b2c_with_consent_and_informed_b2b_get_the_message(self):
        b2c = self.informed(self.make_prospect(kind="b2c"))
        b2c._gdpr_answer("consent_given", "web")
        b2b = self.informed(self.make_prospect(name="Marc Pro", email="marc.pro@example.com"))
        with self.mock_mail_gateway():
            self.post_as_sales(self.customer, b2c | b2b)
            self.send_queue()
        self.assertTrue(self.sent_to("jeanne.martin@example.com"))
        self.assertTrue(self.sent_to("marc.pro@example.com"))
        self.assertFalse(self.events(b2c, "blocked") | self.events(b2b, "blocked"))

    def test_uninformed_b2b_gets_nothing_before_the_notice(self):
        prospect = self.make_prospect()
        template = self.partner_template("Offer", "<p>Our offer</p>")
        with self.mock_mail_gateway():
            mail_id = template.with_user(self.gdpr_user).send_mail(prospect.id)
            self.send_queue()
        mail = self.env["mail.mail"].sudo().browse(mail_id)
        self.assertEqual(mail.state, "cancel")
        self.assertEqual(mail.failure_type, "gdpr_blocked")
        self.assertIn("GDPR notice first", mail.failure_reason)
        self.assertFalse(self.sent_to("jeanne.martin@example.com"))
        # the notice itself is the exception: it leaves
        self.informed(prospect)

    def test_server_action_mail_post_is_gated(self):
        prospect = self.make_prospect()
        prospect.gdpr_objected_on = "2026-01-01 10:00:00"
        template = self.partner_template("News", "<p>News</p>")
        action = self.env["ir.actions.server"].create(
            {
                "name": "Mail",
                "model_id": self.env.ref("base.model_res_partner").id,
                "state": "mail_post",
                "mail_post_method": "email",
                "template_id": template.id,
            }
        )
        with self.mock_mail_gateway():
            action.with_context(active_model="res.partner", active_ids=prospect.ids).run()
            self.send_queue()
        self.assertFalse(self.sent_to("jeanne.martin@example.com"))
        self.assertEqual(self.events(prospect, "blocked").note, "objected")

    def test_chatter_names_the_rule_before_posting(self):
        prospect = self.make_prospect()
        composer = (
            self.env["mail.compose.message"]
            .with_user(self.gdpr_user)
            .with_context(
                default_model="res.partner", default_res_ids=self.customer.ids, default_composition_mode="comment"
            )
            .create({"body": "Hello", "partner_ids": prospect.ids, "subject": "Hi"})
        )
        with self.assertRaises(RedirectWarning) as caught:
            composer.action_send_mail()
        self.assertIn("send the GDPR notice first", str(caught.exception.args[0]))
        self.assertEqual(caught.exception.args[1], self.env.ref("gdpr_prospection.action_server_gdpr_send_notice").id)
        prospect.gdpr_objected_on = "2026-01-01 10:00:00"
        with self.assertRaises(UserError) as caught:
            composer.action_send_mail()
        self.assertIn("objected", str(caught.exception))
        # a note reaches nobody: it is not refused
        self.customer.with_user(self.gdpr_user).message_post(body="note", subtype_xmlid="mail.mt_note")

    def test_suppressed_address_stops_marketing_not_an_invoice(self):
        self.env["gdpr.blacklist"].sudo()._add([("paul.client@example.com", False)], "objection")
        composer = (
            self.env["mail.compose.message"]
            .with_user(self.gdpr_user)
            .with_context(
                default_model="res.partner", default_res_ids=self.customer.ids, default_composition_mode="mass_mail"
            )
            .create({"body": "Promo", "subject": "Promo", "partner_ids": self.customer.ids})
        )
        template = self.partner_template("Invoice", "<p>Your invoice</p>")
        with self.mock_mail_gateway():
            composer._action_send_mail()
            template.send_mail(self.customer.id)
            self.send_queue()
        mails = self.env["mail.mail"].sudo().search([("res_id", "=", self.customer.id), ("model", "=", "res.partner")])
        marketing = mails.filtered("gdpr_marketing")
        self.assertEqual(marketing.state, "cancel")
        self.assertEqual(marketing.failure_type, "gdpr_blocked")
        self.assertEqual([m["subject"] for m in self.sent_to("paul.client@example.com")], ["Invoice"])

    def test_erased_persons_address_typed_on_a_new_contact_gets_no_mass_mail(self):
        prospect = self.make_prospect()
        prospect._gdpr_answer("objection", "web")
        self.env["gdpr.purge.run"].sudo()._cron_purge()
        self.assertFalse(prospect.exists())
        newcomer = self.env["res.partner"].create({"name": "J. Martin", "email": "Jeanne.Martin@example.com"})
        self.env["mail.mail"].create(
            {"email_to": newcomer.email, "subject": "Promo", "body_html": "<p>Promo</p>", "gdpr_marketing": True}
        )
        with self.mock_mail_gateway():
            self.send_queue()
        self.assertFalse(self.sent_to("jeanne.martin@example.com"))
        # core's own flag says so too, on every record that holds the address
        self.assertTrue(newcomer.is_blacklisted)
        self.assertFalse(self.customer.is_blacklisted)
        contact = self.env["res.partner"].create({"name": "Other record", "email": '"J." <JEANNE.MARTIN@example.com>'})
        self.assertTrue(contact.is_blacklisted)

    def test_only_refused_recipients_are_dropped(self):
        prospect = self.make_prospect()
        with self.mock_mail_gateway():
            message = self.post_as_sales(self.customer, prospect | self.customer)
            self.send_queue()
        self.assertTrue(self.sent_to("paul.client@example.com"))
        self.assertFalse(self.sent_to("jeanne.martin@example.com"))
        statuses = {n.res_partner_id: n.notification_status for n in message.notification_ids}
        self.assertEqual(statuses[self.customer], "sent")
        self.assertEqual(statuses[prospect], "canceled")

    @mute_logger("odoo.addons.mail.models.mail_mail")
    def test_gate_query_count_does_not_grow_with_the_batch(self):
        def queue(count, offset):
            partners = self.env["res.partner"].create(
                [
                    {
                        "name": f"P{offset + i}",
                        "email": f"p{offset + i}@example.com",
                        "gdpr_prospect_type": "b2b",
                        "gdpr_source_id": self.source.id,
                        "function": "Buyer",
                    }
                    for i in range(count)
                ]
            )
            return self.env["mail.mail"].create(
                [{"subject": "x", "body_html": "<p>x</p>", "recipient_ids": [(4, p.id)]} for p in partners]
            )

        def queries(mails):
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            refused = mails.sudo()._gdpr_screen_batch()
            return self.env.cr.sql_log_count - before, refused

        small_count, __ = queries(queue(3, 0))
        large_count, refused = queries(queue(30, 100))
        self.assertEqual(len(refused), 30, "never informed: every mail is refused")
        self.assertLessEqual(large_count, small_count + 2)
