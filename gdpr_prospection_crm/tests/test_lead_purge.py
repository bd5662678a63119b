from datetime import date, datetime
from unittest.mock import patch

from freezegun import freeze_time

from odoo.tests import tagged

from .common import LeadCase

TODAY = "2026-06-01 10:00:00"


@tagged("post_install", "-at_install")
class TestLeadPurge(LeadCase):
    """The nightly purge erases due leads with the partners, for the same
    reasons, and leaves the same evidence (GDPR Art. 5(1)(e), 17, 21)."""

    def lead(self, name, **values):
        email = name.lower().replace(" ", ".") + "@acme.example"
        values.setdefault("gdpr_collected_on", date(2026, 5, 1))
        return self.make_lead(contact_name=name, email=email, **values)

    def object(self, record, when=datetime(2026, 5, 30)):
        self.Event._log(record, "objection", "web")
        record.sudo().write({"gdpr_objected_on": when})

    def exists(self, record):
        return bool(record.with_context(active_test=False).exists())

    @freeze_time(TODAY)
    def test_mixed_database_only_due_prospects_go(self):
        customer = self.env["res.partner"].create({"name": "Customer", "email": "customer@example.com"})
        partner_due = self.prospect("Paul Due")
        self.object(partner_due)
        objected = self.lead("Olga Objected")
        self.object(objected)
        objected.action_set_lost()  # lost leads are archived: the purge sees them
        self.assertFalse(objected.active)
        expired = self.lead("Eric Expired", gdpr_collected_on=date(2023, 1, 1))
        no_consent = self.lead("Nina Noconsent", kind="b2c", gdpr_collected_on=date(2026, 3, 1))
        kept = self.lead("Kate Kept")
        company_only = self.make_lead(contact_name=False, email="info@acme.example", gdpr_prospect_type=False)
        core_lead = self.env["crm.lead"].create({"name": "Core lead", "email_from": "olga.objected@other.example"})
        objected.message_post(body="Called her about the offer")
        self.assertEqual(self.env["gdpr.purge.due"]._count_due(self.env["crm.lead"]), 3)

        run = self.purge()

        for record in (partner_due, objected, expired, no_consent):
            self.assertFalse(self.exists(record), record)
        for record in (customer, kept, company_only, core_lead):
            self.assertTrue(self.exists(record), record)
        self.assertEqual(run.due_count, 4)
        self.assertEqual((run.objected_count, run.retention_expired_count, run.no_consent_count), (2, 1, 1))
        self.assertEqual(run.deleted_count, 4)
        # the objection is honoured afterwards; an erasure for time is not a suppression
        self.assertEqual(self.suppression_reason("olga.objected@acme.example"), "objection")
        self.assertEqual(self.suppression_reason("nina.noconsent@acme.example"), "no_consent")
        self.assertFalse(self.suppression_reason("eric.expired@acme.example"))
        # the evidence outlives the lead, keyed by its model and id
        purged = self.purged_events("olga.objected@acme.example")
        self.assertEqual((purged.res_model, purged.res_id, purged.note), ("crm.lead", objected.id, "objected"))
        self.assertFalse(purged.partner_id or purged.partner_ref)
        history = self.Event.search([("res_model", "=", "crm.lead"), ("res_id", "=", objected.id)])
        self.assertEqual(set(history.mapped("event_type")), {"collected", "objection", "purged"})
        # the lead's chatter went with it
        self.assertFalse(self.env["mail.message"].search([("model", "=", "crm.lead"), ("res_id", "=", objected.id)]))

    @freeze_time(TODAY)
    def test_batches_walk_partners_then_leads_and_resume(self):
        self.set_batch_size(2)
        partners = [self.prospect(f"Partner {i}") for i in range(3)]
        leads = [self.lead(f"Lead {i}") for i in range(3)]
        for record in partners + leads:
            self.object(record)
        run = self.Run._cron_purge()
        self.assertEqual(run.state, "running")
        self.assertEqual(run.resume_model, "res.partner")
        for _i in range(2):
            run = self.Run._cron_purge()
        # the partners are done; the run goes on with the leads
        self.assertEqual(run.resume_model, "crm.lead")
        self.assertTrue(self.exists(leads[-1]))
        run = self.purge()
        self.assertEqual(run.state, "done")
        self.assertEqual(run.objected_count, 6)
        self.assertFalse(any(self.exists(record) for record in partners + leads))

    @freeze_time(TODAY)
    def test_a_lead_that_cannot_be_erased_is_skipped_not_retried(self):
        bad = self.lead("Bad Lead")
        good = self.lead("Good Lead")
        for record in (bad, good):
            self.object(record)
        Lead = type(self.env["crm.lead"])
        real_unlink = Lead.unlink

        def failing_unlink(records):
            if bad.id in records.ids:
                raise ValueError("kept by something")
            return real_unlink(records)

        with patch.object(Lead, "unlink", failing_unlink):
            run = self.purge()
        self.assertTrue(self.exists(bad))
        self.assertFalse(self.exists(good))
        line = run.line_ids
        self.assertEqual((line.kind, line.res_model, line.res_id), ("skipped", "crm.lead", bad.id))
        self.assertFalse(line.partner_id)
        self.assertEqual(run.skipped_count, 1)
