from odoo.addons.mail.tests.common import MockEmail

from .common import GdprCase


class GdprMailCase(GdprCase, MockEmail):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(
            {
                "email": "sales@controller.example",
                "street": "1 rue de la Paix",
                "zip": "75002",
                "city": "Paris",
                "gdpr_dpo_name": "Dora Protect",
                "gdpr_dpo_email": "dpo@controller.example",
                "gdpr_controller_contact": "privacy@controller.example",
            }
        )

    def notice_mails(self, partners):
        return (
            self.env["mail.mail"]
            .sudo()
            .search([("gdpr_text_version", "!=", False), ("model", "=", "res.partner"), ("res_id", "in", partners.ids)])
        )

    def send_queue(self):
        self.env["mail.mail"].sudo().search([("state", "=", "outgoing")]).send()
