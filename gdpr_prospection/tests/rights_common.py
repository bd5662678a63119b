import re
from unittest.mock import patch

from odoo.tests import HttpCase

from ..controllers.rights import GdprRights
from ..policy import rights
from .mail_common import GdprMailCase

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


class RightsPageCase(GdprMailCase, HttpCase):
    """A person on the public request page: asks, opens the mailed link,
    acts on their page."""

    def setUp(self):
        super().setUp()
        # the page's padded answer time, recorded instead of slept
        self.waits = []
        self.startPatcher(patch.object(GdprRights, "_sleep", self.waits.append))

    def csrf(self, response):
        return CSRF.search(response.text).group(1)

    def ask(self, email, headers=None):
        form = self.url_open("/gdpr/request", headers=headers)
        self.assertEqual(form.status_code, 200)
        return self.url_open(
            "/gdpr/request",
            data={"email": email, "csrf_token": self.csrf(form)},
            headers=headers,
            allow_redirects=False,
        )

    def requests(self):
        return self.env["gdpr.request"].sudo().search([("channel", "=", "web")], order="id")

    def link_of_sent_mail(self):
        self.env["mail.mail"].sudo().search([("state", "=", "outgoing"), ("gdpr_request_id", "!=", False)]).send()
        self.assertEqual(len(self._mails), 1)
        body = self._mails[-1]["body"]
        self.assertNotIn(rights.PLACEHOLDER, body)
        return re.search(r"(/gdpr/request/\d+/[0-9]+-[0-9a-f]{64})", body).group(1)

    def open_link(self, link):
        page = self.url_open(link, allow_redirects=False)
        self.assertEqual(page.status_code, 200)
        return self.url_open(link, data={"csrf_token": self.csrf(page)}, allow_redirects=False)

    def verified_page(self, email="bruno.pro@example.com"):
        with self.mock_mail_gateway():
            self.ask(email)
            link = self.link_of_sent_mail()
        self.assertEqual(self.open_link(link).status_code, 303)
        return self.url_open("/gdpr/request/mine")

    def act(self, page, action, **data):
        return self.url_open("/gdpr/request/mine", data=dict(data, action=action, csrf_token=self.csrf(page)))
