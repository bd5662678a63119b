from datetime import date, datetime

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged
from odoo.tools import SQL

from .purge_common import TODAY, PurgeCase


@tagged("post_install", "-at_install")
class TestPurge(PurgeCase):
    """Which prospects the purge erases, and who may run it."""

    @freeze_time(TODAY)
    def test_rules(self):
        fine = self.prospect("Fine Bebert")
        expired = self.prospect("Old Arsene", collected=date(2023, 5, 1))
        contacted = self.prospect("Old Caller", collected=date(2023, 5, 1), gdpr_last_contact_on=date(2025, 1, 2))
        never_asked = self.prospect("Never Asked", kind="b2c", collected=date(2026, 4, 1))
        recent_b2c = self.prospect("Recent Consumer", kind="b2c", collected=date(2026, 5, 20))
        asked_late = self.prospect("Asked Long Ago", kind="b2c", collected=date(2026, 4, 1))
        asked_late.gdpr_notice_sent_on = datetime(2026, 4, 15)
        asked_recently = self.prospect("Asked Recently", kind="b2c", collected=date(2026, 4, 1))
        asked_recently.gdpr_notice_sent_on = datetime(2026, 5, 20)
        consented = self.prospect("Said Yes", kind="b2c", collected=date(2026, 4, 1))
        self.give(consented)
        refused = self.prospect("Said No", kind="b2c")
        self.refuse(refused)
        withdrawn = self.prospect("Changed Mind", kind="b2c")
        self.withdraw(withdrawn)
        objected = self.prospect("Go Away")
        self.object(objected)
        b2b_never_asked = self.prospect("Pro Unasked", collected=date(2026, 1, 1))

        expected = {
            never_asked: "no_consent",
            asked_late: "no_consent",
            refused: "refused",
            withdrawn: "withdrawn",
            objected: "objected",
            expired: "retention_expired",
        }
        staying = fine | contacted | recent_b2c | asked_recently | consented | b2b_never_asked
        # the DPO's preview says the same as the purge will do
        for partner, reason in expected.items():
            self.assertEqual(partner.gdpr_erasure_reason, reason, partner.name)
        self.assertFalse(any(staying.mapped("gdpr_erasure_reason")))
        Partner = self.env["res.partner"].with_user(self.dpo)
        mine = [("id", "in", (staying | self.env["res.partner"].union(*expected)).ids)]
        due = Partner.search(mine + [("gdpr_erasure_reason", "!=", False)])
        self.assertEqual(set(due.ids), {p.id for p in expected})
        self.assertEqual(Partner.search(mine + [("gdpr_erasure_reason", "=", False)]), staying)
        self.assertEqual(Partner.search(mine + [("gdpr_erasure_reason", "=", "no_consent")]), never_asked | asked_late)
        self.assertEqual(
            Partner.search(mine + [("gdpr_erasure_reason", "in", ["objected", "refused"])]), objected | refused
        )
        self.assertEqual(
            Partner.search(mine + [("gdpr_erasure_reason", "not in", ["objected"])]), staying | (due - objected)
        )

        emails = {partner: partner.email for partner in expected}
        run = self.purge()

        for partner, reason in expected.items():
            self.assertFalse(self.exists(partner), emails[partner])
            events = self.purged_events(emails[partner])
            self.assertEqual(len(events), 1, emails[partner])
            self.assertEqual(events.note, reason)
            self.assertEqual(events.channel, "cron")
        for partner in staying:
            self.assertTrue(self.exists(partner), partner.name)
            self.assertTrue(partner.gdpr_prospect_type)
            self.assertFalse(self.purged_events(partner.email))
        # cases 2 and 3 leave a suppression entry with its reason, case 1 none
        self.assertEqual(self.suppression_reason(emails[never_asked]), "no_consent")
        self.assertEqual(self.suppression_reason(emails[asked_late]), "no_consent")
        self.assertEqual(self.suppression_reason(emails[refused]), "consent_refused")
        self.assertEqual(self.suppression_reason(emails[withdrawn]), "consent_withdrawn")
        self.assertEqual(self.suppression_reason(emails[objected]), "objection")
        self.assertFalse(self.suppression_reason(emails[expired]))

        self.assertEqual(run.trigger, "cron")
        self.assertEqual(run.due_count, 6)
        self.assertEqual(
            (run.objected_count, run.withdrawn_count, run.refused_count, run.no_consent_count),
            (1, 1, 1, 2),
        )
        self.assertEqual(run.retention_expired_count, 1)
        self.assertEqual((run.deleted_count, run.anonymised_count, run.skipped_count), (6, 0, 0))
        self.assertTrue(run.date_end)

    def test_consent_delay_boundaries(self):
        with freeze_time("2026-05-01 12:00:00"):
            asked = self.prospect("Boundary Asked", kind="b2c", collected=date(2026, 4, 20))
            asked.gdpr_notice_sent_on = datetime(2026, 5, 1, 12, 0)
            unasked = self.prospect("Boundary Unasked", kind="b2c", collected=date(2026, 5, 1))
        with freeze_time("2026-05-31 11:00:00"):  # 30 days after collection and request
            self.purge()
            self.assertTrue(self.exists(asked))
            self.assertTrue(self.exists(unasked))
        with freeze_time("2026-06-01 13:00:00"):  # 31 days
            self.purge()
            self.assertFalse(self.exists(asked))
            self.assertFalse(self.exists(unasked))

    @freeze_time(TODAY)
    def test_non_prospects_untouched(self):
        due = self.prospect("Really Due")
        self.object(due)
        old = {"gdpr_collected_on": date(2020, 1, 1), "gdpr_objected_on": datetime(2026, 1, 1)}
        customer = self.env["res.partner"].create({"name": "Plain Customer", "email": "plain@example.com"})
        company = self.env["res.partner"].create({"name": "Acme", "is_company": True})
        converted = self.prospect("Became Customer", collected=date(2023, 1, 1))
        converted.with_user(self.dpo).action_gdpr_convert("Signed a contract")
        user = new_test_user(self.env, login="prospect_user", name="Prospect User", email="puser@example.com")
        other_company = self.env["res.company"].create({"name": "Sister Company"})
        protected = company | user.partner_id | other_company.partner_id
        # bad data that the rules forbid: the purge must not trust the rules
        self.env.flush_all()
        self.env.execute_query(
            SQL(
                """UPDATE res_partner SET gdpr_prospect_type = 'b2b', gdpr_source_id = %s,
                          gdpr_collected_on = %s, gdpr_retention_until = %s, gdpr_objected_on = %s
                    WHERE id = ANY(%s)""",
                self.source.id,
                old["gdpr_collected_on"],
                date(2023, 1, 1),
                old["gdpr_objected_on"],
                protected.ids,
            )
        )
        self.env.invalidate_all()
        user.partner_id.message_post(body="Internal note on the user")
        bystanders = customer | company | converted | user.partner_id | other_company.partner_id
        before = {p.id: (p.name, p.email, p.active) for p in bystanders}
        messages_before = self.env["mail.message"].sudo().search_count([("author_id", "in", bystanders.ids)])
        self.assertFalse(any(bystanders.mapped("gdpr_erasure_reason")))

        run = self.purge()
        self.assertFalse(due.exists())
        self.assertEqual(run.erased_count, 1)
        self.env.invalidate_all()
        for partner in bystanders:
            self.assertEqual((partner.name, partner.email, partner.active), before[partner.id])
        self.assertTrue(user.exists() and other_company.exists())
        self.assertEqual(
            self.env["mail.message"].sudo().search_count([("author_id", "in", bystanders.ids)]), messages_before
        )
        # the Python guard holds even when the selection lets one through
        reasons = self.env["gdpr.purge.due"]._erasure_reasons(bystanders)
        self.assertEqual(reasons, {})

    @freeze_time(TODAY)
    def test_cron_record(self):
        due = self.prospect("Cron Target", collected=date(2022, 1, 1))
        cron = self.env.ref("gdpr_prospection.ir_cron_gdpr_purge")
        self.assertTrue(cron.active)
        self.assertEqual((cron.interval_number, cron.interval_type), (1, "days"))
        cron.method_direct_trigger()
        self.assertFalse(due.exists())
        run = self.Run.search([("trigger", "=", "cron")])
        self.assertEqual(run.retention_expired_count, 1)
        self.assertEqual(run.state, "done")

    @freeze_time(TODAY)
    def test_wizard_purges_only_due_prospects(self):
        due = self.prospect("Wizard Due")
        self.object(due)
        fine = self.prospect("Wizard Fine")
        wizard = (
            self.env["gdpr.purge.wizard"]
            .with_user(self.dpo)
            .with_context(active_model="res.partner", active_ids=(due | fine).ids)
            .create({})
        )
        self.assertEqual((wizard.selected_count, wizard.due_count), (2, 1))
        self.assertIn("Objected: 1", wizard.preview)
        # the preview names who goes, and why
        self.assertEqual(wizard.due_partner_ids, due)
        self.assertEqual(wizard.due_partner_ids.gdpr_erasure_reason, "objected")
        action = wizard.action_purge()
        run = self.env["gdpr.purge.run"].with_user(self.dpo).browse(action["res_id"])
        self.assertEqual((run.trigger, run.objected_count, run.erased_count, run.state), ("manual", 1, 1, "done"))
        self.assertFalse(due.exists())
        self.assertTrue(fine.exists())
        self.assertEqual(self.purged_events(fine.email), self.Event.browse())
        self.assertTrue(self.Event.search([("event_type", "=", "purged"), ("channel", "=", "manual")]))

    @freeze_time(TODAY)
    def test_a_consumer_who_consented_to_calls_or_texts_only_is_kept(self):
        silent = self.prospect("Silent Consumer", kind="b2c", collected=date(2026, 3, 1))
        caller = self.prospect("Call Me", kind="b2c", collected=date(2026, 3, 1))
        texter = self.prospect("Text Me", kind="b2c", collected=date(2026, 3, 1))
        with freeze_time("2026-03-02 10:00:00"):
            for partner in (silent, caller, texter):
                partner._gdpr_notice_left("notice-v1")
        with freeze_time("2026-03-05 10:00:00"):
            caller._gdpr_channel_answer("phone_consent_given", "phone", note="Said yes, recording 12")
            texter._gdpr_channel_answer("sms_consent_given", "web")
        self.env["res.partner"].invalidate_model()
        self.assertEqual(silent.gdpr_erasure_reason, "no_consent")
        self.assertFalse(caller.gdpr_erasure_reason)
        self.purge()
        self.assertFalse(silent.exists())
        self.assertTrue(caller.exists() and texter.exists(), "a consent on one channel is a consent")

    @freeze_time(TODAY)
    def test_the_overview_opens_the_purge_of_every_due_prospect(self):
        due = self.prospect("Overview Due")
        self.object(due)
        expired = self.prospect("Overview Expired", collected=date(2020, 1, 1))
        fine = self.prospect("Overview Fine")
        action = self.env.ref("gdpr_prospection.action_gdpr_purge_wizard_all_due")
        self.assertEqual(action.context, "{'gdpr_purge_all_due': True}")
        wizard = self.env["gdpr.purge.wizard"].with_user(self.dpo).with_context(gdpr_purge_all_due=True).create({})
        self.assertEqual(wizard.due_partner_ids, due | expired)
        self.assertNotIn(fine, wizard.partner_ids)
        self.assertEqual(wizard.more_due_count, 0)
        run = self.env["gdpr.purge.run"].with_user(self.dpo).browse(wizard.action_purge()["res_id"])
        self.assertEqual((run.erased_count, run.deleted_count, run.line_ids), (2, 2, self.env["gdpr.purge.run.line"]))
        self.assertTrue(fine.exists())

    def test_only_the_dpo_purges(self):
        prospect = self.prospect("Not Yours", collected=date(2020, 1, 1))
        for user in (self.gdpr_user, self.employee, self.accountant):
            with self.assertRaises(AccessError):
                self.env["gdpr.purge.wizard"].with_user(user).with_context(
                    active_model="res.partner", active_ids=prospect.ids
                ).create({"partner_ids": [Command.set(prospect.ids)]})
            with self.assertRaises(AccessError):
                self.env["gdpr.purge.run"].with_user(user)._purge_selection(prospect)
            with self.assertRaises(AccessError):
                self.env["gdpr.purge.run"].with_user(user).search([])
        self.assertTrue(prospect.exists())

    def test_schedule_is_the_dpos(self):
        cron = self.env.ref("gdpr_prospection.ir_cron_gdpr_purge")
        schedule = self.env["gdpr.purge.schedule"].with_user(self.dpo).create({})
        self.assertEqual((schedule.active, schedule.interval_type, schedule.batch_size), (True, "days", 1000))
        schedule.write({"interval_number": 2, "batch_size": 500})
        schedule.action_save()
        self.assertEqual((cron.interval_number, cron.interval_type), (2, "days"))
        self.assertEqual(self.Run._batch_size(), 500)
        # the DPO reaches this job only, not the other scheduled actions
        with self.assertRaises(AccessError):
            self.env["ir.cron"].with_user(self.dpo).search([])
        with self.assertRaises(AccessError):
            self.env["gdpr.purge.schedule"].with_user(self.gdpr_user).create({})
