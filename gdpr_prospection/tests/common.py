import uuid

from odoo.tests import TransactionCase, new_test_user


class GdprCase(TransactionCase):
    """Data every test of the addon starts from: a source, users of each role."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=False, lang="en_US"))
        cls.company = cls.env.company
        cls.company.country_id = cls.env.ref("base.fr")
        cls.source = cls.env["gdpr.data.source"].create(
            {
                "name": "Trade directory",
                "kind": "public_directory",
                "base_url": "https://directory.example",
                "reuse_allowed": True,
            }
        )
        cls.gdpr_user = new_test_user(
            cls.env,
            login="gdpr_sales",
            groups="base.group_user,base.group_allow_export,gdpr_prospection.group_gdpr_user",
            name="Sales Rep",
        )
        cls.dpo = new_test_user(
            cls.env,
            login="gdpr_dpo",
            groups="base.group_user,base.group_allow_export,gdpr_prospection.group_gdpr_dpo",
            name="The DPO",
        )
        # outsiders may export and edit contacts: only the prospect rules stop them
        cls.employee = new_test_user(
            cls.env, login="hr_officer", groups="base.group_user,base.group_allow_export", name="HR Officer"
        )
        cls.accountant = new_test_user(
            cls.env,
            login="accountant",
            groups="base.group_user,base.group_partner_manager,base.group_allow_export",
            name="Accountant",
        )
        cls.portal = new_test_user(cls.env, login="portal_guy", groups="base.group_portal", name="Portal")

    @classmethod
    def offer_french_to_visitors(cls):
        """French for visitors of the public pages: the language active and,
        with the Website app, among the website's languages (a website
        serves only those)."""
        french = cls.env["res.lang"]._activate_lang("fr_FR")
        if "website" in cls.env:
            for website in cls.env["website"].search([]):
                website.language_ids |= french

    @classmethod
    def make_prospect(cls, name="Jeanne Martin", email="jeanne.martin@example.com", kind="b2b", **values):
        vals = {
            "name": name,
            "email": email,
            "gdpr_prospect_type": kind,
            "gdpr_source_id": cls.source.id,
            "gdpr_source_url": "https://directory.example/jeanne-martin",
        }
        if kind == "b2b":
            # a professional is known by their job (CPCE L34-5)
            vals["function"] = "Purchasing manager"
        vals.update(values)
        return cls.env["res.partner"].create(vals)

    def events(self, partner, event_type=None):
        domain = [("partner_id", "=", partner.id)]
        if event_type:
            domain.append(("event_type", "=", event_type))
        return self.env["gdpr.event"].sudo().search(domain)

    def receive_mail(self, email_from, thread, extra_headers="", body="Thanks, call me on Monday."):
        """A mail that comes in through the mail gateway, as a reply on ``thread``."""
        raw = (
            f"From: {email_from}\r\nTo: sales@controller.example\r\nSubject: Re: our offer\r\n"
            f"Message-ID: <{uuid.uuid4()}@mail.example>\r\n"
            f"Date: Mon, 01 Jun 2026 10:00:00 +0000\r\n{extra_headers}"
            "Content-Type: text/plain; charset=utf-8\r\n\r\n"
            f"{body}\r\n"
        )
        return self.env["mail.thread"].sudo().message_process(thread._name, raw, thread_id=thread.id)
