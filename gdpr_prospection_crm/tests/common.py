from odoo.addons.gdpr_prospection.tests.purge_common import PurgeCase
from odoo.tests import new_test_user


class LeadCase(PurgeCase):
    """Leads under the prospect regime, and a salesperson outside the
    prospection roles."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesman = new_test_user(
            cls.env, login="crm_salesman", groups="base.group_user,sales_team.group_sale_salesman", name="Salesman"
        )

    @classmethod
    def make_lead(cls, contact_name="Jeanne Martin", email="jeanne.martin@acme.example", kind="b2b", **values):
        vals = {
            "name": f"Opportunity with {contact_name or email}",
            "contact_name": contact_name,
            "email_from": email,
            "partner_name": "Acme",
            "function": "Purchasing manager",
            "gdpr_prospect_type": kind,
            "gdpr_source_id": cls.source.id,
            "gdpr_source_url": "https://directory.example/jeanne-martin",
            # unassigned: core lets every salesperson see it
            "user_id": False,
        }
        vals.update(values)
        return cls.env["crm.lead"].create(vals)

    def lead_events(self, lead, event_type=None):
        domain = [("res_model", "=", "crm.lead"), ("res_id", "=", lead.id)]
        if event_type:
            domain.append(("event_type", "=", event_type))
        return self.env["gdpr.event"].sudo().search(domain)

    def open_form(self, lead, user):
        """What the web client reads to show ``lead``'s form to ``user``."""
        self.env.invalidate_all()
        lead = lead.with_user(user)
        fields = lead.get_views([(False, "form")])["models"]["crm.lead"]["fields"]
        # core's comparisons of the lead with its partner, each read alone
        for name in ("partner_email_update", "partner_phone_update", "duplicate_lead_count", "partner_is_blacklisted"):
            self.env.invalidate_all()
            lead.read([name])
        self.env.invalidate_all()
        return lead.web_read({name: {} for name in fields})[0]
