from odoo.addons.mail.tools.discuss import Store
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged

from .common import GdprCase

NAME = "Prospect Person"
EMAIL = "prospect.person@example.com"


@tagged("post_install", "-at_install")
class TestAccessPaths(GdprCase):
    """Need-to-know (GDPR Art. 5(1)(f), 32) on the side doors: Odoo reads
    related partners as superuser (followers, many2one names, message
    authors, activities, avatars), so the record rule alone does not stop an
    HR officer or an accountant. They get the neutral label instead; the
    prospection roles still get the person."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.prospect = cls.make_prospect(name=NAME, email=EMAIL, phone="+33 6 12 34 56 78")
        cls.prospect.message_subscribe(partner_ids=cls.prospect.ids)
        # a customer's record the outsiders may read, where the prospect
        # follows and wrote (a reply that came in by mail)
        cls.customer = cls.env["res.partner"].create({"name": "Plain Customer", "email": "customer@example.com"})
        cls.customer.message_subscribe(partner_ids=cls.prospect.ids)
        cls.reply = cls.customer.message_post(
            body="Call me on Monday", author_id=cls.prospect.id, message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        # a note on the prospect that names the accountant: they may read it
        cls.note = cls.prospect.with_user(cls.gdpr_user).message_post(
            body="Ask accounting", partner_ids=cls.accountant.partner_id.ids, message_type="comment"
        )
        # assigned before the accountant left the prospection roles
        cls.activity = cls.prospect.activity_schedule(
            "mail.mail_activity_data_todo", summary="Call back", user_id=cls.gdpr_user.id
        )
        cls.env.flush_all()
        cls.env.cr.execute("UPDATE mail_activity SET user_id = %s WHERE id = %s", [cls.accountant.id, cls.activity.id])
        cls.activity.invalidate_recordset()
        cls.outsiders = (cls.employee, cls.accountant)

    def assertHidden(self, data):
        text = repr(data)
        for secret in (NAME, "Prospect Person", EMAIL, "prospect.person", "12 34 56 78"):
            self.assertNotIn(secret, text)

    def assertShown(self, data):
        self.assertIn(NAME, repr(data))

    def followers(self, user):
        return self.env["mail.followers"].with_user(user).search([("partner_id", "=", self.prospect.id)])

    def test_followers(self):
        for user in self.outsiders:
            with self.subTest(user=user.login):
                rows = (
                    self.env["mail.followers"]
                    .with_user(user)
                    .search_read(
                        [("partner_id", "=", self.prospect.id)], ["name", "email", "display_name", "partner_id"]
                    )
                )
                self.assertEqual(len(rows), 2)
                self.assertHidden(rows)
                self.assertEqual({row["name"] for row in rows}, {"Prospect"})
                self.assertEqual({row["display_name"] for row in rows}, {"Prospect"})
                self.assertHidden([(f.name, f.email, f.display_name) for f in self.followers(user)])
        for user in (self.gdpr_user, self.dpo):
            with self.subTest(user=user.login):
                rows = self.followers(user).read(["name", "email", "display_name"])
                self.assertEqual({(row["name"], row["email"]) for row in rows}, {(NAME, EMAIL)})

    def test_followers_in_the_chatter(self):
        for user, visible in ((self.accountant, False), (self.employee, False), (self.gdpr_user, True)):
            with self.subTest(user=user.login):
                store = self.customer.with_user(user).message_get_followers()
                (self.assertShown if visible else self.assertHidden)(store)

    def test_many2one_names(self):
        specs = ({}, {"show_email": True}, {"show_address": True, "show_email": True, "partner_show_db_id": True})
        for user in self.outsiders:
            for context in specs:
                with self.subTest(user=user.login, context=context):
                    reply = self.reply.with_user(user).with_context(**context)
                    self.assertHidden(reply.read(["author_id"]))
                    self.assertEqual(reply.read(["author_id"])[0]["author_id"][1], "Prospect")
                    spec = {"author_id": {"fields": {"display_name": {}}, "context": context}}
                    self.assertHidden(reply.web_read(spec))
                    self.assertHidden(self.followers(user).with_context(**context).read(["partner_id"]))
        for context in specs:
            read = self.reply.with_user(self.gdpr_user).with_context(**context).read(["author_id"])
            self.assertIn(NAME, read[0]["author_id"][1])
        shown = self.reply.with_user(self.gdpr_user).with_context(show_email=True).read(["author_id"])
        self.assertIn(EMAIL, shown[0]["author_id"][1])

    def test_message_authors(self):
        for user in self.outsiders:
            with self.subTest(user=user.login):
                reply = self.reply.with_user(user)
                self.assertHidden(reply.read(["email_from", "author_avatar", "record_name"]))
                self.assertFalse(reply.read(["author_avatar"])[0]["author_avatar"])
                store = Store(reply).get_result()
                self.assertHidden(store)
                self.assertIn("Prospect", repr(store))
        store = Store(self.reply.with_user(self.gdpr_user)).get_result()
        self.assertShown(store)
        self.assertIn(EMAIL, self.reply.with_user(self.gdpr_user).read(["email_from"])[0]["email_from"])

    def test_a_message_to_a_prospect_in_the_chatter(self):
        """A message on a record an outsider reads, sent to its followers,
        the (informed) prospect among them: the outsider's chatter still
        loads, the recipient masked."""
        self.prospect.sudo().gdpr_notice_sent_on = "2026-01-05 10:00:00"
        message = self.customer.message_post(body="Our offer", message_type="comment", subtype_xmlid="mail.mt_comment")
        self.assertIn(self.prospect, message.notification_ids.res_partner_id)
        # delivered (no mail server here: the queue would have sent it)
        message.notification_ids.sudo().notification_status = "sent"
        for user in self.outsiders:
            with self.subTest(user=user.login):
                self.env.invalidate_all()
                store = Store(message.with_user(user), for_current_user=True).get_result()
                self.assertHidden(store)
                self.assertIn("Prospect", repr(store))

    def test_messages_about_a_prospect(self):
        note = self.note.with_user(self.accountant)
        self.assertHidden(note.read(["record_name", "display_name"]))
        self.assertHidden(Store(note).get_result())
        self.assertEqual(self.note.with_user(self.gdpr_user).read(["record_name"])[0]["record_name"], NAME)

    def test_activities(self):
        activity = self.activity.with_user(self.accountant)
        self.assertHidden(activity.read(["res_name", "display_name"]))
        self.assertHidden(activity.search_read([("id", "=", self.activity.id)], ["res_name"]))
        self.assertHidden(Store(activity).get_result())
        self.assertHidden(activity.export_data(["res_name"])["datas"])
        self.assertEqual(self.activity.with_user(self.gdpr_user).read(["res_name"])[0]["res_name"], NAME)

    def test_a_message_from_a_prospect_address_without_its_partner(self):
        # a mail Odoo did not match to the partner: the sender in clear only
        message = self.customer.message_post(
            body="Please call me", author_id=False, email_from=f"{NAME} <{EMAIL.upper()}>", message_type="email"
        )
        self.assertFalse(message.author_id)
        for user in self.outsiders:
            with self.subTest(user=user.login):
                self.assertHidden(message.with_user(user).read(["email_from"]))
        self.assertShown(message.with_user(self.gdpr_user).read(["email_from"]))

    def test_searching_or_grouping_by_a_copied_name_tells_nothing(self):
        Activity = self.env["mail.activity"].with_user(self.accountant)
        self.assertFalse(Activity.search([("res_name", "ilike", "Prospect Pers")]))
        self.assertHidden(Activity.read_group([], ["res_name"], ["res_name"]))
        self.assertHidden(Activity._read_group([], ["res_name"], ["__count"]))
        self.assertTrue(Activity.search([("id", "=", self.activity.id)]), "the activity itself stays readable")
        Message = self.env["mail.message"].with_user(self.accountant)
        self.assertFalse(Message.search([("email_from", "ilike", "prospect.person")]))
        self.assertFalse(Message.search([("record_name", "ilike", "Prospect Pers")]))
        self.assertHidden(
            Message.read_group([("id", "in", (self.reply | self.note).ids)], ["email_from"], ["email_from"])
        )
        self.assertHidden(
            Message.read_group([("id", "in", (self.reply | self.note).ids)], ["subject"], ["record_name"])
        )
        self.assertEqual(Message.search([("id", "=", self.reply.id)]), self.reply, "the reply stays readable")
        # the prospection roles find them
        self.assertEqual(
            self.env["mail.activity"].with_user(self.gdpr_user).search([("res_name", "ilike", "Prospect Pers")]),
            self.activity,
        )
        self.assertEqual(
            self.env["mail.message"].with_user(self.gdpr_user).search([("email_from", "ilike", "prospect.person")]),
            self.reply,
        )

    def test_activities_go_to_the_prospection_roles_only(self):
        Activity = self.env["mail.activity"].with_user(self.gdpr_user)
        values = {
            "res_model_id": self.env["ir.model"]._get_id("res.partner"),
            "res_id": self.prospect.id,
            "activity_type_id": self.env.ref("mail.mail_activity_data_todo").id,
            "summary": "Check the invoice",
        }
        for outsider in self.outsiders:
            with self.subTest(user=outsider.login), self.assertRaisesRegex(UserError, "may not see"):
                Activity.create(dict(values, user_id=outsider.id))
        colleague = Activity.create(dict(values, user_id=self.dpo.id))
        with self.assertRaisesRegex(UserError, "may not see"):
            colleague.write({"user_id": self.accountant.id})
        # a customer's activity goes to anyone
        self.assertTrue(Activity.create(dict(values, res_id=self.customer.id, user_id=self.accountant.id)))

    def test_exports_of_other_models(self):
        for user in self.outsiders:
            with self.subTest(user=user.login):
                rows = self.followers(user).export_data(["partner_id", "name", "email", "display_name"])["datas"]
                self.assertHidden(rows)
                self.assertEqual(rows[0][0], "Prospect")
                with self.assertRaises(AccessError):  # core: only administrators export messages
                    self.reply.with_user(user).export_data(["author_id", "email_from"])
        rows = self.followers(self.gdpr_user).export_data(["partner_id", "name", "email"])["datas"]
        self.assertEqual(rows[0], [NAME, NAME, EMAIL])


@tagged("post_install", "-at_install")
class TestAvatars(GdprCase, HttpCase):
    """/web/image serves the avatar of whoever wrote a message the user may
    read (core mail): not a prospect's, to those outside the roles."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.prospect = cls.make_prospect(name=NAME, email=EMAIL)
        cls.customer = cls.env["res.partner"].create({"name": "Plain Customer"})
        cls.customer.message_post(body="Hello", author_id=cls.prospect.id, message_type="comment")
        cls.url = f"/web/image/res.partner/{cls.prospect.id}/avatar_128"

    def avatar(self, login):
        if login:
            self.authenticate(login, login)
        response = self.url_open(self.url)
        self.assertEqual(response.status_code, 200)
        return response.content

    def test_outsiders_get_the_placeholder(self):
        real = self.avatar("gdpr_dpo")
        for login in ("hr_officer", "accountant", "portal_guy", None):
            with self.subTest(login=login):
                served = self.avatar(login)
                self.assertNotEqual(served, real)

    def test_prospection_user_gets_the_avatar(self):
        real = self.avatar("gdpr_dpo")
        self.assertEqual(self.avatar("gdpr_sales"), real)
        self.assertNotEqual(self.avatar("hr_officer"), real)
