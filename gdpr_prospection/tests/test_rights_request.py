from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import GdprCase


@tagged("post_install", "-at_install")
class TestRightsRequest(GdprCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.prospect = cls.make_prospect()
        cls.Request = cls.env["gdpr.request"]

    def record_letter(self, **values):
        vals = {"request_type": "access", "channel": "letter", "email": "Jeanne.Martin@example.com"}
        vals.update(values)
        return self.Request.with_user(self.dpo).create(vals)

    def test_dpo_records_a_letter_by_hash_and_link(self):
        with freeze_time("2026-01-31"):
            request = self.record_letter(received_on=date(2026, 1, 31))
        self.assertEqual(request.deadline, date(2026, 2, 28), "one month, Art. 12(3)")
        self.assertEqual(request.partner_id, self.prospect, "matched through normalisation")
        expected = self.env["gdpr.blacklist"]._identity_hashes("jeanne.martin@example.com")["email_hash"]
        self.assertEqual(request.email_hash, expected)
        self.env.flush_all()
        self.env.cr.execute("SELECT row_to_json(r)::text FROM gdpr_request r WHERE id = %s", [request.id])
        self.assertNotIn("jeanne", self.env.cr.fetchone()[0].lower(), "the address is never stored")
        request.invalidate_recordset()
        self.assertFalse(request.email)

    def test_variant_of_the_mailbox_is_matched(self):
        gmail = self.make_prospect(name="Paul Dot", email="paul.dot@gmail.com")
        self.assertEqual(self.Request._regime_partners("PaulDot+news@googlemail.com"), gmail)
        self.assertFalse(self.Request._regime_partners("paul.dot@example.com"))
        self.assertFalse(self.Request._regime_partners("not an address"))

    def test_refusal_needs_a_reason(self):
        request = self.record_letter()
        with self.assertRaises(UserError):
            request.action_refuse()
        request.refusal_reason = "The address does not match the sender's."
        request.action_refuse()
        self.assertEqual(request.state, "refused")

    def test_filters_due_and_overdue(self):
        with freeze_time("2026-03-01"):
            overdue = self.record_letter(received_on=date(2026, 1, 15))
            soon = self.record_letter(received_on=date(2026, 2, 5))
            later = self.record_letter(received_on=date(2026, 2, 25))
            done = self.record_letter(received_on=date(2026, 1, 10))
            done.action_done()
            action = self.env.ref("gdpr_prospection.gdpr_request_view_search")
            self.assertIn("due_soon", action.arch)
            Request = self.Request.with_user(self.dpo)
            due_domain = [("state", "in", ("new", "verified")), ("deadline", "<=", "2026-03-08")]
            overdue_domain = [("state", "in", ("new", "verified")), ("deadline", "<", "2026-03-01")]
            ids = (overdue | soon | later | done).ids
            self.assertEqual(Request.search(due_domain + [("id", "in", ids)]), overdue | soon)
            self.assertEqual(Request.search(overdue_domain + [("id", "in", ids)]), overdue)

    def test_only_the_dpo_reads_requests(self):
        request = self.record_letter()
        for user in (self.gdpr_user, self.employee, self.portal):
            with self.assertRaises(AccessError):
                request.with_user(user).read(["request_type"])
            with self.assertRaises(AccessError):
                self.Request.with_user(user).create({"email": "x@example.com"})

    def test_other_company_request_is_hidden(self):
        other = self.env["res.company"].create({"name": "Other controller"})
        request = self.Request.create({"email": "someone@example.com", "company_id": other.id})
        self.assertFalse(self.Request.with_user(self.dpo).search([("id", "=", request.id)]))

    def test_erasure_keeps_the_hash_only(self):
        request = self.record_letter(request_type="erasure", details="Jeanne Martin, 06 12 34 56 78")
        email_hash = request.email_hash
        self.prospect._gdpr_answer("objection", "letter")
        self.env["gdpr.purge.run"]._purge_selection(self.prospect)
        self.assertFalse(self.prospect.exists())
        self.assertFalse(request.partner_id)
        self.assertEqual(request.email_hash, email_hash)
        self.assertTrue(request.details.startswith("hmac:"))
        self.assertNotIn("Jeanne", request.details)
        self.assertEqual(request.state, "done")
        self.assertEqual(request.event_ids.mapped("event_type"), ["purged"])
