from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .purge_common import TODAY, PurgeCase


@tagged("post_install", "-at_install")
class TestMultiCompany(PurgeCase):
    """Purge runs, their lines and notice versions stay with their company."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.env["res.company"].create(
            {"name": "Other controller", "country_id": cls.env.ref("base.fr").id}
        )
        cls.source_b = cls.env["gdpr.data.source"].create(
            {"name": "Other directory", "reuse_allowed": True, "company_id": cls.company_b.id}
        )
        cls.dpo_b = new_test_user(
            cls.env,
            login="gdpr_dpo_b",
            groups="base.group_user,gdpr_prospection.group_gdpr_dpo",
            company_id=cls.company_b.id,
            company_ids=[(6, 0, cls.company_b.ids)],
        )

    def due(self, name, company, kept=False):
        source = self.source if company == self.company else self.source_b
        prospect = self.prospect(name, company_id=company.id, gdpr_source_id=source.id)
        self.object(prospect)
        if kept:
            # a kept record points to it: anonymised, and named by a run line
            self.env["mail.push.device"].sudo().create(
                {"partner_id": prospect.id, "endpoint": f"https://push.example/{prospect.id}", "keys": "{}"}
            )
        return prospect

    @freeze_time(TODAY)
    def test_manual_runs_and_their_lines(self):
        run_a = self.Run.with_user(self.dpo)._purge_selection(self.due("Anna Alpha", self.company, kept=True))
        run_b = self.Run.with_user(self.dpo_b)._purge_selection(self.due("Bert Beta", self.company_b, kept=True))
        self.assertEqual((run_a.company_ids, run_b.company_ids), (self.company, self.company_b))
        line_a, line_b = run_a.line_ids, run_b.line_ids
        self.assertEqual((line_a.kind, line_a.company_id), ("anonymised", self.company))
        self.assertEqual(line_b.company_id, self.company_b)
        Run, Line = self.Run.with_user(self.dpo_b), self.env["gdpr.purge.run.line"].with_user(self.dpo_b)
        self.assertEqual(Run.search([("id", "in", (run_a | run_b).ids)]), run_b.with_user(self.dpo_b))
        self.assertEqual(Line.search([]), line_b.with_user(self.dpo_b))
        self.assertFalse(Line.search([("partner_id", "=", line_a.partner_id.id)]))
        with self.assertRaises(AccessError):
            run_a.with_user(self.dpo_b).read(["due_count"])
        with self.assertRaises(AccessError):
            line_a.with_user(self.dpo_b).read(["message"])
        # the DPO of the first company sees its own, and only them
        self.assertEqual(self.Run.with_user(self.dpo).search([("id", "in", (run_a | run_b).ids)]), run_a)
        self.assertEqual(self.env["gdpr.purge.run.line"].with_user(self.dpo).search([]), line_a)

    @freeze_time(TODAY)
    def test_nightly_run_over_two_companies(self):
        anna = self.due("Anna Alpha", self.company, kept=True)
        bert = self.due("Bert Beta", self.company_b, kept=True)
        run = self.purge()
        self.assertEqual(run.company_ids, self.company | self.company_b)
        self.assertEqual(run.anonymised_count, 2)
        lines = self.env["gdpr.purge.run.line"].with_user(self.dpo_b).search([("run_id", "=", run.id)])
        self.assertEqual(lines.partner_id.ids, bert.ids, "the other company's line stays hidden")
        lines = self.env["gdpr.purge.run.line"].with_user(self.dpo).search([("run_id", "=", run.id)])
        self.assertEqual(lines.partner_id.ids, anna.ids)

    def test_an_objection_stays_with_the_company_it_was_given_to(self):
        """The same person prospected by two companies of the database: an
        objection to one ends that company's records of them, not the
        other's (another controller; its mail is still stopped by the
        suppression list)."""
        ours = self.make_prospect(name="Ada Alpha", email="ada@example.com")
        duplicate = self.make_prospect(name="A. Alpha", email="ada@example.com")
        theirs = self.make_prospect(
            name="Ada Alpha", email="ada@example.com", company_id=self.company_b.id, gdpr_source_id=self.source_b.id
        )
        ours._gdpr_answer("objection", "phone")
        self.assertTrue(duplicate.gdpr_objected_on)
        self.assertFalse(theirs.gdpr_objected_on)

    def test_notice_versions(self):
        template = self.env.ref("gdpr_prospection.mail_template_gdpr_notice_b2b")
        Version = self.env["gdpr.notice.version"]
        fingerprint_a = Version._fingerprint(template, "en_US", self.company)
        fingerprint_b = Version._fingerprint(template, "en_US", self.company_b)
        self.assertNotEqual(fingerprint_a, fingerprint_b, "each company has its own version of a text")
        version_a = Version.search([("fingerprint", "=", fingerprint_a)])
        version_b = Version.search([("fingerprint", "=", fingerprint_b)])
        self.assertEqual((version_a.company_id, version_b.company_id), (self.company, self.company_b))
        self.assertEqual(Version._fingerprint(template, "en_US", self.company_b), fingerprint_b)
        self.assertEqual(Version.with_user(self.dpo_b).search([]), version_b.with_user(self.dpo_b))
        with self.assertRaises(AccessError):
            version_a.with_user(self.dpo_b).read(["body_html"])
        self.assertIn(version_a, Version.with_user(self.dpo).search([]))
        self.assertNotIn(version_b, Version.with_user(self.dpo).search([]))

    def test_queued_notice_records_the_prospects_company(self):
        self.company_b.write({"email": "sales@other.example", "gdpr_controller_contact": "privacy@other.example"})
        prospect = self.prospect("Bert Beta", company_id=self.company_b.id, gdpr_source_id=self.source_b.id)
        mails = self.env["gdpr.notice"]._queue(prospect)
        version = self.env["gdpr.notice.version"].search([("fingerprint", "=", mails.gdpr_text_version)])
        self.assertEqual(version.company_id, self.company_b)
