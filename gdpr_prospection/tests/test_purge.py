from datetime import date, datetime
from unittest.mock import patch

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged
from odoo.tools import SQL

from .common import GdprCase

TODAY = "2026-06-01 10:00:00"


@tagged("post_install", "-at_install")
class TestPurge(GdprCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Run = cls.env["gdpr.purge.run"]
        cls.Blacklist = cls.env["gdpr.blacklist"].sudo()
        cls.Event = cls.env["gdpr.event"].sudo()
        cls.company.write({"gdpr_consent_delay_days": 30, "gdpr_notice_delay_days": 30})

    # --- helpers ---

    def prospect(self, name, kind="b2b", collected=date(2026, 5, 1), **values):
        email = name.lower().replace(" ", ".") + "@example.com"
        return self.make_prospect(name=name, email=email, kind=kind, gdpr_collected_on=collected, **values)

    def refuse(self, partner):
        self.Event._log(partner, "consent_refused", "email")
        partner.gdpr_consent_state = "refused"

    def give(self, partner):
        self.Event._log(partner, "consent_given", "email")
        partner.gdpr_consent_state = "given"

    def withdraw(self, partner):
        self.give(partner)
        self.Event._log(partner, "consent_withdrawn", "email")
        partner.gdpr_consent_state = "withdrawn"

    def object(self, partner, when=datetime(2026, 5, 30)):
        self.Event._log(partner, "objection", "web")
        partner.gdpr_objected_on = when

    def purge(self, limit=100):
        """Run the cron's method until its run is done (what the scheduler
        does between commits)."""
        for _i in range(limit):
            run = self.Run._cron_purge()
            if run.state == "done":
                return run
        raise AssertionError("the purge never finished")

    def set_batch_size(self, size):
        self.env["ir.config_parameter"].sudo().set_param("gdpr_prospection.purge_batch_size", size)

    def exists(self, partner):
        return bool(partner.with_context(active_test=False).exists())

    def suppression_reason(self, email):
        hashes = self.Blacklist._identity_hashes(email)
        entry = self.Blacklist.with_context(active_test=False).search([("email_hash", "=", hashes["email_hash"])])
        return entry.reason

    def purged_events(self, email):
        email_hash = self.Blacklist._identity_hashes(email)["email_hash"]
        return self.Event.search([("email_hash", "=", email_hash), ("event_type", "=", "purged")])

    def residue(self, name, email):
        """What core privacy_lookup's query finds for this person, plus the
        texts it does not search (message bodies, mails, tracking values)."""
        self.env.flush_all()
        found = []
        name_like, email_like = f"%{name}%", f"%{email}%"
        for model_name in self.env:
            model = self.env[model_name]
            if model._transient or not model._auto or model._abstract:
                continue
            conditions = []
            for field_name in ("email_normalized", "email", "email_from", "company_email", "email_to"):
                field = model._fields.get(field_name)
                if field and field.store:
                    conditions.append(SQL("%s::text ilike %s", SQL.identifier(field_name), email_like))
                    rec_name = model._fields.get(model._rec_name or "name")
                    if rec_name and rec_name.store and rec_name.type == "char" and not rec_name.translate:
                        conditions.append(SQL("%s ilike %s", SQL.identifier(rec_name.name), name_like))
            if model_name == "res.users":
                conditions.append(SQL("login ilike %s", email_like))
            if model_name == "mail.message":
                conditions.append(SQL("body::text ilike %s OR body::text ilike %s", name_like, email_like))
            if model_name == "mail.mail":
                conditions.append(SQL("body_html::text ilike %s", name_like))
            if model_name == "mail.tracking.value":
                conditions.append(
                    SQL(
                        "old_value_char ilike %s OR new_value_char ilike %s OR old_value_char ilike %s "
                        "OR new_value_char ilike %s",
                        name_like,
                        name_like,
                        email_like,
                        email_like,
                    )
                )
            if conditions:
                rows = self.env.execute_query(
                    SQL("SELECT id FROM %s WHERE %s", SQL.identifier(model._table), SQL(" OR ").join(conditions))
                )
                found += [(model_name, row[0]) for row in rows]
        return found

    # --- which prospects go, which stay ---

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

    # --- erase: deleted, or anonymised when something kept points to it ---

    @freeze_time(TODAY)
    def test_anonymised_when_deletion_is_blocked(self):
        partner = self.prospect("Kept Reference", gdpr_source_url="https://directory.example/kept", function="CFO")
        email = partner.email
        # a core record whose partner foreign key is ON DELETE RESTRICT
        device = (
            self.env["mail.push.device"]
            .sudo()
            .create({"partner_id": partner.id, "endpoint": "https://push.example/1", "keys": "{}"})
        )
        partner.message_post(body="Called, no answer")
        # a photo stored the way image fields store it (the minimisation rule refuses one through the form)
        self.env["ir.attachment"].sudo().create(
            {
                "name": "image_1920",
                "res_model": "res.partner",
                "res_field": "image_1920",
                "res_id": partner.id,
                "raw": b"GIF89a",
            }
        )
        self.object(partner)
        run = self.purge()

        self.assertTrue(self.exists(partner))
        self.assertTrue(device.exists())
        partner.invalidate_recordset()
        self.assertEqual(partner.name, f"Erased prospect #{partner.id}")
        self.assertFalse(partner.active)
        self.assertFalse(partner.email or partner.function or partner.gdpr_source_url or partner.gdpr_source_id)
        self.assertFalse(partner.image_1920)
        self.assertFalse(
            self.env["ir.attachment"]
            .sudo()
            .search_count([("res_model", "=", "res.partner"), ("res_id", "=", partner.id), ("res_field", "!=", False)])
        )
        self.assertFalse(partner.gdpr_prospect_type or partner.gdpr_collected_on or partner.gdpr_objected_on)
        self.assertFalse(partner.gdpr_consent_state or partner.gdpr_retention_until or partner.gdpr_erasure_reason)
        self.assertEqual(self.suppression_reason(email), "objection")
        self.assertEqual((run.deleted_count, run.anonymised_count), (0, 1))
        line = run.line_ids
        self.assertEqual((line.kind, line.partner_id, line.reason), ("anonymised", partner, "objected"))
        self.assertIn(self.env["mail.push.device"]._description, line.message)
        # no tracking of the blanking, no chatter left
        messages = self.env["mail.message"].sudo().search([("model", "=", "res.partner"), ("res_id", "=", partner.id)])
        self.assertFalse(messages)
        self.assertFalse(self.residue("Kept Reference", email))

    def objected_with_account(self, name, acc_number):
        """A prospect who objected, with a bank account, that a kept record
        (a push subscription, ON DELETE RESTRICT) forbids deleting."""
        bank_ids = self.env["ir.model.fields"]._get("res.partner", "bank_ids")
        self.company.gdpr_allowed_field_ids = [(4, bank_ids.id)]
        partner = self.prospect(name)
        account = self.env["res.partner.bank"].create({"partner_id": partner.id, "acc_number": acc_number})
        self.env["mail.push.device"].sudo().create(
            {"partner_id": partner.id, "endpoint": f"https://push.example/{partner.id}", "keys": "{}"}
        )
        self.object(partner)
        return account

    @freeze_time(TODAY)
    def test_bank_accounts_of_anonymised_partners_go(self):
        account = self.objected_with_account("Kept With Account", "FR7630006000011234567890189")
        run = self.purge()
        self.assertEqual(run.anonymised_count, 1)
        self.assertFalse(account.exists())
        self.env.flush_all()
        rows = self.env.execute_query(SQL("SELECT id FROM res_partner_bank WHERE acc_number LIKE %s", "%1234567890%"))
        self.assertFalse(rows)

    @freeze_time(TODAY)
    def test_bank_account_a_kept_record_points_to_is_blanked(self):
        account = self.objected_with_account("Paid Once", "FR7612345000019876543210")
        # what a payment's ON DELETE RESTRICT does to the account's deletion
        with patch.object(type(account), "unlink", side_effect=UserError("referenced by a payment")):
            self.purge()
        account.invalidate_recordset()
        self.assertTrue(account.exists())
        self.assertFalse(account.active)
        self.assertEqual(account.acc_number, f"Erased account #{account.id}")
        self.assertFalse(account.acc_holder_name)

    @freeze_time(TODAY)
    def test_no_residue_anywhere(self):
        name = "Zoe Quillardet"
        partner = self.prospect(name, kind="b2c")
        email = partner.email
        holder = self.env["res.partner"].create({"name": "Some Customer", "email": "customer@example.com"})
        # chatter on the prospect, with tracking values that hold old values
        partner.gdpr_source_url = "https://directory.example/zoe-quillardet"
        partner.function = "Quillardet's job"
        self.env.flush_all()
        self.env.cr.precommit.run()
        partner.message_post(
            body=f"Dear {name}, here is our notice", partner_ids=partner.ids, subtype_xmlid="mail.mt_comment"
        )
        # a reply she wrote on another record, a message sent to her from another record
        holder.message_post(body=f"Reply from {name}", author_id=partner.id, message_type="comment")
        holder.message_post(body="Offer", partner_ids=(partner | holder).ids, subtype_xmlid="mail.mt_comment")
        holder.message_subscribe(partner_ids=partner.ids)
        # a mail to her, an activity and an attachment on her record
        self.env["mail.mail"].sudo().create(
            {"subject": "Notice", "body_html": f"<p>Dear {name}</p>", "email_to": email, "recipient_ids": partner.ids}
        )
        partner.activity_schedule("mail.mail_activity_data_todo", summary="Call back", user_id=self.dpo.id)
        self.env["ir.attachment"].create(
            {"name": "card.txt", "raw": name.encode(), "res_model": "res.partner", "res_id": partner.id}
        )
        self.assertTrue(self.residue(name, email))
        self.refuse(partner)
        self.purge()

        self.assertFalse(self.exists(partner))
        self.assertEqual(self.residue(name, email), [])
        self.assertFalse(
            self.env["mail.followers"]
            .sudo()
            .search([("res_model", "=", "res.partner"), ("res_id", "=", holder.id)])
            .filtered(lambda f: not f.partner_id)
        )
        self.assertFalse(
            self.env["mail.activity"].sudo().search([("res_model", "=", "res.partner"), ("res_id", "=", partner.id)])
        )
        # the hashed suppression entry and the evidence are all that is left
        self.assertEqual(self.suppression_reason(email), "consent_refused")
        self.assertTrue(self.purged_events(email))
        # the customer's own history stays
        self.assertTrue(holder.message_ids.filtered(lambda m: "Offer" in (m.body or "")))

    @freeze_time(TODAY)
    def test_mails_by_address_only(self):
        partner = self.prospect("Lou Adresse")
        Mail = self.env["mail.mail"].sudo()
        named = Mail.create({"subject": "Hello", "email_to": '"Lou" <LOU.ADRESSE@example.com>, boss@example.com'})
        plain = Mail.create({"subject": "Again", "email_to": "lou.adresse@example.com"})
        lookalike = Mail.create({"subject": "Not her", "email_to": "xlou.adresse@example.com"})
        self.object(partner)
        self.purge()
        self.assertFalse((named | plain).exists())
        self.assertTrue(lookalike.exists(), "an address that merely contains hers is someone else's")

    @freeze_time(TODAY)
    def test_core_blacklist_entry_replaced_by_the_hash(self):
        partner = self.prospect("Opted Out", collected=date(2023, 1, 1))
        email = partner.email
        self.env["mail.blacklist"].sudo()._add(email)
        self.assertEqual(partner.gdpr_erasure_reason, "retention_expired")
        self.purge()
        self.assertFalse(self.exists(partner))
        self.assertFalse(
            self.env["mail.blacklist"]
            .sudo()
            .with_context(active_test=False)
            .search([])
            .filtered(lambda entry: entry.email == email)
        )
        self.assertEqual(self.residue("Opted Out", email), [])
        # her opt-out still holds, as a keyed hash
        self.assertEqual(self.suppression_reason(email), "objection")

    @freeze_time(TODAY)
    def test_core_blacklist_entry_archived_is_no_objection(self):
        partner = self.prospect("Opted Back In", collected=date(2023, 1, 1))
        email = partner.email
        Blacklist = self.env["mail.blacklist"].sudo()
        Blacklist._add(email)
        Blacklist._remove(email)  # core archives the entry
        entry = Blacklist.with_context(active_test=False).search([("email", "=", email)])
        self.assertFalse(entry.active)
        self.purge()
        self.assertFalse(entry.exists(), "the address in clear goes all the same")
        self.assertFalse(self.suppression_reason(email), "re-subscribed: nothing to honour")

    @freeze_time(TODAY)
    def test_ip_addresses_hashed_at_erasure(self):
        partner = self.prospect("Ivy Peer", kind="b2c")
        self.Event._log(partner, "consent_refused", "web", ip_address="203.0.113.7")
        partner.gdpr_consent_state = "refused"
        self.purge()
        events = self.Event.search([("partner_ref", "=", partner.id)])
        self.assertTrue(events.filtered("ip_address"))
        self.assertFalse(events.filtered(lambda event: "203.0.113.7" in (event.ip_address or "")))
        # the DPO can still check a given address against the evidence
        self.assertIn(self.Event._erased_ip("203.0.113.7"), events.mapped("ip_address"))

    # --- running: idempotence, crash, bad record, mixed database ---

    @freeze_time(TODAY)
    def test_second_run_does_nothing(self):
        refused = self.prospect("Said No Twice", kind="b2c")
        self.refuse(refused)
        self.prospect("Old Twice", collected=date(2023, 1, 1))
        self.purge()
        blacklist_count = self.Blacklist.with_context(active_test=False).search_count([])
        event_count = self.Event.search_count([])
        partner_count = self.env["res.partner"].with_context(active_test=False).search_count([])
        run = self.purge()
        self.assertEqual(run.due_count, 0)
        self.assertEqual(run.erased_count + run.skipped_count, 0)
        self.assertEqual(self.Blacklist.with_context(active_test=False).search_count([]), blacklist_count)
        self.assertEqual(self.Event.search_count([]), event_count)
        self.assertEqual(self.env["res.partner"].with_context(active_test=False).search_count([]), partner_count)

    @freeze_time(TODAY)
    def test_crash_in_the_middle_then_rerun(self):
        self.set_batch_size(2)
        prospects = self.env["res.partner"]
        for index in range(5):
            prospect = self.prospect(f"Crash Victim {index}", kind="b2c")
            self.refuse(prospect)
            prospects |= prospect
        emails = prospects.mapped("email")
        RunClass = type(self.Run)
        real_step = RunClass._step
        calls = []

        def dying_step(run, *args, **kwargs):
            result = real_step(run, *args, **kwargs)
            calls.append(run.id)
            if len(calls) == 2:
                raise RuntimeError("worker killed")
            return result

        # each scheduler call is one transaction: a savepoint stands for it
        with patch.object(RunClass, "_step", dying_step):
            with self.env.cr.savepoint():
                self.Run._cron_purge()
            with self.assertRaises(RuntimeError), self.env.cr.savepoint():
                self.Run._cron_purge()
        self.env.invalidate_all()
        self.assertEqual(len(prospects.exists()), 3, "the first batch holds, the second is rolled back")
        run = self.purge()
        self.assertFalse(prospects.exists())
        self.assertEqual(len(self.Run.search([("trigger", "=", "cron")])), 1, "the same run goes on")
        self.assertEqual(run.refused_count, 5)
        self.assertEqual(run.deleted_count, 5)
        for email in emails:
            self.assertEqual(len(self.purged_events(email)), 1, "nothing done twice")
            self.assertEqual(self.suppression_reason(email), "consent_refused")
        self.assertEqual(self.Blacklist.search_count([("reason", "=", "consent_refused")]), 5)

    @freeze_time(TODAY)
    def test_bad_record_is_isolated(self):
        prospects = self.env["res.partner"]
        for index in range(6):
            prospect = self.prospect(f"Batch Member {index}")
            self.object(prospect)
            prospects |= prospect
        bad = prospects[3]
        bad_email = bad.email
        EraserClass = type(self.env["gdpr.purge.eraser"])
        real_scrub = EraserClass._scrub

        def failing_scrub(eraser, partners, emails):
            if bad.id in partners.ids:
                raise ValueError("corrupt record")
            return real_scrub(eraser, partners, emails)

        with patch.object(EraserClass, "_scrub", failing_scrub):
            run = self.purge()
        self.assertEqual(prospects.exists(), bad)
        self.assertTrue(bad.gdpr_prospect_type and bad.email, "the bad record is rolled back, not half erased")
        self.assertFalse(self.purged_events(bad_email))
        self.assertFalse(self.suppression_reason(bad_email))
        self.assertEqual((run.deleted_count, run.skipped_count, run.objected_count), (5, 1, 5))
        line = run.line_ids
        self.assertEqual((line.kind, line.partner_id, line.reason), ("skipped", bad, "objected"))
        self.assertIn("corrupt record", line.message)
        # the next run tries it again, and erases it once the fault is gone
        run = self.purge()
        self.assertFalse(bad.exists())
        self.assertEqual(run.objected_count, 1)

    @freeze_time(TODAY)
    def test_non_prospects_untouched(self):
        due = self.prospect("Really Due")
        self.object(due)
        old = {"gdpr_collected_on": date(2020, 1, 1), "gdpr_objected_on": datetime(2026, 1, 1)}
        customer = self.env["res.partner"].create({"name": "Plain Customer", "email": "plain@example.com"})
        company = self.env["res.partner"].create({"name": "Acme", "is_company": True})
        converted = self.prospect("Became Customer", collected=date(2023, 1, 1))
        converted.with_user(self.dpo).action_gdpr_convert()
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

    def test_expired_suppression_and_evidence_removed(self):
        with freeze_time("2020-01-01"):
            old_entry = self.Blacklist._add(
                [("old.objector@example.com", False), ("other.objector@example.com", False)], "objection"
            )
            old_event = self.Event._log_identity("old.objector@example.com", "objection", "web")
        with freeze_time("2025-06-01"):
            young_entry = self.Blacklist._add([("young.objector@example.com", False)], "objection")
            young_event = self.Event._log_identity("young.objector@example.com", "objection", "web")
        with freeze_time(TODAY):
            self.company.gdpr_evidence_months = 60
            # each model cleans its own table, in Odoo's daily autovacuum
            for model in (self.Blacklist, self.Event):
                self.assertTrue(getattr(type(model)._gc_expired, "_autovacuum", False))
                model._gc_expired()
        self.assertFalse(old_entry.exists())
        self.assertFalse(old_event.exists())
        self.assertTrue(young_entry.exists())
        self.assertTrue(young_event.exists())

    @freeze_time(TODAY)
    def test_queries_per_batch_do_not_grow(self):
        def seed(count, tag):
            partners = self.env["res.partner"]
            for index in range(count):
                prospect = self.prospect(f"Load {tag} {index}", kind="b2c" if index % 2 else "b2b")
                if index % 2:
                    self.refuse(prospect)
                else:
                    self.object(prospect)
                prospect.message_post(body="note")
                partners |= prospect
            # one in five cannot be deleted
            self.env["mail.push.device"].sudo().create(
                [
                    {"partner_id": partner.id, "endpoint": f"https://push.example/{tag}/{partner.id}", "keys": "{}"}
                    for partner in partners[::5]
                ]
            )
            self.env.flush_all()
            return partners

        def measure(partners):
            run = self.Run.sudo().create({"trigger": "manual"})
            self.env.invalidate_all()
            start = self.cr.sql_log_count
            run._step(len(partners), "manual", partner_ids=partners.ids)
            self.env.flush_all()
            count = self.cr.sql_log_count - start
            self.assertEqual(partners.exists(), partners[::5])
            self.assertEqual((run.deleted_count, run.anonymised_count), (len(partners) - 1, 1))
            return count

        measure(seed(5, "warm"))
        small = measure(seed(5, "small"))
        large_batch = seed(50, "large")
        run = self.Run.sudo().create({"trigger": "manual"})
        self.env.invalidate_all()
        with self.assertQueryCount(small):
            run._step(50, "manual", partner_ids=large_batch.ids)
            self.env.flush_all()
        self.assertEqual((run.deleted_count, run.anonymised_count), (40, 10))

    # --- the DPO's preview and manual purge ---

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
        action = wizard.action_purge()
        run = self.env["gdpr.purge.run"].with_user(self.dpo).browse(action["res_id"])
        self.assertEqual((run.trigger, run.objected_count, run.erased_count, run.state), ("manual", 1, 1, "done"))
        self.assertFalse(due.exists())
        self.assertTrue(fine.exists())
        self.assertEqual(self.purged_events(fine.email), self.Event.browse())
        self.assertTrue(self.Event.search([("event_type", "=", "purged"), ("channel", "=", "manual")]))

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

    @freeze_time(TODAY)
    def test_suppression_entries_known_before(self):
        objected = self.prospect("Objected Before")
        self.Blacklist._add([(objected.email, False)], "objection")
        archived = self.prospect("Archived Entry", kind="b2c")
        self.Blacklist._add([(archived.email, False)], "manual").active = False
        self.refuse(archived)
        self.object(objected)
        phones = self.prospect("Two Phones", phone="+33 1 40 00 00 01", mobile="+33 6 40 00 00 02")
        self.object(phones)
        one_phone = self.prospect("One Phone", phone="+33 1 40 00 00 03")
        self.object(one_phone)
        emails = (objected | archived | phones | one_phone).mapped("email")
        self.purge()
        self.assertEqual(self.suppression_reason(emails[0]), "objection")
        # one entry holds one phone: a second number takes a second entry
        self.assertEqual(self.Blacklist.search_count([("reason", "=", "objection")]), 4)
        entry = self.Blacklist.search([("email_hash", "=", self.Blacklist._identity_hashes(emails[1])["email_hash"])])
        self.assertEqual((entry.active, entry.reason), (True, "consent_refused"), "archived entry back in force")
        self.assertEqual(
            self.Blacklist._screen(emails, ["+33 1 40 00 00 01", "+33 6 40 00 00 02", "+33 1 40 00 00 03"]),
            set(emails) | {"+33 1 40 00 00 01", "+33 6 40 00 00 02", "+33 1 40 00 00 03"},
        )

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

    @freeze_time(TODAY)
    def test_prospect_due_behind_the_walk_is_caught(self):
        self.set_batch_size(2)
        early = self.prospect("Early Bird")
        later = self.env["res.partner"]
        for index in range(4):
            prospect = self.prospect(f"Walked Over {index}")
            self.object(prospect)
            later |= prospect
        run = self.Run._cron_purge()
        self.assertEqual(run.resume_after_id, later[1].id)
        self.object(early)  # becomes due behind the point the run has reached
        while run.state == "running":
            run = self.Run._cron_purge()
        self.assertFalse((early | later).exists())
        self.assertEqual(run.objected_count, 5)
        self.assertEqual(len(self.Run.search([("trigger", "=", "cron")])), 1)
