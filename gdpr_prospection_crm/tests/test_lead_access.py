from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import LeadCase


@tagged("post_install", "-at_install")
class TestLeadAccess(LeadCase):
    """Leads under the regime are for the prospection roles and the sales
    users who see leads; nobody else (GDPR Art. 5(1)(f), 32). Other leads
    keep core's rules."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.prospect_lead = cls.make_lead()
        cls.core_lead = cls.env["crm.lead"].create(
            {"name": "Core lead", "contact_name": "Core Person", "user_id": False}
        )
        # a finance user whom the company let read leads (a reporting role)
        reporting = cls.env["res.groups"].create({"name": "Lead reporting"})
        cls.env["ir.model.access"].create(
            {
                "name": "crm.lead reporting",
                "model_id": cls.env.ref("crm.model_crm_lead").id,
                "group_id": reporting.id,
                "perm_read": True,
            }
        )
        cls.finance = new_test_user(cls.env, login="finance_reader", groups="base.group_user", name="Finance")
        cls.finance.groups_id |= reporting

    def visible(self, user):
        leads = self.prospect_lead | self.core_lead
        return self.env["crm.lead"].with_user(user).search([("id", "in", leads.ids)])

    def test_plain_employee_cannot_reach_lead_prospects(self):
        with self.assertRaises(AccessError):
            self.prospect_lead.with_user(self.employee).read(["email_from"])
        with self.assertRaises(AccessError):
            self.env["crm.lead"].with_user(self.employee).search([])

    def test_a_user_who_reads_leads_for_another_job_sees_no_prospect(self):
        self.assertEqual(self.visible(self.finance), self.core_lead)
        with self.assertRaises(AccessError):
            self.prospect_lead.with_user(self.finance).read(["email_from"])

    def test_a_salesperson_sees_the_prospects_core_lets_them_see(self):
        self.assertEqual(self.visible(self.salesman), self.prospect_lead | self.core_lead)
        self.prospect_lead.with_user(self.salesman).write({"description": "Met at the fair"})
        # core's rule still applies: another salesperson's lead stays theirs
        other = new_test_user(self.env, login="crm_other", groups="base.group_user,sales_team.group_sale_salesman")
        (self.prospect_lead | self.core_lead).user_id = other
        self.assertFalse(self.visible(self.salesman))
        self.assertEqual(self.visible(other), self.prospect_lead | self.core_lead)

    def test_prospection_roles_see_the_lead_prospects_only(self):
        self.assertEqual(self.visible(self.gdpr_user), self.prospect_lead)
        self.assertEqual(self.visible(self.dpo), self.prospect_lead)
        with self.assertRaises(AccessError):
            self.core_lead.with_user(self.gdpr_user).read(["name"])

    def test_a_salesperson_duplicates_a_lead_prospect_with_its_regime(self):
        copy = self.prospect_lead.with_user(self.salesman).copy({"name": "Second deal"})
        self.assertEqual(copy.sudo().gdpr_prospect_type, "b2b")
        self.assertEqual(copy.sudo().gdpr_source_id, self.source)
        self.assertEqual(copy.sudo().gdpr_collected_on, self.prospect_lead.gdpr_collected_on)
        self.assertTrue(self.lead_events(copy, "collected"))
        # a lead outside the regime copies as in core
        self.assertFalse(self.core_lead.with_user(self.salesman).copy().sudo().gdpr_prospect_type)

    def test_activities_on_a_lead_prospect_go_to_those_who_see_it(self):
        """A salesperson outside the prospection roles sees the company's
        lead prospects: they may plan an activity on one for themselves (an
        activity plan, the pipeline's "Schedule activity"). Someone who
        does not see it may not be given one: its reminders and its
        assignee's menu would show the prospect."""
        lead = self.prospect_lead.with_user(self.salesman)
        activity = lead.activity_schedule("mail.mail_activity_data_todo", summary="Call back", user_id=self.salesman.id)
        self.assertEqual(activity.user_id, self.salesman)
        for outsider in (self.employee, self.finance):
            with self.subTest(user=outsider.login), self.assertRaisesRegex(UserError, "may not see"):
                lead.activity_schedule("mail.mail_activity_data_todo", summary="Check", user_id=outsider.id)
        # a salesperson of another company does not see it either
        elsewhere = self.env["res.company"].create({"name": "Other Company"})
        foreign = new_test_user(
            self.env,
            login="crm_foreign",
            groups="base.group_user,sales_team.group_sale_salesman",
            company_id=elsewhere.id,
            company_ids=[(6, 0, elsewhere.ids)],
        )
        with self.assertRaisesRegex(UserError, "may not see"):
            activity.write({"user_id": foreign.id})
