from datetime import date

import psycopg2
from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .import_common import HEADER, ImportCase, csv_bytes


@tagged("post_install", "-at_install")
class TestImport(ImportCase):
    """What a file's rows become: the rules on each prospect, the suppression list, duplicates."""

    @freeze_time("2026-09-15")
    def test_good_file(self):
        acme = self.env["res.partner"].create({"name": "ACME", "is_company": True})
        data = csv_bytes(
            [
                HEADER,
                [
                    "  Jeanne   Martin ",
                    "Jeanne.Martin@Example.COM",
                    "Buyer",
                    "acme",
                    "01 23 45 67 89",
                    "https://directory.example/jm",
                    "fr",
                ],
                ["Paul Durand", "paul.durand@example.com", "CTO", "Globex", "", "directory.example/pd", ""],
                ["Luc Petit", "luc.petit@example.com", "", "Globex", "+44 20 7946 0958", "", "English"],
            ]
        )
        wizard = self.wizard(data, collected_on=date(2026, 9, 1))
        wizard.action_import()
        self.assertEqual(wizard.state, "done")
        self.assertEqual((wizard.row_count, wizard.created_count, wizard.rejected_count), (3, 3, 0))
        self.assertFalse(wizard.file, "the uploaded file is not kept once imported")

        jeanne = self.prospects(["jeanne.martin@example.com"])
        self.assertEqual(jeanne.name, "Jeanne Martin")
        self.assertEqual(jeanne.phone, "+33123456789")
        self.assertEqual(jeanne.function, "Buyer")
        self.assertEqual(jeanne.parent_id, acme, "an existing employer is reused, case aside")
        self.assertEqual(jeanne.lang, "fr_FR")
        self.assertEqual(jeanne.gdpr_prospect_type, "b2b")
        self.assertEqual(jeanne.gdpr_lawful_basis, "legitimate_interest")
        self.assertEqual(jeanne.gdpr_source_id, self.source)
        self.assertEqual(jeanne.gdpr_source_url, "https://directory.example/jm")
        self.assertEqual(jeanne.gdpr_collected_on, date(2026, 9, 1))
        self.assertEqual(jeanne.gdpr_retention_until, date(2029, 9, 1), "retention counts from the collection date")
        self.assertEqual(jeanne.gdpr_notice_due_on, date(2026, 10, 1), "so does the Art. 14 deadline")
        self.assertEqual(jeanne.company_id, self.company)
        event = self.events(jeanne, "collected")
        self.assertEqual((len(event), event.channel), (1, "import"))

        paul, luc = self.prospects(["paul.durand@example.com"]), self.prospects(["luc.petit@example.com"])
        self.assertEqual(paul.gdpr_source_url, "https://directory.example/pd")
        self.assertEqual(paul.lang, self.env.user.lang, "the wizard's default language")
        self.assertEqual(luc.lang, "en_US")
        self.assertEqual(luc.phone, "+442079460958")
        self.assertTrue(paul.parent_id.is_company)
        self.assertEqual(paul.parent_id, luc.parent_id, "one employer created for both")
        self.assertEqual(paul.parent_id.name, "Globex")

    def test_first_and_last_names_in_french(self):
        data = csv_bytes([["Nom", "Prénom", "Courriel", "Fonction"], ["Martin", "Jeanne", "jm@example.com", "DSI"]])
        self.wizard(data).action_import()
        self.assertEqual(self.prospects(["jm@example.com"]).name, "Jeanne Martin")

    def test_the_type_is_chosen_never_defaulted(self):
        data = csv_bytes([["Name", "Email", "Fonction"], ["Jeanne", "jm@example.com", "DSI"]])
        self.assertFalse(self.env["gdpr.import.wizard"].default_get(["prospect_type"]).get("prospect_type"))
        with self.assertRaises(psycopg2.IntegrityError), mute_logger("odoo.sql_db"), self.env.cr.savepoint():
            self.wizard(data, prospect_type=False)
        self.assertFalse(self.prospects())

    def test_professionals_need_a_job_and_webmail_is_flagged(self):
        data = csv_bytes(
            [
                ["Name", "Email", "Job title", "Employer"],
                ["Ann Pro", "ann@acme.example", "CTO", ""],
                ["Bob Gmail", "bob.martin@gmail.com", "", "ACME"],
                ["Cid Nobody", "cid@acme.example", "", ""],
            ]
        )
        wizard = self.wizard(data, import_valid_only=True)
        wizard.action_import()
        self.assertEqual(wizard.created_count, 2)
        self.assertEqual(
            self.report_rows(wizard),
            [
                [
                    "3",
                    "Imported",
                    "",
                    "free-webmail address on a professional prospect, most often a private one: write only about "
                    "their profession, or ask for consent",
                ],
                [
                    "4",
                    "Rejected",
                    "professional (B2B) without a job title or an employer: a message without consent may only "
                    "reach a professional about their profession (CPCE L34-5)",
                ],
            ],
        )

    def test_b2c_file(self):
        data = csv_bytes([["Name", "Email"], ["Léa Roux", "lea.roux@example.com"]])
        self.wizard(data, prospect_type="b2c").action_import()
        lea = self.prospects(["lea.roux@example.com"])
        self.assertEqual(lea.gdpr_prospect_type, "b2c")
        self.assertEqual(lea.gdpr_lawful_basis, "consent")
        self.assertEqual(lea.gdpr_consent_state, "not_requested")

    def test_type_column(self):
        data = csv_bytes(
            [
                ["Name", "Email", "Type", "Employer"],
                ["Ann Pro", "ann@example.com", "B2B", "ACME"],
                ["Bob Home", "bob@example.com", "particulier", "ACME"],
                ["Cid None", "cid@example.com", "", ""],
                ["Dan What", "dan@example.com", "vip", ""],
            ]
        )
        wizard = self.wizard(data, prospect_type="file", import_valid_only=True)
        wizard.action_import()
        ann, bob = self.prospects(["ann@example.com"]), self.prospects(["bob@example.com"])
        self.assertEqual((ann.gdpr_prospect_type, bob.gdpr_prospect_type), ("b2b", "b2c"))
        self.assertEqual(bob.parent_id, ann.parent_id, "the company allows an employer: a consumer keeps theirs")
        self.assertEqual(
            self.report_rows(wizard),
            [
                ["4", "Rejected", "no prospect type (B2B or B2C)"],
                ["5", "Rejected", "unknown prospect type (B2B or B2C expected)"],
            ],
        )
        # the type column is required when the wizard leaves the type to the file
        with self.assertRaisesRegex(UserError, "type column"):
            self.wizard(
                csv_bytes([["Name", "Email"], ["Eve", "eve@example.com"]]), prospect_type="file"
            ).action_import()

    def bad_file(self):
        return csv_bytes(
            [
                ["Name", "Email", "Employer", "Phone", "Source URL", "Language", "Type"],
                ["Good One", "good@example.com", "ACME", "", "", "", ""],
                ["Bad Mail", "not-an-address", "ACME", "", "", "", ""],
                ["Bad Phone", "bad.phone@example.com", "ACME", "12", "", "", ""],
                ["Consumer", "consumer@example.com", "ACME", "06 12 34 56 78", "", "", "b2c"],
                ["", "noname@example.com", "ACME", "", "", "", ""],
                ["No Contact", "", "ACME", "", "", "", ""],
                ["Bad Url", "bad.url@example.com", "ACME", "", "not a url", "", ""],
                ["Bad Lang", "bad.lang@example.com", "ACME", "", "", "klingon", ""],
                ["x" * 300, "long@example.com", "ACME", "", "", "", ""],
                ["Extra Cell", "extra@example.com", "ACME", "", "", "", "", "surplus"],
                ["Good Two", "GOOD@example.com", "ACME", "", "", "", ""],
                ["Good Three", "three@example.com", "ACME", "", "", "", ""],
            ]
        )

    def test_bad_rows_reject_the_whole_file_by_default(self):
        wizard = self.wizard(self.bad_file())
        wizard.action_import()
        self.assertEqual(wizard.state, "rejected")
        self.assertFalse(self.prospects(), "nothing is written when a row is rejected")
        self.assertEqual((wizard.row_count, wizard.rejected_count, wizard.created_count), (12, 10, 0))
        self.assertEqual(
            self.report_rows(wizard),
            [
                ["3", "Rejected", "invalid email address"],
                ["4", "Rejected", "invalid phone number (“Phone”)"],
                [
                    "5",
                    "Rejected",
                    "consumer (B2C) with a phone number: phone canvassing of consumers needs their prior, "
                    "provable consent (Code de la consommation L223-1, since 11 August 2026)",
                ],
                ["6", "Rejected", "no name"],
                ["7", "Rejected", "no email address and no phone number"],
                ["8", "Rejected", "invalid source URL"],
                ["9", "Rejected", "unknown or inactive language"],
                ["10", "Rejected", "the “Name” cell is too long (more than 256 characters)"],
                ["11", "Rejected", "a cell lies outside the columns of the header"],
                ["12", "Rejected", "duplicate of line 2"],
            ],
        )
        self.assertIn("duplicate of line 2", wizard.report_html)
        self.assertTrue(wizard.file, "the file stays for a second attempt")

    def test_valid_rows_only(self):
        wizard = self.wizard(self.bad_file(), import_valid_only=True)
        wizard.action_import()
        self.assertEqual(wizard.state, "done")
        self.assertEqual((wizard.created_count, wizard.rejected_count), (2, 10))
        self.assertEqual(
            set(self.prospects().mapped("email")), {"good@example.com", "three@example.com"}, "the valid rows only"
        )
        self.assertEqual(len(self.report_rows(wizard)), 10)

    def test_second_attempt_with_valid_rows_only(self):
        wizard = self.wizard(self.bad_file())
        wizard.action_import()
        wizard.import_valid_only = True
        wizard.action_import()
        self.assertEqual(wizard.created_count, 2)

    def test_suppressed_rows_are_skipped_and_recorded_without_the_address(self):
        self.env["gdpr.blacklist"]._add([("Jean.Dupont@gmail.com", None), (None, "06 11 22 33 44")], "objection")
        data = csv_bytes(
            [
                ["Name", "Email", "Phone", "Job title"],
                ["Jean Dupont", "jeandupont+salon@gmail.com", "", "Buyer"],
                ["Anne Fixe", "anne@example.com", "+33 6 11 22 33 44", "Buyer"],
                ["Marc Libre", "marc@example.com", "", "Buyer"],
            ]
        )
        before = self.env["gdpr.event"].sudo().search([]).ids
        wizard = self.wizard(data)
        wizard.action_import()
        self.assertEqual((wizard.created_count, wizard.suppressed_count), (1, 2))
        self.assertEqual(self.prospects().mapped("email"), ["marc@example.com"])
        self.assertEqual(
            self.report_rows(wizard),
            [
                ["2", "Suppressed", "never to be imported or prospected again"],
                ["3", "Suppressed", "never to be imported or prospected again"],
            ],
        )

        blocked = self.env["gdpr.event"].sudo().search([("id", "not in", before), ("event_type", "=", "blocked")])
        self.assertEqual(len(blocked), 2)
        self.assertEqual(set(blocked.mapped("channel")), {"import"})
        self.assertFalse(blocked.partner_id)
        expected = self.env["gdpr.blacklist"]._identity_hashes("jeandupont+salon@gmail.com")["email_hash"]
        self.assertIn(expected, blocked.mapped("email_hash"))
        self.env.flush_all()
        self.env.cr.execute("SELECT * FROM gdpr_event WHERE id = ANY(%s)", [blocked.ids])
        dump = repr(self.env.cr.fetchall()).lower()
        for clear in ("dupont", "gmail", "anne", "611223344"):
            self.assertNotIn(clear, dump)

    def test_duplicates_inside_the_file(self):
        data = csv_bytes(
            [
                ["Name", "Email", "Phone", "Employer"],
                ["Jeanne Martin", "jm@example.com", "", "ACME"],
                ["J. Martin", " JM@Example.com", "", "ACME"],
                ["Standard A", "", "01 23 45 67 89", "ACME"],
                ["Standard B", "", "+33 1 23 45 67 89", "ACME"],
            ]
        )
        wizard = self.wizard(data, import_valid_only=True)
        wizard.action_import()
        self.assertEqual(
            self.report_rows(wizard),
            [["3", "Rejected", "duplicate of line 2"], ["5", "Rejected", "duplicate of line 4"]],
        )
        self.assertEqual(len(self.prospects()), 2)

    @freeze_time("2026-10-01")
    def test_prospects_already_known_are_skipped_or_updated(self):
        old_source = self.env["gdpr.data.source"].create({"name": "Old fair", "kind": "event", "reuse_allowed": True})
        informed = self.make_prospect(
            email="jeanne.martin@example.com",
            gdpr_source_id=old_source.id,
            gdpr_collected_on=date(2025, 1, 1),
            gdpr_notice_sent_on="2025-01-05 10:00:00",
            function="Buyer",
        )
        uninformed = self.make_prospect(
            name="Paul Durand",
            email="paul@example.com",
            gdpr_source_id=old_source.id,
            gdpr_collected_on=date(2026, 9, 20),
        )
        customer = self.env["res.partner"].create({"name": "Customer", "email": "customer@example.com"})
        data = csv_bytes(
            [
                ["Name", "Email", "Job title", "Source URL"],
                ["Jeanne M.", "Jeanne.Martin@example.com", "CEO", "https://fair.example/jm"],
                ["Customer", "customer@example.com", "Buyer", ""],
                ["Paul D.", "paul@example.com", "CTO", ""],
            ]
        )
        wizard = self.wizard(data, collected_on=date(2026, 9, 30))
        wizard.action_import()
        self.assertEqual((wizard.created_count, wizard.skipped_count, wizard.updated_count), (0, 3, 0))
        self.assertEqual(informed.gdpr_source_id, old_source, "skip leaves the prospect alone")
        self.assertEqual(
            self.report_rows(wizard),
            [
                ["2", "Skipped", "a prospect with this address is already in the database"],
                ["3", "Skipped", "a contact with this address is already in the database and is not a prospect"],
                ["4", "Skipped", "a prospect with this address is already in the database"],
            ],
        )

        wizard = self.wizard(data, collected_on=date(2026, 9, 30), existing_policy="update")
        wizard.action_import()
        self.assertEqual((wizard.created_count, wizard.skipped_count, wizard.updated_count), (0, 1, 2))
        self.assertEqual(self.report_rows(wizard)[0], ["2", "Updated", "already a prospect: new source recorded"])
        self.assertEqual(informed.gdpr_source_id, self.source)
        self.assertEqual(informed.gdpr_source_url, "https://fair.example/jm")
        # found again, the person is still kept from the first collection
        # (the KASPR fault: a retention that renews itself at each update)
        self.assertEqual(informed.gdpr_collected_on, date(2025, 1, 1))
        self.assertEqual(informed.gdpr_retention_until, date(2028, 1, 1))
        self.assertEqual((informed.name, informed.function), ("Jeanne Martin", "Buyer"), "only the provenance changes")
        self.assertEqual(self.events(informed, "collected").mapped("channel"), ["import", "manual"])
        # not informed yet: the notice stays due one month after the first collection
        self.assertEqual(uninformed.gdpr_source_id, self.source)
        self.assertFalse(uninformed.gdpr_source_url)
        self.assertEqual(uninformed.gdpr_collected_on, date(2026, 9, 20))
        self.assertEqual(uninformed.gdpr_notice_due_on, date(2026, 10, 20))
        self.assertFalse(customer.sudo().gdpr_prospect_type, "a customer never becomes a prospect by import")

    @freeze_time("2026-10-01")
    def test_collection_date_cannot_be_in_the_future(self):
        data = csv_bytes([["Name", "Email"], ["Jeanne", "jm@example.com"]])
        with self.assertRaisesRegex(UserError, "future"):
            self.wizard(data, collected_on=date(2026, 10, 2)).action_import()
