import importlib.util

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools.misc import file_path

from .common import GdprCase


@tagged("post_install", "-at_install")
class TestEvent(GdprCase):
    def test_evidence_is_keyed_by_hash_and_outlives_the_partner(self):
        prospect = self.make_prospect(email="Marie.Curie@Example.com")
        event = self.events(prospect, "collected")
        expected = self.env["gdpr.blacklist"]._identity_hashes("marie.curie@example.com")["email_hash"]
        self.assertEqual(event.email_hash, expected)
        prospect.unlink()
        self.assertTrue(event.exists())
        self.assertFalse(event.partner_id)
        self.assertEqual(event.email_hash, expected)

    def test_evidence_is_keyed_by_record(self):
        prospect = self.make_prospect()
        event = self.events(prospect, "collected")
        self.assertEqual((event.res_model, event.res_id), ("res.partner", prospect.id))
        self.assertEqual(self.env["gdpr.event"]._records_with_event(prospect, "collected"), {prospect.id})
        self.assertEqual(self.env["gdpr.event"]._records_with_event(prospect, "objection"), set())
        prospect_id = prospect.id
        prospect._gdpr_answer("objection", "phone")
        self.env["gdpr.purge.run"]._purge_selection(prospect)
        purged = self.env["gdpr.event"].search([("event_type", "=", "purged"), ("partner_ref", "=", prospect_id)])
        self.assertEqual((purged.res_model, purged.res_id, purged.partner_id.id), ("res.partner", prospect_id, False))
        self.assertEqual(purged.user_id, self.env.user, "the evidence names who ran the purge")

    def partner_index_definition(self):
        self.env.cr.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'gdpr_event__partner_id_index'")
        row = self.env.cr.fetchone()
        return row and row[0]

    def test_migration_makes_the_partner_index_partial(self):
        """Before 18.0.1.4.0 every evidence row was in the partner index,
        the erased ones too; after the update only those naming a partner
        are, and deleting a partner still finds its evidence through it."""
        self.assertIn("IS NOT NULL", self.partner_index_definition())
        self.env.cr.execute("DROP INDEX gdpr_event__partner_id_index")
        self.env.cr.execute("CREATE INDEX gdpr_event__partner_id_index ON gdpr_event (partner_id)")
        path = file_path("gdpr_prospection/migrations/18.0.1.4.0/pre-migrate.py")
        spec = importlib.util.spec_from_file_location("gdpr_prospection_migrate_18_0_1_4_0", path)
        migration = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(migration)
        migration.migrate(self.env.cr, "18.0.1.3.0")
        self.assertIsNone(self.partner_index_definition())
        self.env.registry.check_indexes(self.env.cr, ["gdpr.event"])
        self.assertIn("IS NOT NULL", self.partner_index_definition())
        prospect = self.make_prospect()
        event = self.events(prospect, "collected")
        prospect.unlink()
        self.assertFalse(event.partner_id)

    def test_nobody_edits_or_deletes_evidence(self):
        event = self.events(self.make_prospect())
        for user in (self.dpo, self.gdpr_user, self.employee):
            # AccessError is a UserError: either refusal will do
            with self.assertRaises(UserError):
                event.with_user(user).write({"note": "changed"})
            with self.assertRaises(UserError):
                event.with_user(user).unlink()
        with self.assertRaises(UserError):
            event.sudo().write({"note": "changed"})
        with self.assertRaises(UserError):
            event.sudo().unlink()
        with self.assertRaises(AccessError):
            self.env["gdpr.event"].with_user(self.dpo).create({"event_type": "objection", "channel": "manual"})

    def test_only_the_dpo_reads_evidence(self):
        event = self.events(self.make_prospect())
        self.assertEqual(event.with_user(self.dpo).read(["event_type"])[0]["event_type"], "collected")
        for user in (self.gdpr_user, self.employee):
            with self.assertRaises(AccessError):
                event.with_user(user).read(["event_type"])
