from odoo.addons.crm_iap_mine.tests.common import MockIAPReveal
from odoo.addons.gdpr_prospection_crm.tests.common import LeadCase
from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged


@tagged("post_install", "-at_install")
class TestLeadMiningRegime(LeadCase, MockIAPReveal):
    """Contacts bought through Lead Generation are B2B prospects from the
    Lead Generation source; no contact is bought before the DPO allowed the
    source's reuse (GDPR Art. 5(1)(a), 14)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registry.enter_test_mode(cls.cr)
        cls.source_iap = cls.env.ref("gdpr_prospection_crm_iap_mine.source_lead_mining")
        cls.miner = new_test_user(
            cls.env,
            login="crm_miner",
            groups="base.group_user,sales_team.group_sale_manager,gdpr_prospection.group_gdpr_user",
            name="Miner",
        )

    @classmethod
    def tearDownClass(cls):
        cls.registry.leave_test_mode()
        super().tearDownClass()

    def request(self, search_type="people"):
        return (
            self.env["crm.iap.lead.mining.request"]
            .with_user(self.miner)
            .create({"lead_number": 2, "contact_number": 1, "lead_type": "lead", "search_type": search_type})
        )

    def test_no_contact_is_bought_before_the_source_is_allowed(self):
        self.assertFalse(self.source_iap.reuse_allowed)
        request = self.request()
        with (
            self.mock_IAP_mine(request, name_list=["Heinrich", "Rivil"]),
            self.assertRaisesRegex(UserError, "Terms allow reuse"),
        ):
            request.action_submit()
        self.assertFalse(self._new_leads)

    def test_mined_contacts_are_b2b_prospects_from_the_source(self):
        self.source_iap.reuse_allowed = True
        request = self.request()
        with self.mock_IAP_mine(request, name_list=["Heinrich", "Rivil"]):
            request.action_submit()
        leads = self._new_leads
        self.assertEqual(len(leads), 2)
        self.assertEqual(set(leads.mapped("gdpr_prospect_type")), {"b2b"})
        self.assertEqual(leads.gdpr_source_id, self.source_iap)
        self.assertTrue(all(lead.gdpr_collected_on and lead.gdpr_notice_due_on for lead in leads))
        self.assertEqual(leads[0].gdpr_source_url, leads[0].website)
        # outside the prospection roles, nobody sees them
        self.assertFalse(self.env["crm.lead"].with_user(self.salesman).search([("id", "in", leads.ids)]))

    def test_companies_only_stay_outside_the_regime(self):
        request = self.request(search_type="companies")
        with self.mock_IAP_mine(request, name_list=["Heinrich"]):
            request.action_submit()
        self.assertTrue(self._new_leads)
        self.assertFalse(self._new_leads.filtered("gdpr_prospect_type"))

    def test_a_suppressed_person_is_never_collected_again(self):
        self.source_iap.reuse_allowed = True
        self.env["gdpr.blacklist"].sudo()._add([("test.contact.0@rivil.example.com", False)], "objection")
        request = self.request()
        with self.mock_IAP_mine(request, name_list=["Heinrich", "Rivil"]):
            request.action_submit()
        self.assertEqual(request.gdpr_suppressed_count, 1)
        rivil = self._new_leads.filtered(lambda lead: lead.partner_name == "Rivil GmbH legal_name")
        self.assertEqual(rivil.contact_name, "Contact Rivil 1", "the next contact, not the one who objected")
        text = repr(self._new_leads.mapped("email_from")) + repr(self._new_leads.message_ids.mapped("body"))
        self.assertNotIn("test.contact.0@rivil", text.lower())

    def test_a_company_whose_contacts_all_objected_brings_no_lead(self):
        self.source_iap.reuse_allowed = True
        self.env["gdpr.blacklist"].sudo()._add(
            [(f"test.contact.{index}@rivil.example.com", False) for index in range(2)], "objection"
        )
        request = self.request()
        with self.mock_IAP_mine(request, name_list=["Heinrich", "Rivil"]):
            request.action_submit()
        self.assertEqual(request.gdpr_suppressed_count, 2)
        self.assertEqual(self._new_leads.mapped("partner_name"), ["Heinrich GmbH legal_name"])
