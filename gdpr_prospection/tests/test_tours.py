import re
from datetime import date
from unittest.mock import patch

import odoo
from odoo.addons.base.models.ir_mail_server import IrMailServer
from odoo.addons.mail.tests.common import MockEmail
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from ..controllers.rights import GdprRights
from .common import GdprCase


@tagged("post_install", "-at_install")
class TestTours(GdprCase, HttpCase, MockEmail):
    """The users' paths, clicked in a real browser."""

    visitor_lang = None

    def authenticate(self, user, password, browser=None):
        session = super().authenticate(user, password, browser=browser)
        if self.visitor_lang and not user:
            # a visitor's session takes their browser's language
            self.session.context["lang"] = self.visitor_lang
            odoo.http.root.session_store.save(self.session)
        return session

    def test_salesperson_records_a_prospect_and_sends_the_notice(self):
        self.source.name = "Tour directory"
        self.company.email = "sales@controller.example"
        self.start_tour("/odoo", "gdpr_prospection_sales_tour", login="gdpr_sales")
        prospect = self.env["res.partner"].search([("name", "=", "Jeanne Tour")])
        self.assertEqual(prospect.gdpr_prospect_type, "b2b")
        self.assertEqual(prospect.gdpr_source_id, self.source)
        self.assertFalse(prospect.gdpr_notice_sent_on)
        with self.mock_mail_gateway():
            self.env["mail.mail"].sudo().search([("state", "=", "outgoing")]).send()
        self.assertTrue(prospect.gdpr_notice_sent_on)
        self.start_tour("/odoo", "gdpr_prospection_notice_date_tour", login="gdpr_sales")

    def test_dpo_opens_the_overview_and_previews_the_purge(self):
        # the tour finds the old prospect due for erasure (its retention is
        # over), not the recent one, and the purge preview says why
        old = self.make_prospect(name="Old Prospect", email="old@example.com", gdpr_collected_on=date(2020, 1, 1))
        recent = self.make_prospect(name="Recent Prospect", email="recent@example.com")
        self.assertEqual(old.gdpr_erasure_reason, "retention_expired")
        self.assertFalse(recent.gdpr_erasure_reason)
        runs = self.env["gdpr.purge.run"].search_count([])
        self.start_tour("/odoo", "gdpr_prospection_dpo_tour", login="gdpr_dpo")
        self.assertTrue(old.exists(), "the preview erases nothing")
        self.assertEqual(self.env["gdpr.purge.run"].search_count([]), runs)

    def test_french_visitor_asks_for_their_data_and_objects(self):
        self.offer_french_to_visitors()
        self.env["ir.module.module"]._load_module_terms(["gdpr_prospection"], ["fr_FR"], overwrite=True)
        prospect = self.make_prospect(name="Bruno Pro", email="bruno.pro@example.com")
        self.visitor_lang = "fr_FR"
        self.startPatcher(patch.object(GdprRights, "_sleep", staticmethod(lambda seconds: None)))
        with self.mock_mail_gateway():
            self.start_tour("/gdpr/request", "gdpr_prospection_rights_ask_tour", timeout=180)
            mails = self.env["mail.mail"].sudo().search([("gdpr_request_id", "!=", False), ("state", "=", "outgoing")])
            self.assertEqual(mails.mapped("email_to"), ["bruno.pro@example.com"])
            mails.send()
        body = self._mails[-1]["body"]
        self.assertIn("Quelqu’un", body, "the mail speaks the visitor's language")
        link = re.search(r"(/gdpr/request/\d+/[0-9]+-[0-9a-f]{64})", body).group(1)
        self.start_tour(link, "gdpr_prospection_rights_object_tour")
        self.assertTrue(prospect.gdpr_objected_on)
        objection = (
            self.env["gdpr.event"].sudo().search([("partner_ref", "=", prospect.id), ("event_type", "=", "objection")])
        )
        self.assertEqual(objection.channel, "web")

    def test_outsider_opening_a_prospect_link_gets_one_access_error(self):
        prospect = self.make_prospect(name="Pasted Link", email="pasted.link@example.com")
        self.start_tour(f"/odoo/contacts/{prospect.id}", "gdpr_prospection_outsider_link_tour", login="accountant")

    def test_french_salesperson_sees_who_objected(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        installed = self.env["ir.module.module"].search([("state", "=", "installed")]).mapped("name")
        self.env["ir.module.module"]._load_module_terms(installed, ["fr_FR"], overwrite=True)
        self.gdpr_user.lang = "fr_FR"
        objector = self.make_prospect(name="Odile Opposee", email="odile@example.com")
        # recorded by the French salesperson: the chatter's sentence is in her language
        objector.with_user(self.gdpr_user).with_context(lang="fr_FR")._gdpr_answer("objection", "phone")
        self.assertIn("street", objector.gdpr_forbidden_fields)
        self.start_tour("/odoo", "gdpr_prospection_french_objection_tour", login="gdpr_sales")

    def test_salesperson_finds_and_re_sends_a_failed_notice(self):
        self.company.email = "sales@controller.example"
        failed = self.make_prospect(name="Fanny Failed", email="fanny@example.com")
        sent = self.make_prospect(name="Sam Sent", email="sam@example.com")
        with self.mock_mail_gateway(), mute_logger("odoo.addons.mail.models.mail_mail"):
            (failed | sent).action_gdpr_send_notice()
            mails = self.env["mail.mail"].sudo().search([("state", "=", "outgoing")])
            with patch.object(IrMailServer, "send_email", side_effect=Exception("SMTP down")):
                mails.filtered(lambda m: m.res_id == failed.id).send()
            mails.filtered(lambda m: m.res_id == sent.id).send()
        self.assertTrue(failed.gdpr_notice_failed)
        self.assertTrue(sent.gdpr_notice_sent_on)
        self.start_tour("/odoo", "gdpr_prospection_failed_notice_tour", login="gdpr_sales")
        self.assertEqual(
            self.env["mail.mail"].sudo().search([("res_id", "=", failed.id), ("model", "=", "res.partner")]).state,
            "outgoing",
        )

    def test_french_salesperson_is_told_what_an_incomplete_notice_lacks(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        installed = self.env["ir.module.module"].search([("state", "=", "installed")]).mapped("name")
        self.env["ir.module.module"]._load_module_terms(installed, ["fr_FR"], overwrite=True)
        self.gdpr_user.lang = "fr_FR"
        self.company.write({"email": False, "gdpr_controller_contact": False})
        prospect = self.make_prospect(name="Ines Incomplete", email="ines@example.com")
        self.start_tour("/odoo", "gdpr_prospection_incomplete_notice_tour", login="gdpr_sales")
        self.assertFalse(
            self.env["mail.mail"].sudo().search([("model", "=", "res.partner"), ("res_id", "=", prospect.id)])
        )

    def test_dpo_first_day_checklist_leads_to_the_sources(self):
        self.env["gdpr.data.source"].search([]).action_archive()
        self.company.write({"email": False, "gdpr_controller_contact": False, "gdpr_dpo_email": False})
        self.start_tour("/odoo", "gdpr_prospection_first_day_tour", login="gdpr_dpo")

    def test_salesperson_imports_a_file_with_a_mangled_address(self):
        self.source.name = "Tour directory"
        self.start_tour("/odoo", "gdpr_prospection_import_bad_address_tour", login="gdpr_sales")
        Partner = self.env["res.partner"].with_context(active_test=False)
        self.assertFalse(Partner.search([("name", "in", ("Jeanne Import", "Hugo Laurent"))]), "nothing of the file")
        self.assertFalse(Partner.search([("email", "ilike", "@exemple")]))

    def test_french_dpo_reads_the_settings(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        installed = self.env["ir.module.module"].search([("state", "=", "installed")]).mapped("name")
        self.env["ir.module.module"]._load_module_terms(installed, ["fr_FR"], overwrite=True)
        self.dpo.lang = "fr_FR"
        self.company.gdpr_recipients = False
        self.start_tour("/odoo", "gdpr_prospection_french_settings_tour", login="gdpr_dpo")
        # the grey text is what the French notice says when the field is empty
        prospect = self.make_prospect(name="Paul Placeholder", email="paul@example.com", lang="fr_FR")
        body = self.env.ref("gdpr_prospection.mail_template_gdpr_notice_b2b")._render_field(
            "body_html", prospect.ids, compute_lang=True
        )[prospect.id]
        self.assertIn("uniquement nos équipes commerciales et marketing", body)

    def _speak_french(self, user):
        self.env["res.lang"]._activate_lang("fr_FR")
        installed = self.env["ir.module.module"].search([("state", "=", "installed")]).mapped("name")
        self.env["ir.module.module"]._load_module_terms(installed, ["fr_FR"], overwrite=True)
        user.lang = "fr_FR"

    def test_french_dpo_checks_an_address_and_adds_it(self):
        self._speak_french(self.dpo)
        Blacklist = self.env["gdpr.blacklist"].sudo()
        Blacklist._add([("deja.oppose@example.com", False)], "manual")
        self.assertFalse(Blacklist._screen(["lettre.recue@example.com"], []))
        self.start_tour("/odoo", "gdpr_prospection_french_address_check_tour", login="gdpr_dpo")
        self.assertTrue(Blacklist._screen(["lettre.recue@example.com"], []), "the letter's address is on the list")
        self.assertFalse(
            self.env["gdpr.blacklist.check"].sudo().search([("email", "!=", False)]),
            "the form forgets the addresses it was given",
        )

    def test_french_dpo_purges_from_the_overview_and_reads_the_run(self):
        self._speak_french(self.dpo)
        old = date(2020, 1, 1)
        deleted = self.make_prospect(name="Ancien Supprime", email="supprime@example.com", gdpr_collected_on=old)
        kept = self.make_prospect(name="Ancien Garde", email="garde@example.com", gdpr_collected_on=old)
        # a kept record points to this one: it is anonymised, not deleted
        self.env["mail.push.device"].sudo().create(
            {"partner_id": kept.id, "endpoint": "https://push.example/kept", "keys": "{}"}
        )
        self.start_tour("/odoo", "gdpr_prospection_french_purge_run_tour", login="gdpr_dpo")
        self.assertFalse(deleted.exists())
        self.assertTrue(kept.exists())
        self.assertFalse(kept.sudo().email, "the anonymised prospect keeps no address")
