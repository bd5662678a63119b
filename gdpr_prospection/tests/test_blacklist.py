from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import GdprCase


@tagged("post_install", "-at_install")
class TestBlacklist(GdprCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Blacklist = cls.env["gdpr.blacklist"]
        cls.entry = cls.Blacklist._add([("Jean.Dupont+news@Gmail.com", "06 12 34 56 78")], "objection")

    def test_variants_of_the_address_are_recognised(self):
        variants = [
            "jean.dupont+news@gmail.com",
            "  JEAN.DUPONT+news@GMAIL.COM ",
            "Jean Dupont <jean.dupont+news@gmail.com>",
            "jean.dupont@gmail.com",
            "jeandupont@gmail.com",
            "j.e.a.n.dupont+other@googlemail.com",
        ]
        self.assertEqual(self.Blacklist._screen(variants), set(variants))
        self.assertFalse(self.Blacklist._screen(["jean.dupond@gmail.com", "jean.dupont@example.com"]))

    def test_dots_only_matter_outside_gmail(self):
        self.Blacklist._add([("anne.durand@example.com", None)], "objection")
        self.assertTrue(self.Blacklist._screen(["anne.durand+tag@example.com"]))
        self.assertFalse(self.Blacklist._screen(["annedurand@example.com"]))

    def test_phone_formats_are_recognised(self):
        phones = ["0612345678", "06 12 34 56 78", "+33 6 12 34 56 78", "+33612345678", "06.12.34.56.78"]
        self.assertEqual(self.Blacklist._screen(phones=phones), set(phones))
        self.assertFalse(self.Blacklist._screen(phones=["06 12 34 56 79"]))

    def test_no_clear_identity_in_the_table(self):
        self.env.flush_all()
        self.env.cr.execute("SELECT * FROM gdpr_blacklist")
        dump = repr(self.env.cr.fetchall()).lower()
        for clear in ("jean", "dupont", "gmail", "612345678"):
            self.assertNotIn(clear, dump)
        self.assertEqual(len(self.entry.email_hash), 64)

    def test_hash_key_lives_in_the_database(self):
        key = self.env["ir.config_parameter"].sudo().get_param("gdpr_prospection.hash_key")
        self.assertGreaterEqual(len(key), 32)

    def test_add_is_idempotent(self):
        again = self.Blacklist._add([("jean.dupont+news@gmail.com", "+33612345678")], "manual")
        self.assertEqual(again, self.entry)
        self.assertEqual(self.Blacklist.search_count([]), 1)

    def test_archived_entry_comes_back(self):
        self.entry.active = False
        self.assertFalse(self.Blacklist._screen(["jean.dupont+news@gmail.com"]))
        self.Blacklist._add([("jean.dupont+news@gmail.com", None)], "objection")
        self.assertTrue(self.entry.active)

    def test_unique_hash(self):
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.cr.savepoint():
            self.Blacklist.create({"email_hash": self.entry.email_hash, "reason": "manual"})

    def test_entry_expires_after_three_years_at_least(self):
        self.assertGreaterEqual((self.entry.expires_on - self.entry.date.date()).days, 3 * 365)

    def test_screening_is_one_query_whatever_the_batch(self):
        emails = [f"person{i}@example.com" for i in range(500)]
        self.Blacklist._screen(["warmup@example.com"])
        with self.assertQueryCount(1):
            self.Blacklist._screen(emails, ["0612345678"])

    def test_suppressed_person_cannot_become_a_prospect(self):
        with self.assertRaisesRegex(ValidationError, "suppression list"):
            self.make_prospect(name="J. Dupont", email="JeanDupont@gmail.com")
        with self.assertRaisesRegex(ValidationError, "suppression list"):
            self.make_prospect(name="J. Dupont", email="other@example.com", phone="+33 6 12 34 56 78")
        prospect = self.make_prospect(name="Someone", email="someone@example.com")
        with self.assertRaisesRegex(ValidationError, "suppression list"):
            prospect.email = "jean.dupont@gmail.com"
        partner = self.env["res.partner"].create({"name": "Jean", "email": "jean.dupont@gmail.com"})
        with self.assertRaisesRegex(ValidationError, "suppression list"):
            partner.write({"gdpr_prospect_type": "b2b", "gdpr_source_id": self.source.id})

    def test_suppression_does_not_touch_customers(self):
        partner = self.env["res.partner"].create({"name": "Jean", "email": "jean.dupont@gmail.com"})
        self.assertEqual(partner.email, "jean.dupont@gmail.com")

    def test_prospection_user_checks_yes_or_no(self):
        Blacklist = self.Blacklist.with_user(self.gdpr_user)
        self.assertTrue(Blacklist.action_check_address(email="jeandupont@gmail.com"))
        self.assertFalse(Blacklist.action_check_address(email="nobody@example.com"))
        with self.assertRaises(AccessError):
            Blacklist.search([])
        with self.assertRaises(AccessError):
            self.Blacklist.with_user(self.employee).action_check_address(email="jeandupont@gmail.com")
