import importlib.util
from pathlib import Path

from odoo.tests import tagged

from .common import GdprCase

PHONE = "+33 6 12 34 56 78"
MIGRATION = Path(__file__).parents[1] / "migrations" / "18.0.1.3.0" / "post-migrate.py"


def load_migration():
    spec = importlib.util.spec_from_file_location("gdpr_prospection_phone_migration", MIGRATION)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@tagged("post_install", "-at_install")
class TestPhoneMigration(GdprCase):
    """A database of an earlier version, where a consumer's number could be
    kept under the email consent alone: the update removes it (Code de la
    consommation L223-1), and keeps every number the rules allow."""

    def test_update_removes_the_numbers_kept_without_phone_consent(self):
        consumer = self.make_prospect(name="Claire Conso", email="claire.conso@example.com", kind="b2c")
        consenting = self.make_prospect(name="Chloe Oui", email="chloe.oui@example.com", kind="b2c")
        consenting._gdpr_notice_left("notice-v1")
        consenting._gdpr_channel_answer("phone_consent_given", "phone", note="Said yes, recording 7")
        pro = self.make_prospect(name="Bruno Pro", email="bruno.pro@example.com", phone=PHONE)
        customer = self.env["res.partner"].create({"name": "A customer", "mobile": PHONE})
        # as an earlier version left them, past today's rules
        self.env.flush_all()
        self.env.cr.execute("UPDATE res_partner SET mobile = %s WHERE id IN %s", [PHONE, (consumer.id, consenting.id)])
        self.env.invalidate_all()

        self.assertEqual(load_migration().drop_unconsented_phones(self.env), 1)
        self.assertFalse(consumer.mobile)
        self.assertIn("Phone number removed", consumer.message_ids[0].body)
        self.assertEqual(consenting.mobile, PHONE)
        self.assertEqual(pro.phone, PHONE)
        self.assertEqual(customer.mobile, PHONE)
