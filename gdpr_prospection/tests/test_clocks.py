import base64
from datetime import date, datetime

from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import GdprCase

TODAY = "2026-06-01 10:00:00"

FORGED = {
    "gdpr_notice_sent_on": "2026-05-01 10:00:00",
    "gdpr_objected_on": False,
    "gdpr_last_contact_on": "2026-05-31",
    "gdpr_converted_on": "2026-05-01 10:00:00",
    "gdpr_retention_until": "2099-01-01",
    "gdpr_notice_due_on": "2099-01-01",
}


@tagged("post_install", "-at_install")
class TestClocks(GdprCase):
    """The regime's dates and states move only through the actions that
    record them (GDPR Art. 5(1)(e), 5(2); the CNIL's KASPR decision, 2024)."""

    @freeze_time(TODAY)
    def test_recorded_fields_refuse_any_direct_write(self):
        prospect = self.make_prospect(gdpr_collected_on=date(2026, 5, 1))
        prospect._gdpr_answer("objection", "web")
        for user in (self.gdpr_user, self.dpo):
            for name, value in FORGED.items():
                with self.subTest(user=user.login, field=name):
                    with self.assertRaisesRegex(UserError, "cannot be written directly"):
                        prospect.with_user(user).write({name: value})
                    # a context key is no way round it
                    with self.assertRaisesRegex(UserError, "cannot be written directly"):
                        prospect.with_user(user).with_context(gdpr_erasure=True).write({name: value})
        with self.assertRaisesRegex(UserError, "Record an answer"):
            prospect.with_user(self.dpo).write({"gdpr_consent_state": "given"})
        prospect.invalidate_recordset()
        self.assertTrue(prospect.gdpr_objected_on)
        self.assertFalse(prospect.gdpr_notice_sent_on or prospect.gdpr_converted_on)
        # the objection itself was the last contact
        self.assertEqual(prospect.gdpr_last_contact_on, date(2026, 6, 1))
        self.assertEqual(prospect.gdpr_retention_until, date(2029, 6, 1))

    @freeze_time(TODAY)
    def test_leaving_the_regime_takes_the_conversion(self):
        prospect = self.make_prospect()
        for vals in (
            {"gdpr_prospect_type": False},
            {"gdpr_prospect_type": False, "gdpr_converted_on": "2026-06-01 09:00:00"},
        ):
            with self.assertRaises(UserError):
                prospect.with_user(self.dpo).write(vals)
        self.assertEqual(prospect.gdpr_prospect_type, "b2b")

    @freeze_time(TODAY)
    def test_a_created_prospect_cannot_bring_its_own_clocks(self):
        Partner = self.env["res.partner"].with_user(self.gdpr_user)
        values = {"name": "Forged", "email": "forged@example.com", "gdpr_prospect_type": "b2b", "function": "CEO"}
        values["gdpr_source_id"] = self.source.id
        with self.assertRaisesRegex(UserError, "notice has really left"):
            Partner.create(dict(values, gdpr_notice_sent_on="2026-05-01 10:00:00"))
        # an empty value, as a form or a file sends it, sets nothing
        prospect = Partner.create(dict(values, gdpr_notice_sent_on=False, gdpr_last_contact_on=False))
        self.assertEqual(prospect.gdpr_consent_state, "not_requested")

    @freeze_time(TODAY)
    def test_collection_date_is_set_once_and_only_moves_earlier_by_the_dpo(self):
        prospect = self.make_prospect(gdpr_collected_on=date(2026, 5, 1))
        with self.assertRaisesRegex(UserError, "Only the data protection officer"):
            prospect.with_user(self.gdpr_user).gdpr_collected_on = date(2026, 4, 1)
        with self.assertRaisesRegex(UserError, "cannot move later"):
            prospect.with_user(self.dpo).gdpr_collected_on = date(2026, 5, 20)
        with self.assertRaisesRegex(UserError, "future"):
            prospect.with_user(self.dpo).gdpr_collected_on = date(2026, 6, 2)
        with self.assertRaisesRegex(UserError, "keeps the date"):
            prospect.with_user(self.dpo).gdpr_collected_on = False
        self.assertEqual(prospect.gdpr_retention_until, date(2029, 5, 1))
        prospect.with_user(self.dpo).gdpr_collected_on = date(2026, 4, 1)
        self.assertEqual(prospect.gdpr_retention_until, date(2029, 4, 1))
        with self.assertRaisesRegex(ValidationError, "future"):
            self.make_prospect(name="Tomorrow", email="tomorrow@example.com", gdpr_collected_on=date(2026, 6, 2))

    @freeze_time(TODAY)
    def test_a_contact_is_never_dated_in_the_future(self):
        prospect = self.make_prospect(gdpr_collected_on=date(2026, 5, 1))
        with self.assertRaisesRegex(UserError, "future"):
            prospect._gdpr_record_contact("manual", date(2099, 1, 1))
        self.assertFalse(prospect.gdpr_last_contact_on)
        self.assertEqual(prospect.gdpr_retention_until, date(2029, 5, 1))

    @freeze_time(TODAY)
    def test_only_a_mail_the_person_wrote_is_contact(self):
        prospect = self.make_prospect(gdpr_collected_on=date(2026, 1, 1))
        holder = self.env["res.partner"].create({"name": "Thread"})
        # an out-of-office reply, a mailing list's copy, a delivery report
        for headers in (
            "Auto-Submitted: auto-replied\r\n",
            "X-Autoreply: yes\r\n",
            "Precedence: bulk\r\n",
        ):
            with self.subTest(headers=headers):
                self.receive_mail(prospect.email, holder, extra_headers=headers)
                self.assertFalse(prospect.gdpr_last_contact_on)
        # a colleague writing in their name, by any path
        holder.with_user(self.gdpr_user).message_post(body="As Jeanne", author_id=prospect.id, message_type="email")
        self.env["mail.message"].with_user(self.gdpr_user).create(
            {"model": "res.partner", "res_id": holder.id, "author_id": prospect.id, "message_type": "email"}
        )
        self.assertFalse(prospect.gdpr_last_contact_on)
        self.assertFalse(self.events(prospect, "contact"))
        self.receive_mail(prospect.email, holder, extra_headers="Auto-Submitted: no\r\n")
        self.assertEqual(prospect.gdpr_last_contact_on, date(2026, 6, 1))
        self.assertEqual(self.events(prospect, "contact").channel, "email")

    @freeze_time(TODAY)
    def test_an_objection_sets_the_purge_off_at_once(self):
        cron = self.env.ref("gdpr_prospection.ir_cron_gdpr_purge")
        Trigger = self.env["ir.cron.trigger"].sudo()
        before = Trigger.search_count([("cron_id", "=", cron.id)])
        prospect = self.make_prospect()
        prospect._gdpr_answer("objection", "web")
        self.assertEqual(Trigger.search_count([("cron_id", "=", cron.id)]), before + 1)
        self.assertLessEqual(
            Trigger.search([("cron_id", "=", cron.id)], order="id desc", limit=1).call_at, datetime.now()
        )

    @freeze_time(TODAY)
    def test_the_purge_stays_on_while_someone_waits_for_erasure(self):
        cron = self.env.ref("gdpr_prospection.ir_cron_gdpr_purge")
        prospect = self.make_prospect()
        prospect._gdpr_answer("objection", "web")
        schedule = self.env["gdpr.purge.schedule"].with_user(self.dpo).create({})
        schedule.active = False
        with self.assertRaisesRegex(UserError, "cannot be switched off"):
            schedule.action_save()
        with self.assertRaisesRegex(UserError, "cannot be switched off"):
            cron.write({"active": False})
        self.assertTrue(cron.active)
        self.env["gdpr.purge.run"].sudo()._cron_purge()
        self.assertFalse(prospect.exists())
        cron.write({"active": False})
        self.assertFalse(cron.active)

    @freeze_time(TODAY)
    def test_who_objected_or_refused_is_never_converted(self):
        objected = self.make_prospect()
        objected._gdpr_answer("objection", "web")
        consumer = self.make_prospect(name="Said No", email="said.no@example.com", kind="b2c")
        consumer.sudo().write({"gdpr_notice_sent_on": "2026-05-20 10:00:00", "gdpr_consent_state": "pending"})
        consumer._gdpr_answer("consent_refused", "web")
        for prospect in (objected, consumer):
            with self.assertRaisesRegex(UserError, "cannot become customers"):
                prospect.with_user(self.dpo).action_gdpr_convert("Signed a contract")
            self.assertTrue(prospect.gdpr_prospect_type)
            self.assertFalse(self.events(prospect, "converted"))


@tagged("post_install", "-at_install")
class TestSourceRegister(GdprCase):
    """The source register enforces itself: a source whose terms forbid
    reuse feeds no new prospect (GDPR Art. 5(1)(a), 6(1)(f))."""

    def test_a_source_that_forbids_reuse_feeds_no_new_prospect(self):
        closed = self.env["gdpr.data.source"].create({"name": "Members-only forum", "reuse_allowed": False})
        with self.assertRaisesRegex(ValidationError, "do not allow the reuse"):
            self.make_prospect(gdpr_source_id=closed.id)
        prospect = self.make_prospect()
        with self.assertRaisesRegex(ValidationError, "do not allow the reuse"), self.env.cr.savepoint():
            prospect.with_user(self.gdpr_user).gdpr_source_id = closed
        customer = self.env["res.partner"].create({"name": "Customer", "email": "customer@example.com"})
        with self.assertRaisesRegex(ValidationError, "do not allow the reuse"), self.env.cr.savepoint():
            customer.write({"gdpr_prospect_type": "b2b", "gdpr_source_id": closed.id, "function": "CEO"})
        self.env.invalidate_all()
        self.assertEqual(prospect.gdpr_source_id, self.source)
        # a prospect collected before the DPO unticked its source stays
        self.source.reuse_allowed = False
        prospect.with_user(self.gdpr_user).function = "Buyer"
        self.assertEqual(prospect.gdpr_source_id, self.source)

    def test_the_import_names_the_source_that_forbids_reuse(self):
        closed = self.env["gdpr.data.source"].create({"name": "Members-only forum", "reuse_allowed": False})
        wizard = (
            self.env["gdpr.import.wizard"]
            .with_user(self.gdpr_user)
            .create(
                {
                    "file": base64.b64encode(b"Name,Email,Job title\nJeanne,jeanne@example.com,CEO\n"),
                    "file_name": "prospects.csv",
                    "source_id": closed.id,
                    "prospect_type": "b2b",
                }
            )
        )
        with self.assertRaisesRegex(ValidationError, "Members-only forum"):
            wizard.action_import()
        self.assertFalse(self.env["res.partner"].search([("email", "=", "jeanne@example.com")]))
