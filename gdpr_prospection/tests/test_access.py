from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import GdprCase


@tagged("post_install", "-at_install")
class TestAccess(GdprCase):
    """Need-to-know (GDPR Art. 5(1)(f), 32): prospects are for the
    prospection roles only; everything else is stock Odoo."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.prospect = cls.make_prospect(name="Prospect Person", email="prospect.person@example.com")
        cls.customer = cls.env["res.partner"].create({"name": "Plain Customer", "email": "customer@example.com"})
        cls.entry = cls.env["gdpr.blacklist"]._add([("objector@example.com", None)], "objection")
        cls.event = cls.env["gdpr.event"].sudo().search([("partner_id", "=", cls.prospect.id)])
        cls.outsiders = (cls.employee, cls.accountant)

    def _partners(self, user):
        return self.env["res.partner"].with_user(user)

    def test_outsiders_cannot_reach_prospects(self):
        for user in self.outsiders:
            with self.subTest(user=user.login):
                Partner = self._partners(user)
                self.assertFalse(Partner.search([("id", "=", self.prospect.id)]))
                self.assertEqual(Partner.search_count([("name", "=", "Prospect Person")]), 0)
                self.assertFalse(Partner.name_search("Prospect Person"))
                self.assertFalse(Partner.search([("email", "=", "prospect.person@example.com")]))
                with self.assertRaises(AccessError):
                    self.prospect.with_user(user).read(["name"])
                with self.assertRaises(AccessError):
                    self.prospect.with_user(user).export_data(["name", "email"])
                with self.assertRaises(AccessError):
                    self.prospect.with_user(user).write({"name": "Renamed"})
                with self.assertRaises(AccessError):
                    self.prospect.with_user(user).unlink()

    def test_outsiders_cannot_create_prospects(self):
        with self.assertRaises(AccessError):
            self._partners(self.accountant).create(
                {"name": "New", "gdpr_prospect_type": "b2b", "gdpr_source_id": self.source.id, "function": "CEO"}
            )

    def test_outsiders_cannot_read_prospect_fields(self):
        with self.assertRaises(AccessError):
            self.customer.with_user(self.employee).read(["gdpr_source_url"])
        fields = self._partners(self.employee).fields_get()
        self.assertNotIn("gdpr_prospect_type", fields)

    def test_outsiders_cannot_reach_prospects_through_relations(self):
        holder = self.env["res.partner"].create({"name": "Holder", "parent_id": False})
        holder.message_subscribe(partner_ids=self.prospect.ids)
        follower = holder.message_follower_ids.filtered(lambda f: f.partner_id == self.prospect)
        with self.assertRaises(AccessError):
            follower.with_user(self.accountant).partner_id.email  # noqa: B018

    def test_non_prospects_are_stock_odoo(self):
        for user in self.outsiders + (self.gdpr_user, self.dpo):
            with self.subTest(user=user.login):
                customer = self.customer.with_user(user)
                self.assertEqual(customer.read(["name"])[0]["name"], "Plain Customer")
                self.assertTrue(self._partners(user).name_search("Plain Customer"))
        self.customer.with_user(self.accountant).write({"phone": "0102030405"})
        self._partners(self.accountant).create({"name": "Another customer"})

    def test_portal_sees_no_prospect(self):
        with self.assertRaises(AccessError):
            self.prospect.with_user(self.portal).read(["name"])
        self.assertFalse(self._partners(self.portal).search([("id", "=", self.prospect.id)]))

    def test_prospection_roles_work_with_prospects(self):
        for user in (self.gdpr_user, self.dpo):
            with self.subTest(user=user.login):
                Partner = self._partners(user)
                self.assertEqual(Partner.search([("id", "=", self.prospect.id)]), self.prospect)
                self.assertTrue(Partner.name_search("Prospect Person"))
                self.prospect.with_user(user).write({"function": "Buyer"})
                created = Partner.create(
                    {
                        "name": f"Created by {user.login}",
                        "email": f"{user.login}@example.org",
                        "gdpr_prospect_type": "b2b",
                        "gdpr_source_id": self.source.id,
                        "function": "CEO",
                    }
                )
                self.assertEqual(created.gdpr_source_id, self.source)

    def test_only_the_dpo_exports_prospects(self):
        rows = self.prospect.with_user(self.dpo).export_data(["name", "gdpr_source_id"])["datas"]
        self.assertEqual(rows[0][0], "Prospect Person")
        with self.assertRaises(AccessError):
            self.prospect.with_user(self.gdpr_user).export_data(["name"])
        self.assertTrue(self.customer.with_user(self.gdpr_user).export_data(["name"])["datas"])

    def test_permissive_rule_for_employees_does_not_reveal_prospects(self):
        self.env["ir.rule"].create(
            {
                "name": "Too generous",
                "model_id": self.env["ir.model"]._get_id("res.partner"),
                "domain_force": "[(1, '=', 1)]",
                "groups": [(4, self.env.ref("base.group_user").id)],
            }
        )
        self.assertFalse(self._partners(self.employee).search([("id", "=", self.prospect.id)]))
        with self.assertRaises(AccessError):
            self.prospect.with_user(self.employee).read(["name"])

    def test_a_refusal_never_suggests_switching_company(self):
        """The web client switches to a suggested company and reloads: for an
        outsider no company opens a prospect, so nothing is suggested (the
        reload loop of a pasted prospect link)."""
        for user in self.outsiders:
            with self.subTest(user=user.login), self.assertRaises(AccessError) as caught:
                self.prospect.with_user(user).read(["name"])
            self.assertNotIn("suggested_company", getattr(caught.exception, "context", None) or {})
        # a prospection user who has the company, just not active, is still helped
        other = self.env["res.company"].create({"name": "Other controller"})
        self.gdpr_user.write({"company_ids": [(4, other.id)]})
        elsewhere = self.prospect.with_user(self.gdpr_user).with_context(allowed_company_ids=other.ids)
        with self.assertRaises(AccessError) as caught:
            elsewhere.with_company(other).read(["name"])
        self.assertEqual(caught.exception.context["suggested_company"]["id"], self.company.id)

    def test_other_company_users_do_not_see_prospects(self):
        other = self.env["res.company"].create({"name": "Other controller"})
        foreign_dpo = self.env["res.users"].create(
            {
                "name": "Foreign DPO",
                "login": "foreign_dpo",
                "company_id": other.id,
                "company_ids": [(6, 0, other.ids)],
                "groups_id": [(6, 0, self.env.ref("gdpr_prospection.group_gdpr_dpo").ids)],
            }
        )
        self.assertFalse(self._partners(foreign_dpo).search([("id", "=", self.prospect.id)]))
        self.assertTrue(self._partners(foreign_dpo).search([("id", "=", self.customer.id)]))

    def test_suppression_list_is_for_the_dpo(self):
        self.assertEqual(self.env["gdpr.blacklist"].with_user(self.dpo).search([]), self.entry)
        self.entry.with_user(self.dpo).write({"note": "checked"})
        for user in (self.gdpr_user,) + self.outsiders:
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    self.env["gdpr.blacklist"].with_user(user).search([])
                with self.assertRaises(AccessError):
                    self.entry.with_user(user).read(["reason"])
        with self.assertRaises(AccessError):
            self.entry.with_user(self.dpo).unlink()

    def test_evidence_is_for_the_dpo(self):
        self.assertTrue(self.env["gdpr.event"].with_user(self.dpo).search([("id", "=", self.event.id)]))
        for user in (self.gdpr_user,) + self.outsiders:
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    self.env["gdpr.event"].with_user(user).search([])

    def test_source_register(self):
        self.assertTrue(self.env["gdpr.data.source"].with_user(self.gdpr_user).search([]))
        with self.assertRaises(AccessError):
            self.source.with_user(self.gdpr_user).write({"name": "Renamed"})
        self.source.with_user(self.dpo).write({"notes": "Terms checked"})
        with self.assertRaises(AccessError):
            self.env["gdpr.data.source"].with_user(self.employee).search([])

    def test_settings_are_not_for_outsiders(self):
        with self.assertRaises(AccessError):
            self.env["res.config.settings"].with_user(self.gdpr_user).create({})
