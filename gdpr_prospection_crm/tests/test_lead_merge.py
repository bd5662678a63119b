from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import LeadCase


@tagged("post_install", "-at_install")
class TestLeadMerge(LeadCase):
    """A merge neither takes a prospect's data out of the regime nor loses
    an objection or the type of prospection."""

    def merge(self, leads):
        return leads.with_user(self.gdpr_user).merge_opportunity(auto_unlink=True)

    def test_prospects_of_one_type_merge(self):
        first = self.make_lead()
        second = self.make_lead(contact_name="Jeanne Martin", email="j.martin@acme.example", phone="+33 1 23 45 67 89")
        merged = self.merge(first | second)
        self.assertTrue(merged.gdpr_prospect_type)
        self.assertEqual(len((first | second).exists()), 1)

    def test_a_prospect_and_a_plain_lead_do_not_merge(self):
        prospect = self.make_lead()
        plain = self.env["crm.lead"].create({"name": "Plain lead", "email_from": "buyer@acme.example"})
        with self.assertRaisesRegex(UserError, "outside the GDPR rules"):
            self.merge(prospect | plain)
        self.assertTrue(prospect.exists() and plain.exists())

    def test_an_objection_is_not_merged_away(self):
        objected = self.make_lead()
        objected._gdpr_answer("objection", "phone")
        other = self.make_lead(contact_name="Jeanne M.", email="jeanne.m@acme.example")
        with self.assertRaisesRegex(UserError, "objected or refused"):
            self.merge(objected | other)

    def test_b2b_and_b2c_do_not_merge(self):
        pro = self.make_lead()
        consumer = self.make_lead(contact_name="Claire", email="claire@example.com", kind="b2c", function=False)
        with self.assertRaisesRegex(UserError, "B2B"):
            self.merge(pro | consumer)
