from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import GdprCase

TODAY = "2026-06-15 10:00:00"


@tagged("post_install", "-at_install")
class TestOverview(GdprCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write({"gdpr_notice_delay_days": 30, "gdpr_consent_delay_days": 30, "gdpr_retention_months": 36})
        cls.Blacklist = cls.env["gdpr.blacklist"].sudo()

    def prospect(self, name, kind="b2b", collected=date(2026, 6, 15), notice_sent=False, **values):
        email = values.pop("email", name.lower().replace(" ", ".") + "@example.com")
        partner = self.make_prospect(name=name, email=email, kind=kind, gdpr_collected_on=collected, **values)
        if notice_sent:
            partner._gdpr_notice_left("v1")
        return partner

    def purged_event(self, partner):
        partner_id = partner.id
        run = self.env["gdpr.purge.run"]._purge_selection(partner)
        self.assertEqual(run.erased_count, 1)
        self.assertFalse(partner.with_context(active_test=False).exists())
        event = self.env["gdpr.event"].sudo().search([("event_type", "=", "purged"), ("partner_ref", "=", partner_id)])
        self.assertEqual(len(event), 1)
        return event

    @freeze_time(TODAY)
    def test_every_figure_and_the_list_behind_it(self):
        # erased 45 days ago: out of the "last 30 days"
        with freeze_time("2026-05-01 10:00:00"):
            self.purged_event(self.prospect("Erased Long Ago", collected=date(2023, 1, 1), notice_sent=True))
        erased = self.purged_event(self.prospect("Erased Today", collected=date(2023, 1, 1), notice_sent=True))

        customer = self.env["res.partner"].create({"name": "A Customer", "email": "customer@example.com"})
        fresh = self.prospect("Fresh Consumer", kind="b2c")
        # notice deadline: collection + 30 days
        overdue = self.prospect("Notice Overdue", collected=date(2026, 5, 1))  # due on 31 May
        due_today = self.prospect("Notice Due Today", collected=date(2026, 5, 16))  # due on 15 June
        due_in_7 = self.prospect("Notice Due In 7 Days", collected=date(2026, 5, 23))  # due on 22 June
        due_in_8 = self.prospect("Notice Due In 8 Days", collected=date(2026, 5, 24))  # due on 23 June
        blocked = self.prospect("No Address", email=False)
        blocked._gdpr_flag_notice_blocked()
        pending = self.prospect("Consent Pending", kind="b2c", notice_sent=True)
        given = self.prospect("Consent Given", kind="b2c", notice_sent=True)
        given._gdpr_answer("consent_given", "web")
        objected = self.prospect("Objected")
        objected._gdpr_answer("objection", "phone")
        # retention: collection + 36 months
        expired = self.prospect("Retention Over", collected=date(2023, 1, 1), notice_sent=True)
        ends_in_30 = self.prospect("Retention Ends In 30 Days", collected=date(2023, 7, 15), notice_sent=True)
        ends_in_31 = self.prospect("Retention Ends In 31 Days", collected=date(2023, 7, 16), notice_sent=True)

        objection_entry = self.Blacklist.search(
            [("email_hash", "=", self.Blacklist._identity_hashes(objected.email)["email_hash"])]
        )
        manual_entry = self.Blacklist._add([("asked.by.letter@example.com", None)], "manual")
        self.Blacklist._add([("archived@example.com", None)], "manual").active = False
        self.assertEqual(len(objection_entry | manual_entry), 2)

        # a notice the mail server refused
        self.env["mail.mail"].sudo().create(
            {
                "subject": "Notice",
                "email_to": due_in_8.email,
                "model": "res.partner",
                "res_id": due_in_8.id,
                "gdpr_text_version": "v1",
                "state": "exception",
                "failure_reason": "Connection refused",
            }
        )
        # requests: one month to answer (received 2026-05-10: due 10 June, overdue)
        Request = self.env["gdpr.request"].with_user(self.dpo)
        request_overdue = Request.create({"request_type": "access", "received_on": date(2026, 5, 10)})
        request_due_today = Request.create({"request_type": "objection", "received_on": date(2026, 5, 15)})
        request_due_in_7 = Request.create({"request_type": "erasure", "received_on": date(2026, 5, 22)})
        request_due_in_8 = Request.create({"request_type": "access", "received_on": date(2026, 5, 23)})
        Request.create({"request_type": "access", "received_on": date(2026, 5, 1), "state": "done"})
        Request.create(
            {"request_type": "access", "received_on": date(2026, 5, 1), "state": "refused", "refusal_reason": "x"}
        )
        b2c = fresh | pending | given
        b2b = overdue | due_today | due_in_7 | due_in_8 | blocked | objected | expired | ends_in_30 | ends_in_31
        expected = {
            "prospect": (12, b2b | b2c),
            "b2b": (9, b2b),
            "b2c": (3, b2c),
            "notice_overdue": (1, overdue),
            "notice_due_soon": (2, due_today | due_in_7),
            "notice_blocked": (1, blocked),
            "notice_failed": (1, due_in_8),
            "consent_pending": (1, pending),
            "consent_given": (1, given),
            "objected": (1, objected),
            "due_erasure": (2, objected | expired),
            "retention_soon": (2, expired | ends_in_30),
            "request_open": (4, request_overdue | request_due_today | request_due_in_7 | request_due_in_8),
            "request_due_soon": (2, request_due_today | request_due_in_7),
            "request_overdue": (1, request_overdue),
            "suppression": (2, objection_entry | manual_entry),
            "erased_30d": (1, erased),
        }
        Overview = self.env["gdpr.overview"].with_user(self.dpo)
        figures = {
            name.removesuffix("_count")
            for name, field in Overview._fields.items()
            if name.endswith("_count") and field._module == "gdpr_prospection"
        }
        self.assertEqual(figures, set(expected), "every figure of the overview is checked here")
        self.assertNotIn(customer, b2b | b2c)

        overview = Overview.create({})
        for figure, (count, records) in expected.items():
            with self.subTest(figure=figure):
                self.assertEqual(len(records), count)
                self.assertEqual(overview[f"{figure}_count"], count)
                action = overview.with_context(gdpr_figure=figure).action_open()
                self.assertEqual(action["res_model"], records._name)
                found = self.env[records._name].with_user(self.dpo).search(action["domain"])
                self.assertEqual(sorted(found.ids), sorted(records.ids))

    def test_for_the_dpo_only(self):
        self.make_prospect()
        overview = self.env["gdpr.overview"].with_user(self.dpo).create({})
        self.assertEqual(overview.prospect_count, 1)
        for user in (self.gdpr_user, self.employee, self.accountant):
            with self.subTest(user=user.login):
                Overview = self.env["gdpr.overview"].with_user(user)
                with self.assertRaises(AccessError):
                    Overview.action_open_overview()
                with self.assertRaises(AccessError):
                    Overview.create({})
                # even past the access rights, the figures and their lists stay closed
                mine = overview.with_user(user).sudo()
                mine.invalidate_recordset()
                with self.assertRaises(AccessError):
                    mine.prospect_count  # noqa: B018
                with self.assertRaises(AccessError):
                    mine.with_context(gdpr_figure="prospect").action_open()

    def test_the_first_day_checklist_turns_green_item_by_item(self):
        self.company.write(
            {
                "email": False,
                "gdpr_controller_contact": False,
                "gdpr_dpo_name": False,
                "gdpr_dpo_email": False,
                "gdpr_recipients": False,
                "gdpr_privacy_policy_url": False,
            }
        )
        self.env["gdpr.data.source"].search([]).write({"reuse_allowed": False})
        Overview = self.env["gdpr.overview"].with_user(self.dpo)
        items = ("controller", "dpo", "recipients", "privacy_url", "source", "purge")
        overview = Overview.create({})
        self.assertEqual([overview[f"setup_{item}"] for item in items], [False] * 5 + [True])
        self.assertFalse(overview.setup_done)
        steps = [
            {"gdpr_controller_contact": "privacy@controller.example"},
            {"gdpr_dpo_name": "Dora Protect", "gdpr_dpo_email": "dpo@controller.example"},
            {"gdpr_recipients": "our sales team"},
            {"gdpr_privacy_policy_url": "https://controller.example/privacy"},
        ]
        for item, values in zip(items, steps, strict=False):
            self.company.write(values)
            self.assertTrue(Overview.create({})[f"setup_{item}"], item)
        self.env["gdpr.data.source"].create({"name": "Trade fair list", "reuse_allowed": True})
        self.assertTrue(Overview.create({}).setup_done)
        self.env.ref("gdpr_prospection.ir_cron_gdpr_purge").active = False
        self.assertFalse(Overview.create({}).setup_purge)
