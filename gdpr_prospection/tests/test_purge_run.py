from datetime import date
from unittest.mock import patch

from freezegun import freeze_time

from odoo.tests import tagged

from .purge_common import TODAY, PurgeCase


@tagged("post_install", "-at_install")
class TestPurgeRun(PurgeCase):
    """The run: idempotent, resumable after a crash, a bad record isolated, bounded queries."""

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
        ScrubberClass = type(self.env["gdpr.purge.scrubber"])
        real_scrub = ScrubberClass._scrub

        def failing_scrub(scrubber, partners, emails):
            if bad.id in partners.ids:
                raise ValueError("corrupt record")
            return real_scrub(scrubber, partners, emails)

        with patch.object(ScrubberClass, "_scrub", failing_scrub):
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
