import hashlib
import hmac
import secrets
from unittest.mock import patch

from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import GdprCase

HASH_KEY = "gdpr_prospection.hash_key"


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

    def reset_hash_key(self):
        self.env["ir.config_parameter"].sudo().search([("key", "=", HASH_KEY)]).unlink()

    def test_hash_key_is_random_per_database(self):
        Params = self.env["ir.config_parameter"].sudo()
        self.reset_hash_key()
        with patch.object(secrets, "token_hex", wraps=secrets.token_hex) as token_hex:
            first = self.Blacklist._hash_key()
        token_hex.assert_called_once()
        self.assertRegex(first, r"^[0-9a-f]{64}$")
        self.assertEqual(Params.get_param(HASH_KEY), first, "stored in the database")
        self.assertEqual(self.Blacklist._hash_key(), first, "made once, then kept")
        self.reset_hash_key()
        second = self.Blacklist._hash_key()
        self.assertRegex(second, r"^[0-9a-f]{64}$")
        self.assertNotEqual(second, first, "a new database gets a new key")
        self.assertEqual(Params.get_param(HASH_KEY), second)

    def test_hash_key_is_for_the_system_only(self):
        key = self.Blacklist._hash_key()
        for user in (self.dpo, self.gdpr_user, self.employee, self.accountant, self.portal):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.env["ir.config_parameter"].with_user(user).get_param(HASH_KEY)
        self.assertEqual(
            self.env["ir.config_parameter"].with_user(self.env.ref("base.user_admin")).get_param(HASH_KEY), key
        )

    def test_hashes_are_keyed_by_the_database_key(self):
        key = self.Blacklist._hash_key()
        expected = hmac.new(key.encode(), b"jean.dupont+news@gmail.com", hashlib.sha256).hexdigest()
        self.assertEqual(self.entry.email_hash, expected)
        self.reset_hash_key()
        self.assertNotEqual(self.Blacklist._hash_key(), key)
        hashes = self.Blacklist._identity_hashes("jean.dupont+news@gmail.com", "06 12 34 56 78")
        self.assertNotEqual(hashes["email_hash"], self.entry.email_hash)
        self.assertNotEqual(hashes["email_match_hash"], self.entry.email_match_hash)
        self.assertNotEqual(hashes["phone_hash"], self.entry.phone_hash)
        self.assertFalse(self.Blacklist._screen(["jean.dupont+news@gmail.com"], ["06 12 34 56 78"]))

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
            partner.write({"gdpr_prospect_type": "b2b", "gdpr_source_id": self.source.id, "function": "CEO"})

    def test_suppression_does_not_touch_customers(self):
        # the list forbids prospecting the person; it neither blocks nor erases
        # the customer record of the same person
        partner = self.env["res.partner"].create(
            {"name": "Jean", "email": "jean.dupont@gmail.com", "phone": "06 12 34 56 78"}
        )
        partner.write({"email": "JeanDupont@gmail.com", "mobile": "+33 6 12 34 56 78", "street": "1 rue de la Paix"})
        self.assertEqual(
            self.Blacklist._screen([partner.email], [partner.phone, partner.mobile]),
            {"JeanDupont@gmail.com", "06 12 34 56 78", "+33 6 12 34 56 78"},
        )
        self.assertFalse(self.events(partner), "no evidence is kept about customers")
        run = self.env["gdpr.purge.run"]._purge_selection(partner)
        self.assertEqual(run.erased_count, 0)
        self.assertTrue(partner.exists())
        self.assertEqual((partner.name, partner.email, partner.active), ("Jean", "JeanDupont@gmail.com", True))
