from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import GdprCase


@tagged("post_install", "-at_install")
class TestBlacklistCheck(GdprCase):
    """The DPO who gets a letter asks "is this address on the list?" and adds it."""

    def check(self, user=None, **values):
        return self.env["gdpr.blacklist.check"].with_user(user or self.dpo).create(values)

    def test_check_then_add(self):
        self.env["gdpr.blacklist"]._add([("jean.dupont@gmail.com", None)], "objection")
        known = self.check(email="Jean.Dupont+salon@gmail.com")
        known.action_check()
        self.assertTrue(known.on_list, "the list's variants are recognised")

        unknown = self.check(email="anne.martin@example.com")
        unknown.action_check()
        self.assertTrue(unknown.checked)
        self.assertFalse(unknown.on_list)
        unknown.note = "Letter of 3 May"
        unknown.action_add()
        self.assertTrue(unknown.on_list)
        self.assertFalse(unknown.email, "the form forgets the address once it is added")
        self.assertTrue(self.env["gdpr.blacklist"]._screen(["anne.martin@example.com"]))
        entry = self.env["gdpr.blacklist"].sudo().search([("note", "=", "Letter of 3 May")])
        self.assertEqual(entry.reason, "manual")
        self.env.flush_all()
        self.env.cr.execute("SELECT * FROM gdpr_blacklist WHERE id = %s", [entry.id])
        self.assertNotIn("anne.martin", repr(self.env.cr.fetchall()))

    def test_bad_input_and_who_may(self):
        with self.assertRaisesRegex(UserError, "not a valid email address"):
            self.check(email="hugo.laurent@@exemple").action_check()
        with self.assertRaisesRegex(UserError, "Type the email address"):
            self.check().action_check()
        for user in (self.gdpr_user, self.employee):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.check(user=user, email="anne.martin@example.com")
