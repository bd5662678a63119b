"""The public request page where a person exercises their rights (GDPR
Art. 12, 15, 17, 21): they type their address, get a single-use link by
mail when the company holds something about it, and on the page that link
opens see what is held and act on it.

The request page answers the same whether the address is known or not. A
GET never changes anything: the link's GET only shows a button, whose CSRF
POST burns the link and opens the person's page for an hour, in this
browser's session only.
"""

import time

from odoo import http
from odoo.http import request

from ..policy import inputs, rights
from .main import SECURITY_HEADERS

SESSION_KEY = "gdpr_rights"
MAX_DETAILS = 2000
ACTIONS = ("object", "withdraw", "erase", "rectify")


class GdprRights(http.Controller):
    _sleep = staticmethod(time.sleep)

    def _lang(self, lang=None):
        """The person's language: the request's, else the browser's
        (Accept-Language, through the public session), else English."""
        installed = {code for code, __ in request.env["res.lang"].sudo().get_installed()}
        lang = lang or request.env.lang
        return lang if lang in installed else "en_US"

    def _respond(self, template, values=None, lang=None, company=None, status=200):
        lang = self._lang(lang)
        request.update_context(lang=lang)
        values = dict(values or {}, company=(company or request.env.company).sudo())
        response = request.render(template, values, status=status)
        response.headers.update(SECURITY_HEADERS)
        return response

    def _invalid(self):
        return self._respond("gdpr_prospection.public_invalid", status=404)

    def _ip(self):
        return request.httprequest.remote_addr

    def _verified(self):
        """The request this session was verified for, or an empty recordset."""
        Request = request.env["gdpr.request"].sudo()
        held = request.session.get(SESSION_KEY)
        if not isinstance(held, dict) or held.get("until", 0) < time.time():
            return Request.browse()
        return Request.browse(held.get("request_id")).exists()

    # --- asking for the link ---

    @http.route("/gdpr/request", type="http", auth="public", website=True, methods=["GET"], sitemap=True)
    def form(self, **kwargs):
        return self._respond("gdpr_prospection.rights_form")

    @http.route("/gdpr/request", type="http", auth="public", website=True, methods=["POST"], sitemap=False)
    def ask(self, email="", **kwargs):
        started = time.monotonic()
        email = email if isinstance(email, str) and len(email) <= 254 else ""
        lang = self._lang()
        allowed = request.env["gdpr.request"].sudo()._web_ask(email, self._ip(), lang)
        response = (
            self._respond("gdpr_prospection.rights_sent")
            if allowed
            else self._respond("gdpr_prospection.rights_too_many", status=429)
        )
        # both paths write (an attempt at least) and commit alike: the writes
        # are flushed inside the padded time
        request.env.flush_all()
        rights.pad_answer(started, time.monotonic, self._sleep)
        return response

    # --- the verification link ---

    def _request(self, request_id, token):
        parsed = inputs.parse_id(request_id)
        if parsed is None or not isinstance(token, str) or len(token) > inputs.MAX_TOKEN_LENGTH:
            return request.env["gdpr.request"].sudo().browse()
        return request.env["gdpr.request"].sudo()._check_token(parsed, token)

    @http.route(
        "/gdpr/request/<string:request_id>/<string:token>", type="http", auth="public", website=True, methods=["GET"]
    )
    def link(self, request_id, token, **kwargs):
        rights_request = self._request(request_id, token)
        if not rights_request:
            return self._invalid()
        values = {"post_url": f"/gdpr/request/{rights_request.id}/{token}"}
        return self._respond("gdpr_prospection.rights_confirm", values, rights_request.lang, rights_request.company_id)

    @http.route(
        "/gdpr/request/<string:request_id>/<string:token>", type="http", auth="public", website=True, methods=["POST"]
    )
    def open(self, request_id, token, **kwargs):
        rights_request = self._request(request_id, token)
        if not rights_request:
            return self._invalid()
        rights_request._burn()
        request.session[SESSION_KEY] = {
            "request_id": rights_request.id,
            "until": time.time() + rights.SESSION_VALIDITY.total_seconds(),
        }
        return request.redirect("/gdpr/request/mine", code=303)

    # --- the person's page ---

    @http.route("/gdpr/request/mine", type="http", auth="public", website=True, methods=["GET"], sitemap=False)
    def mine(self, **kwargs):
        rights_request = self._verified()
        if not rights_request:
            return self._invalid()
        lang = self._lang(rights_request.lang)
        records = rights_request._subject_records()
        holdings = (
            request.env["report.gdpr_prospection.access_report_document"].with_context(lang=lang)._holdings(records)
        )
        values = {
            "holdings": holdings,
            "consent_given": any(r.gdpr_consent_state == "given" for r in records),
            "objected": bool(records) and all(r.gdpr_objected_on for r in records),
        }
        return self._respond("gdpr_prospection.rights_mine", values, lang, rights_request.company_id)

    @http.route("/gdpr/request/mine", type="http", auth="public", website=True, methods=["POST"], sitemap=False)
    def act(self, action=None, details="", **kwargs):
        rights_request = self._verified()
        if not rights_request or action not in ACTIONS:
            return self._invalid()
        details = (details if isinstance(details, str) else "").strip()[:MAX_DETAILS]
        if action == "rectify" and not details:
            return request.redirect("/gdpr/request/mine", code=303)
        lang = self._lang(rights_request.lang)
        company = rights_request.company_id
        page_version = (
            request.env["gdpr.notice.version"].sudo()._fingerprint_page("gdpr_prospection.rights_mine", lang, company)
        )
        ip = self._ip() if company.sudo().gdpr_log_ip else False
        done = rights_request._web_act(action, ip, page_version, details)
        return self._respond("gdpr_prospection.rights_done", {"done": action if done else "nothing"}, lang, company)
