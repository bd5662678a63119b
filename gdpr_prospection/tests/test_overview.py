from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import GdprCase


@tagged("post_install", "-at_install")
class TestOverview(GdprCase):
    @freeze_time("2026-06-15")
    def test_figures_and_the_lists_behind_them(self):
        overdue = self.make_prospect(name="Overdue", email="overdue@example.com", gdpr_collected_on=date(2026, 5, 1))
        self.make_prospect(name="Fresh", email="fresh@example.com", kind="b2c")
        objected = self.make_prospect(name="Objected", email="objected@example.com")
        objected._gdpr_answer("objection", "phone")
        overview = self.env["gdpr.overview"].with_user(self.dpo).create({})
        before = self.env["gdpr.blacklist"].search_count([])
        self.assertEqual(overview.prospect_count, 3)
        self.assertEqual((overview.b2b_count, overview.b2c_count), (2, 1))
        self.assertEqual(overview.objected_count, 1)
        self.assertEqual(overview.suppression_count, before)
        self.assertGreaterEqual(overview.notice_overdue_count, 1)
        action = overview.with_context(gdpr_figure="notice_overdue").action_open()
        found = self.env["res.partner"].with_user(self.dpo).search(action["domain"])
        self.assertIn(overdue, found)
        self.assertNotIn(objected.browse(), found)
        action = overview.with_context(gdpr_figure="objected").action_open()
        self.assertEqual(self.env["res.partner"].search(action["domain"]), objected)

    def test_for_the_dpo_only(self):
        with self.assertRaises(AccessError):
            self.env["gdpr.overview"].with_user(self.gdpr_user).create({}).prospect_count  # noqa: B018
