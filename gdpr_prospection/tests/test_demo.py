from odoo.addons.mail.tests.common import MockEmail
from odoo.tests import TransactionCase, tagged
from odoo.tools import convert_file


@tagged("post_install", "-at_install")
class TestDemoData(TransactionCase, MockEmail):
    """The demo data (loaded only where demo data is wanted) loads through the
    addon's own actions and shows every state of the regime."""

    def setUp(self):
        super().setUp()
        with self.mock_mail_gateway():
            convert_file(self.env, "gdpr_prospection", "demo/gdpr_prospection_demo.xml", {}, mode="init", kind="demo")

    def prospect(self, name):
        return self.env.ref(f"gdpr_prospection.demo_prospect_{name}", raise_if_not_found=False)

    def test_two_sources_b2b_and_b2c(self):
        prospects = self.env["res.partner"].search([("gdpr_source_id", "!=", False)])
        self.assertEqual(set(prospects.mapped("gdpr_prospect_type")), {"b2b", "b2c"})
        self.assertEqual(len(prospects.mapped("gdpr_source_id")), 2)

    def test_every_state(self):
        self.assertTrue(self.prospect("informed").gdpr_notice_sent_on)
        self.assertFalse(self.prospect("new").gdpr_notice_sent_on)
        self.assertEqual(self.prospect("pending").gdpr_consent_state, "pending")
        self.assertEqual(self.prospect("consented").gdpr_consent_state, "given")
        objected = self.prospect("objected")
        self.assertTrue(objected.gdpr_objected_on)
        self.assertEqual(objected.gdpr_erasure_reason, "objected")

    def test_a_finished_purge_erased_the_first_objection(self):
        self.assertFalse(self.prospect("erased"), "the purge erased her")
        run = self.env["gdpr.purge.run"].search([("state", "=", "done")])
        self.assertEqual(run.mapped("erased_count"), [1])
        self.assertTrue(self.env["gdpr.event"].search([("event_type", "=", "purged")]))
        self.assertTrue(self.env["gdpr.blacklist"]._screen(["julie.garnier@moreau-logistique.example"], []))

    def test_an_update_leaves_the_erased_prospects_erased(self):
        """The nightly purge erases the demo's objector; updating the addon
        (bin/demo's second run) neither fails on them nor brings them back."""
        self.env["gdpr.purge.run"]._purge_selection(self.prospect("objected"))
        self.assertFalse(self.prospect("objected"))
        with self.mock_mail_gateway():
            convert_file(self.env, "gdpr_prospection", "demo/gdpr_prospection_demo.xml", {}, mode="update", kind="demo")
        self.assertFalse(self.prospect("objected"))
        self.assertFalse(self.prospect("erased"))
        self.assertTrue(self.prospect("informed").gdpr_notice_sent_on, "the others are as they were")
