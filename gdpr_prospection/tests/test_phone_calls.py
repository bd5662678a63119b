from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import GdprCase

PHONE = "+33 6 12 34 56 78"


@tagged("post_install", "-at_install")
class TestPhoneCalls(GdprCase):
    """The call guard on call activities (Code de la consommation L223-1,
    D223-9): consent, hours in the company's time zone, public holidays,
    4 attempts in 30 days, the suppression list."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.partner_id.tz = "Europe/Paris"
        cls.call_type = cls.env.ref("mail.mail_activity_data_call")
        with freeze_time("2026-09-01 09:00:00"):
            cls.consumer = cls.make_prospect(name="Claire Conso", email="claire.conso@example.com", kind="b2c")
            cls.consumer._gdpr_notice_left("notice-v1")
            cls.pro = cls.make_prospect(name="Bruno Pro", email="bruno.pro@example.com", phone=PHONE)

    def give_phone(self, prospect):
        prospect._gdpr_channel_answer("phone_consent_given", "phone", note="Said yes, recording 42")
        prospect.phone = PHONE

    def schedule(self, prospect, deadline, activity_type=None):
        return (
            self.env["mail.activity"]
            .with_user(self.gdpr_user)
            .create(
                {
                    "res_model_id": self.env["ir.model"]._get_id("res.partner"),
                    "res_id": prospect.id,
                    "activity_type_id": (activity_type or self.call_type).id,
                    "date_deadline": deadline,
                    "user_id": self.gdpr_user.id,
                }
            )
        )

    def refused(self, function, *args):
        """The refusal message of ``function(*args)``; the transaction is
        left as the refusal leaves it (its count)."""
        try:
            function(*args)
        except UserError as error:
            return str(error)
        self.fail("the call was not refused")

    def log_call(self, prospect, at):
        with freeze_time("2026-09-14 08:00:00"):
            activity = self.schedule(prospect, "2026-09-15")
        with freeze_time(at):
            activity.with_user(self.gdpr_user).action_feedback(feedback="Called")

    def test_consumer_without_phone_consent_is_never_called(self):
        with freeze_time("2026-09-14 08:00:00"):
            message = self.refused(self.schedule, self.consumer, "2026-09-15")
        self.assertIn("L223-1", message)
        self.assertEqual(self.consumer.gdpr_call_refused_count, 1)
        self.assertFalse(self.consumer.activity_ids)
        # any activity type of category phonecall is a call; others are not
        other_call = self.env["mail.activity.type"].create({"name": "Follow-up call", "category": "phonecall"})
        with freeze_time("2026-09-14 08:00:00"):
            self.refused(self.schedule, self.consumer, "2026-09-15", other_call)
            self.schedule(self.consumer, "2026-09-15", self.env.ref("mail.mail_activity_data_todo"))
        self.assertEqual(self.consumer.gdpr_call_refused_count, 2)
        # a to-do changed into a call is a call
        todo = self.consumer.activity_ids
        with freeze_time("2026-09-14 08:00:00"):
            self.refused(todo.with_user(self.gdpr_user).write, {"activity_type_id": self.call_type.id})

    def test_scheduling_checks_the_deadline_day(self):
        self.give_phone(self.consumer)
        with freeze_time("2026-09-14 08:00:00"):
            self.assertTrue(self.schedule(self.consumer, "2026-09-15"))  # a Tuesday
            self.assertIn("Monday to Friday", self.refused(self.schedule, self.consumer, "2026-09-19"))
            self.assertIn("public holiday", self.refused(self.schedule, self.consumer, "2027-07-14"))
            self.assertIn("public holiday", self.refused(self.schedule, self.consumer, "2027-05-17"))  # Whit Monday
            # moving a call to a Saturday is refused too
            call = self.consumer.activity_ids
            self.refused(call.with_user(self.gdpr_user).write, {"date_deadline": "2026-09-19"})
        self.assertEqual(self.consumer.gdpr_call_refused_count, 4)

    def test_logging_checks_the_hours_in_the_company_time_zone(self):
        self.give_phone(self.consumer)
        # Paris is UTC+2 in September: 9:59 local is 7:59 UTC
        for utc, allowed in (
            ("2026-09-15 07:59:00", False),
            ("2026-09-15 08:00:00", True),
            ("2026-09-15 11:00:00", False),
            ("2026-09-15 17:59:00", True),
            ("2026-09-15 18:00:00", False),
        ):
            with self.subTest(utc=utc):
                if allowed:
                    self.log_call(self.consumer, utc)
                else:
                    with freeze_time("2026-09-14 08:00:00"):
                        activity = self.schedule(self.consumer, "2026-09-15")
                    with freeze_time(utc):
                        message = self.refused(activity.with_user(self.gdpr_user).action_feedback, "Called")
                    self.assertIn("10:00 to 13:00", message)
                    activity.unlink()
        calls = self.events(self.consumer, "call")
        self.assertEqual((len(calls), set(calls.mapped("channel"))), (2, {"phone"}))
        self.assertEqual(self.consumer.gdpr_call_refused_count, 3)

    def test_the_fifth_attempt_in_30_days_is_refused(self):
        for day in ("2026-08-18", "2026-08-25", "2026-09-01", "2026-09-08"):
            with freeze_time(f"{day} 09:00:00"):
                self.env["gdpr.event"]._log(self.pro, "call", "phone")
        with freeze_time("2026-09-14 08:00:00"):
            message = self.refused(self.schedule, self.pro, "2026-09-15")
        self.assertIn("4 times in 30 days", message)
        # a day later the first call has left the window
        with freeze_time("2026-09-14 08:00:00"):
            self.assertTrue(self.schedule(self.pro, "2026-09-17"))

    def test_calls_scheduled_in_advance_count_as_attempts(self):
        with freeze_time("2026-09-14 08:00:00"):
            for day in ("2026-09-15", "2026-09-16", "2026-09-17", "2026-09-18"):
                self.schedule(self.pro, day)
            # before the four: a 30-day window would hold five
            message = self.refused(self.schedule, self.pro, "2026-09-01")
            self.assertIn("4 times in 30 days", message)
            message = self.refused(self.schedule, self.pro, "2026-10-14")
            self.assertIn("4 times in 30 days", message)
            # 30 days after the first, and a month after the last: each window holds four at most
            self.assertTrue(self.schedule(self.pro, "2026-10-15") | self.schedule(self.pro, "2026-11-20"))
            # moving a call into a full window is refused as well
            late = self.schedule(self.pro, "2026-12-21").with_user(self.gdpr_user)
            message = self.refused(late.write, {"date_deadline": "2026-09-21"})
            self.assertIn("4 times in 30 days", message)
        self.assertEqual(self.pro.gdpr_call_refused_count, 3)

    def test_professional_on_the_suppression_list_is_refused(self):
        with freeze_time("2026-09-14 08:00:00"):
            self.assertTrue(self.schedule(self.pro, "2026-09-15"))
            self.env["gdpr.blacklist"].sudo()._add([(False, PHONE)], "objection")
            message = self.refused(self.schedule, self.pro, "2026-09-16")
        self.assertIn("suppression list", message)

    def test_partners_outside_the_regime_are_not_watched(self):
        customer = self.env["res.partner"].create({"name": "A customer", "phone": PHONE})
        with freeze_time("2026-09-14 08:00:00"):
            activity = self.schedule(customer, "2026-09-19")
        with freeze_time("2026-09-19 21:00:00"):
            activity.with_user(self.gdpr_user).action_feedback(feedback="Called")
        self.assertFalse(self.env["gdpr.event"].sudo().search([("event_type", "=", "call")]))
