from unittest.mock import patch

from odoo.addons.gdpr_prospection.tests.common import GdprCase
from odoo.addons.mass_mailing.tests.common import MassMailCase
from odoo.tests import tagged


class MailingGateCase(GdprCase, MassMailCase):
    """A company ready to send mailings, and what a test reads of them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(
            {
                "email": "sales@controller.example",
                "gdpr_dpo_name": "Dora Protect",
                "gdpr_dpo_email": "dpo@controller.example",
                "gdpr_controller_contact": "privacy@controller.example",
            }
        )
        # a mailing queues its mails (as a large one does): the tests send the queue
        cls.env["ir.config_parameter"].sudo().set_param("mail.mail.force.send.limit", 0)

    def make_mailing(self, records):
        return self.env["mailing.mailing"].create(
            {
                "subject": "Our spring offer",
                "body_html": "<p>Spring offer</p>",
                "email_from": "marketing@controller.example",
                "mailing_model_id": self.env["ir.model"]._get(records._name).id,
                "mailing_domain": repr([("id", "in", records.ids)]),
                "keep_archives": True,
            }
        )

    def send_queue(self):
        self.env["mail.mail"].sudo().search([("state", "=", "outgoing")]).send()

    def sent_to(self, address):
        return [mail for mail in self._mails if any(address in to.lower() for to in mail["email_to"])]

    def traces(self, mailing, records):
        by_res_id = {trace.res_id: trace for trace in mailing.mailing_trace_ids}
        return [by_res_id[record.id] for record in records]

    def informed(self, prospect):
        with self.mock_mail_gateway():
            prospect.action_gdpr_send_notice()
            self.send_queue()
        self.assertTrue(prospect.gdpr_notice_sent_on)
        return prospect

    def assertBlocked(self, trace, rule_text):
        self.assertEqual(trace.trace_status, "cancel")
        self.assertEqual(trace.failure_type, "gdpr_blocked")
        self.assertIn(rule_text, trace.failure_reason)
        self.assertEqual(trace.mail_mail_id.state, "cancel")
        self.assertEqual(trace.mail_mail_id.failure_type, "gdpr_blocked")


@tagged("post_install", "-at_install")
class TestMassMailingGate(MailingGateCase):
    """A mailing, whatever its model, meets the GDPR rules: refused recipients
    are left out before any mail is created (GDPR Art. 14(3)(b), 21(3); CPCE
    L34-5), and the mailing counts them as cancelled."""

    def test_mailing_contacts_refused_before_any_mail_leaves(self):
        self.env["gdpr.blacklist"].sudo()._add([("suppressed@example.com", False)], "objection")
        objected = self.make_prospect(name="Olga Objected", email="olga.objected@example.com")
        objected.gdpr_objected_on = "2026-01-01 10:00:00"
        self.make_prospect(name="Cora Consumer", email="cora.consumer@example.com", kind="b2c")
        contacts = self.env["mailing.contact"].create(
            [
                {"name": "Suppressed", "email": "Suppressed@Example.com"},
                {"name": "Olga", "email": "olga.objected@example.com"},
                {"name": "Cora", "email": "cora.consumer@example.com"},
                {"name": "Nora Normal", "email": "nora.normal@example.com"},
            ]
        )
        mailing = self.make_mailing(contacts)
        Gate = type(self.env["gdpr.outgoing.gate"])
        with (
            self.mock_mail_gateway(mail_unlink_sent=False),
            patch.object(Gate, "_refusals", autospec=True, side_effect=Gate._refusals) as refusals,
        ):
            mailing.action_send_mail()
            self.assertEqual(refusals.call_count, 1, "one gate query for the whole batch")
            self.assertEqual(len(refusals.call_args.args[2]), 4)
            # refused when the mails are created, the way core refuses a blacklisted address
            suppressed, olga, cora, nora = self.traces(mailing, contacts)
            self.assertEqual(nora.trace_status, "outgoing")
            self.assertBlocked(suppressed, "suppression list")
            self.assertBlocked(olga, "objected")
            self.assertBlocked(cora, "GDPR notice")
            self.send_queue()
        self.assertEqual([m["email_to"] for m in self._mails], [["nora.normal@example.com"]])
        self.assertEqual(nora.trace_status, "sent")
        self.assertEqual(mailing.canceled, 3)
        self.assertEqual(mailing.sent, 1)
        # evidence of each refusal, with the rule and without the address in clear
        blocked = self.env["gdpr.event"].sudo().search([("event_type", "=", "blocked")])
        self.assertEqual(sorted(blocked.mapped("note")), ["not_informed", "objected", "suppressed"])
        self.assertTrue(all(blocked.mapped("email_hash")))

    def test_mailing_on_partners_follows_every_prospect_rule(self):
        consumer = self.make_prospect(name="Cora Consumer", email="cora.consumer@example.com", kind="b2c")
        self.informed(consumer)
        self.assertEqual(consumer.gdpr_consent_state, "pending")
        uninformed = self.make_prospect(name="Ulysse Uninformed", email="ulysse@example.com")
        informed = self.informed(self.make_prospect(name="Ines Informed", email="ines@example.com"))
        Partner = self.env["res.partner"]
        customer = Partner.create({"name": "Paul Client", "email": "paul.client@example.com"})
        suppressed = Partner.create({"name": "Sam Suppressed", "email": "sam@example.com"})
        self.env["gdpr.blacklist"].sudo()._add([("sam@example.com", False)], "objection")
        partners = consumer | uninformed | informed | customer | suppressed
        mailing = self.make_mailing(partners)
        with self.mock_mail_gateway(mail_unlink_sent=False):
            mailing.action_send_mail()
            traces = self.traces(mailing, partners)
            self.assertBlocked(traces[0], "not consented")
            self.assertBlocked(traces[1], "GDPR notice")
            self.assertBlocked(traces[4], "suppression list")
            self.send_queue()
        self.assertEqual([t.trace_status for t in traces[2:4]], ["sent", "sent"])
        self.assertTrue(self.sent_to("ines@example.com"))
        self.assertTrue(self.sent_to("paul.client@example.com"))
        for address in ("cora.consumer@example.com", "ulysse@example.com", "sam@example.com"):
            self.assertFalse(self.sent_to(address), address)
        self.assertEqual(mailing.canceled, 3)
        self.assertEqual(self.events(consumer, "blocked").note, "no_consent")

    def test_gate_cancelling_at_send_time_cancels_the_trace(self):
        contacts = self.env["mailing.contact"].create(
            [{"name": "Late", "email": "late@example.com"}, {"name": "Nora", "email": "nora.normal@example.com"}]
        )
        mailing = self.make_mailing(contacts)
        with self.mock_mail_gateway(mail_unlink_sent=False):
            mailing.action_send_mail()
            trace, nora = self.traces(mailing, contacts)
            self.assertEqual(trace.trace_status, "outgoing")
            # the person objects while the mail waits in the queue
            self.env["gdpr.blacklist"].sudo()._add([("late@example.com", False)], "objection")
            self.send_queue()
        self.assertFalse(self.sent_to("late@example.com"))
        self.assertBlocked(trace, "suppression list")
        self.assertEqual(nora.trace_status, "sent")
        self.assertEqual(mailing.canceled, 1)

    def test_erased_persons_objection_still_stops_a_mailing(self):
        prospect = self.make_prospect()
        prospect._gdpr_answer("objection", "web")
        self.env["gdpr.purge.run"].sudo()._cron_purge()
        self.assertFalse(prospect.exists())
        contacts = self.env["mailing.contact"].create(
            [{"name": "J. Martin", "email": "Jeanne.Martin@example.com"}, {"name": "Nora", "email": "nora@example.com"}]
        )
        mailing = self.make_mailing(contacts)
        with self.mock_mail_gateway(mail_unlink_sent=False):
            mailing.action_send_mail()
            trace, __ = self.traces(mailing, contacts)
            # left out like an opted-out address, before any mail is queued
            self.assertBlocked(trace, "suppression list")
            self.send_queue()
        self.assertFalse(self.sent_to("jeanne.martin@example.com"))
        self.assertTrue(self.sent_to("nora@example.com"))
        self.assertEqual(mailing.canceled, 1)

    def test_mails_of_a_mailing_are_marketing_even_a_test_mail(self):
        contact = self.env["mailing.contact"].create({"name": "Nora Normal", "email": "nora.normal@example.com"})
        mailing = self.make_mailing(contact)
        mail = self.env["mail.mail"].create({"mailing_id": mailing.id, "email_to": "x@example.com", "subject": "x"})
        self.assertTrue(mail.gdpr_marketing)
        # a suppression entry stops marketing whoever holds the address: the
        # marketer's own test mail as well
        self.env["gdpr.blacklist"].sudo()._add([("suppressed@example.com", False)], "objection")
        wizard = self.env["mailing.mailing.test"].create(
            {"mass_mailing_id": mailing.id, "email_to": "suppressed@example.com\nnora.normal@example.com"}
        )
        with self.mock_mail_gateway(mail_unlink_sent=False):
            wizard.send_mail_test()
        self.assertFalse(self.sent_to("suppressed@example.com"))
        self.assertTrue(self.sent_to("nora.normal@example.com"))

    def test_traces_of_the_address_go_with_the_erased_prospect(self):
        prospect = self.make_prospect(email="gone.away@example.com")
        contacts = self.env["mailing.contact"].create(
            [{"name": "Same Person", "email": "Gone.Away@example.com"}, {"name": "Nora", "email": "nora@example.com"}]
        )
        mailing = self.make_mailing(contacts)
        with self.mock_mail_gateway(mail_unlink_sent=False):
            mailing.action_send_mail()
            self.send_queue()
        self.assertEqual(len(mailing.mailing_trace_ids), 2)
        prospect._gdpr_answer("objection", "web")
        self.env["gdpr.purge.run"].sudo()._cron_purge()
        self.assertFalse(prospect.exists())
        # the address in clear leaves the statistics; the other contact's trace stays
        self.assertEqual(mailing.mailing_trace_ids.mapped("email"), ["nora@example.com"])
