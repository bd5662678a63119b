import pathlib
from datetime import date

from lxml import html

from odoo.exceptions import UserError
from odoo.modules.module import get_module_path
from odoo.tests import tagged
from odoo.tools.translate import TranslationImporter

from .mail_common import GdprMailCase


@tagged("post_install", "-at_install")
class TestNoticeContent(GdprMailCase):
    def rendered(self, prospect):
        with self.mock_mail_gateway():
            prospect.action_gdpr_send_notice()
            self.send_queue()
        return self._mails[-1]["body"]

    def elements(self, body):
        tree = html.fromstring(body)
        return {node.get("data-gdpr"): node.text_content() for node in tree.xpath("//*[@data-gdpr]")}

    def test_b2b_notice_has_every_article_14_item(self):
        prospect = self.make_prospect(
            gdpr_collected_on=date(2026, 3, 2), function="Buyer", gdpr_source_url="https://directory.example/jm"
        )
        body = self.rendered(prospect)
        found = self.elements(body)
        for name in (
            "controller",
            "dpo",
            "purpose",
            "categories",
            "recipients",
            "transfers",
            "retention",
            "legitimate_interest",
            "rights",
            "complaint",
            "source",
            "automated",
            "objection",
        ):
            self.assertTrue(found.get(name, "").strip(), f"missing {name}")
        self.assertIn(self.company.name, found["controller"])
        self.assertIn("privacy@controller.example", found["controller"])
        self.assertIn("dpo@controller.example", found["dpo"])
        self.assertIn("legitimate interest", found["purpose"])
        self.assertIn("name, email address, job title, language, where and when", found["categories"])
        self.assertIn("36 months", found["retention"])
        for right in ("access", "rectification", "erasure", "restriction", "objection"):
            self.assertIn(right, found["rights"])
        self.assertIn("CNIL", found["complaint"])
        self.assertIn("Trade directory", found["source"])
        self.assertIn("https://directory.example/jm", found["source"])
        self.assertIn("03/02/2026", found["source"])
        self.assertIn("publicly accessible", found["source"])
        self.assertIn("/gdpr/object/", body)
        self.assertNotIn("consent", found, "a B2B notice asks no consent")

    def test_b2c_notice_has_every_item_and_the_consent_request(self):
        body = self.rendered(self.make_prospect(kind="b2c"))
        found = self.elements(body)
        for name in ("withdrawal", "consent", "objection", "source", "rights", "complaint", "dpo", "retention"):
            self.assertTrue(found.get(name, "").strip(), f"missing {name}")
        self.assertIn("your consent", found["purpose"])
        self.assertNotIn("legitimate_interest", found)

    def test_batch_rendering_matches_core(self):
        prospects = self.make_prospect(name="Anna", email="anna@example.com") | self.make_prospect(
            name="Bert", email="bert@example.com", function="Buyer"
        )
        template = self.env.ref("gdpr_prospection.mail_template_gdpr_notice_b2b")
        core = template._render_field("body_html", prospects.ids)
        batched = template.with_context(gdpr_compile_once=True)._render_field("body_html", prospects.ids)
        self.assertEqual(batched, core)
        self.assertIn("Anna", batched[prospects[0].id])
        self.assertIn("Bert", batched[prospects[1].id])

    def test_incomplete_template_cannot_send(self):
        template = self.env.ref("gdpr_prospection.mail_template_gdpr_notice_b2b")
        tree = html.fromstring(template.body_html)
        for node in tree.xpath("//*[@data-gdpr='objection']"):
            node.getparent().remove(node)
        template.body_html = html.tostring(tree, encoding="unicode")
        self.assertIn("right to object", template.gdpr_missing_elements)
        prospect = self.make_prospect()
        with self.assertRaisesRegex(UserError, "right to object"):
            prospect.action_gdpr_send_notice()
        self.assertFalse(self.notice_mails(prospect))

    def test_template_without_source_value_cannot_send(self):
        template = self.env.ref("gdpr_prospection.mail_template_gdpr_notice_b2c")
        tree = html.fromstring(template.body_html)
        for node in tree.xpath("//*[@data-gdpr='source']"):
            for child in list(node):
                node.remove(child)
            node.text = ""
        template.body_html = html.tostring(tree, encoding="unicode")
        with self.assertRaisesRegex(UserError, "source of the data"):
            self.make_prospect(kind="b2c").action_gdpr_send_notice()

    def test_an_empty_setting_is_a_missing_element(self):
        """The static labels always hold text: the check looks at the values
        the rendered mail really shows, per company."""
        self.company.write({"gdpr_controller_contact": False, "email": False})
        with self.assertRaisesRegex(UserError, "identity and contact of the controller"):
            self.make_prospect().action_gdpr_send_notice()
        self.company.write({"email": "sales@controller.example", "gdpr_dpo_email": False})
        with self.assertRaisesRegex(UserError, "contact of the data protection officer"):
            self.make_prospect(email="dpo.less@example.com").action_gdpr_send_notice()
        # no DPO appointed at all: the notice says so, and may leave
        self.company.gdpr_dpo_name = False
        self.assertTrue(self.rendered(self.make_prospect(email="no.dpo@example.com")))

    def test_rights_follow_the_basis(self):
        """Portability applies to consent and contract (Art. 20), not to
        legitimate interest; post-mortem directives are a French right."""
        rights = {}
        for kind in ("b2b", "b2c"):
            body = self.rendered(self.make_prospect(email=f"rights.{kind}@example.com", kind=kind))
            rights[kind] = self.elements(body)["rights"]
        self.assertNotIn("portability", rights["b2b"])
        self.assertIn("portability", rights["b2c"])
        for kind in ("b2b", "b2c"):
            self.assertIn("after your death (French Data Protection Act, article 85)", rights[kind])
            self.assertIn("our request page", rights[kind])
        links = html.fromstring(body).xpath("//*[@data-gdpr='rights']//a/@href")
        self.assertEqual(links, [f"{self.prospect_base_url()}/gdpr/request"], "the person exercises them on the page")

    def prospect_base_url(self):
        return self.env["res.partner"].get_base_url()

    def test_english_says_direct_marketing(self):
        body = self.rendered(self.make_prospect())
        text = html.fromstring(body).text_content()
        self.assertIn("direct marketing", text)
        self.assertNotIn("prospection", text)

    def test_complete_templates_report_nothing_missing(self):
        for kind in ("b2b", "b2c"):
            template = self.env.ref(f"gdpr_prospection.mail_template_gdpr_notice_{kind}")
            self.assertEqual(template.gdpr_notice_type, kind)
            self.assertFalse(template.gdpr_missing_elements)


@tagged("post_install", "-at_install")
class TestNoticeFrench(GdprMailCase):
    """Our first users are French: the notice follows the prospect's language."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fr_FR")
        # the notice templates are noupdate: Odoo's loader keeps whatever
        # French value a template already holds, so the test loads the
        # shipped French over it, as a fresh install would have it
        importer = TranslationImporter(cls.env.cr, verbose=False)
        importer.load_file(str(pathlib.Path(get_module_path("gdpr_prospection")) / "i18n" / "fr.po"), "fr_FR")
        importer.save(overwrite=True, force_overwrite=True)
        cls.env.invalidate_all()
        cls.env.registry.clear_cache()

    def rendered(self, prospect):
        with self.mock_mail_gateway():
            prospect.action_gdpr_send_notice()
            self.send_queue()
        return self._mails[-1]

    def test_french_notices_are_complete(self):
        for kind, required in (("b2b", ("legitimate_interest", "objection")), ("b2c", ("consent", "withdrawal"))):
            with self.subTest(kind=kind):
                prospect = self.make_prospect(
                    name=f"Jeanne {kind}", email=f"jeanne.{kind}@example.fr", kind=kind, lang="fr_FR"
                )
                mail = self.rendered(prospect)
                body = mail["body"]
                self.assertIn("Vos droits", body)
                self.assertIn("CNIL", body)
                self.assertNotIn("Your rights", body)
                found = {
                    node.get("data-gdpr"): node.text_content()
                    for node in html.fromstring(body).xpath("//*[@data-gdpr]")
                }
                template = self.env.ref(f"gdpr_prospection.mail_template_gdpr_notice_{kind}")
                self.assertFalse(template._gdpr_missing_elements(body, kind))
                for name in required:
                    self.assertTrue(found.get(name, "").strip(), name)

    def test_categories_in_plain_french_words_for_what_the_person_holds(self):
        employer = self.env["res.partner"].create(
            {"name": "Moreau Logistique", "is_company": True, "street": "1 quai", "city": "Brest"}
        )
        prospect = self.make_prospect(lang="fr_FR", parent_id=employer.id, phone="+33 1 23 45 67 89")
        categories = html.fromstring(self.rendered(prospect)["body"]).xpath("//*[@data-gdpr='categories']")[0]
        self.assertIn(
            "nom, adresse e-mail, fonction, employeur, numéro de téléphone, langue, "
            "lieu et date de collecte des données",
            categories.text_content(),
        )
        self.assertNotIn("adresse postale", categories.text_content(), "the employer's address is not the person's")

    def test_french_wording(self):
        self.company.write({"street": False, "zip": False, "city": False, "country_id": False})
        mail = self.rendered(self.make_prospect(lang="fr_FR", gdpr_collected_on=date(2026, 3, 2)))
        text = " ".join(html.fromstring(mail["body"]).text_content().split())
        self.assertIn(f"Nous sommes {self.company.name}. Nous avons trouvé", text, "no lonely space before the period")
        self.assertIn("dans une source accessible au public", text)
        self.assertNotIn("source publique", text)
        self.assertIn("Origine de vos données : collectées le 02/03/2026 sur Trade directory (", text)
        self.assertIn(") ; une source accessible au public.", text)
        self.assertIn("Finalité : prospection commerciale, c’est-à-dire la présentation", text)
        self.assertNotIn("commerciale :", text, "one colon in the purpose")
        self.assertIn("nom, adresse e-mail, fonction", text)
        self.assertIn("après votre décès (article 85 de la loi Informatique et Libertés)", text)
        self.assertNotIn("portabilité", text)

    def test_english_prospect_still_gets_english(self):
        mail = self.rendered(self.make_prospect(lang="en_US"))
        self.assertIn("Your rights", mail["body"])
