"""Public pages where a prospect answers: consent, objection, withdrawal.

A GET only shows a page (mail scanners open every link); answers come by a
CSRF-protected POST from that page, or by the RFC 8058 one-click POST.
Every invalid, expired, swapped or missing token gets the same page as an
unknown person: no oracle.
"""

from odoo import http
from odoo.http import request

from ..policy import inputs, tokens
from ..policy.notice import mask_email

SECURITY_HEADERS = {
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
    "X-Robots-Tag": "noindex, nofollow",
}
# The id is taken as a string and parsed here: werkzeug's int converter
# matches any Unicode digit and any length, which int() or PostgreSQL refuse.
ROUTE = "/gdpr/<string:action>/<string:partner_id>/<string:token>"
# the pages of a record of another model under the regime (a lead), whose
# tokens are scoped to that model
RECORD_ROUTE = "/gdpr/<string:action>/<string:model>/<string:partner_id>/<string:token>"


class GdprPublic(http.Controller):
    # --- helpers ---

    def _respond(self, template, values=None, partner=None, status=200):
        lang = partner._gdpr_lang() if partner else None
        if lang:
            request.update_context(lang=lang)
        company = partner.company_id if partner else request.env.company
        values = dict(values or {}, company=company.sudo(), partner=partner)
        response = request.render(template, values, status=status)
        response.headers.update(SECURITY_HEADERS)
        return response

    def _invalid(self):
        return self._respond("gdpr_prospection.public_invalid", status=404)

    def _public_model(self, model):
        """The model of a page's path: partners when the path names none,
        else a model under the regime, or None."""
        if model is None:
            return request.env["res.partner"].sudo()
        regime = request.env["gdpr.prospect.mixin"].sudo()._gdpr_regime_models()
        found = [found for found in regime if found._name == model and found._name != "res.partner"]
        return found[0].sudo() if found else None

    def _partner(self, action, raw_id, token, model=None):
        """(partner id or None when the link is not valid, partner or None
        when erased). ``raw_id`` is the path's string: anything but a plain
        id, or a token of the wrong shape, is refused before the database is
        asked, with the answer of an unknown person. ``model`` names the
        model of a record other than a partner (a lead)."""
        Partner = self._public_model(model)
        partner_id = inputs.parse_id(raw_id)
        if (
            Partner is None
            or action not in ("consent", "object", "withdraw")
            or partner_id is None
            or not inputs.is_token_shaped(token)
            or not Partner._gdpr_check_token(action, partner_id, token)
        ):
            return None, None
        partner = Partner.browse(partner_id).exists() or None
        if partner and not partner.gdpr_prospect_type and not partner.gdpr_converted_on:
            partner = None
        return partner_id, partner

    def _ip(self):
        company = request.env.company.sudo()
        return request.httprequest.remote_addr if company.gdpr_log_ip else False

    def _page_values(self, action, partner_id, token, partner, model=None):
        return {
            "action": action,
            "post_url": f"{tokens.record_path(action, partner_id, model)}/{token}",
            "masked_email": mask_email(partner.email_normalized) if partner else "",
            "erased": partner is None,
        }

    # --- pages ---

    @http.route([ROUTE, RECORD_ROUTE], type="http", auth="public", website=True, methods=["GET"], sitemap=False)
    def page(self, action, partner_id, token, model=None, **kwargs):
        partner_id, partner = self._partner(action, partner_id, token, model)
        if partner_id is None or (partner is None and action != "object"):
            return self._invalid()
        values = self._page_values(action, partner_id, token, partner, model)
        return self._respond(f"gdpr_prospection.public_{action}", values, partner)

    @http.route([ROUTE, RECORD_ROUTE], type="http", auth="public", website=True, methods=["POST"], sitemap=False)
    def answer(self, action, partner_id, token, answer=None, model=None, **kwargs):
        partner_id, partner = self._partner(action, partner_id, token, model)
        if partner_id is None or (partner is None and action != "object"):
            return self._invalid()
        ip = self._ip()
        # the page's own text, as the person read it, goes with the answer
        page_version = (
            request.env["gdpr.notice.version"]
            .sudo()
            ._fingerprint_page(
                f"gdpr_prospection.public_{action}",
                (partner and partner._gdpr_lang()) or "en_US",
                partner.company_id if partner else request.env.company,
            )
        )
        if action == "consent":
            if answer not in ("accept", "refuse"):
                return self._invalid()
            text_version = partner._gdpr_last_text_version()
            if answer == "accept" and (partner.gdpr_consent_state == "given" or partner.gdpr_prospect_type == "b2b"):
                # the renewal question answered yes: a contact from the person
                partner._gdpr_record_contact("web")
                partner._gdpr_renew_nonce()
            else:
                kind = "consent_given" if answer == "accept" else "consent_refused"
                if kind == "consent_refused" and partner.gdpr_consent_state == "given":
                    kind = "consent_withdrawn"
                partner._gdpr_answer(kind, "web", text_version, ip, page_version=page_version)
            # the separate, unticked consents of the other channels (Code de la
            # consommation L223-1 for calls, CPCE L34-5 for texts)
            for box, channel_answer in (("phone", "phone_consent_given"), ("sms", "sms_consent_given")):
                if answer == "accept" and kwargs.get(box) == "yes" and partner.gdpr_prospect_type == "b2c":
                    partner._gdpr_channel_answer(
                        channel_answer, "web", text_version=text_version, ip_address=ip, page_version=page_version
                    )
            done = "accepted" if answer == "accept" else "refused"
        elif action == "withdraw":
            kind = "consent_withdrawn" if partner.gdpr_consent_state == "given" else "consent_refused"
            if partner.gdpr_consent_state in ("given", "pending", "not_requested"):
                partner._gdpr_answer(kind, "web", partner._gdpr_last_text_version(), ip, page_version=page_version)
            done = "withdrawn"
        else:
            self._object(partner_id, partner, ip, page_version, model)
            done = "objected"
        return self._respond("gdpr_prospection.public_done", {"done": done}, partner)

    @http.route(
        [
            "/gdpr/unsubscribe/<string:partner_id>/<string:token>",
            "/gdpr/unsubscribe/<string:model>/<string:partner_id>/<string:token>",
        ],
        type="http",
        auth="public",
        website=True,
        methods=["POST"],
        csrf=False,
        sitemap=False,
    )
    def one_click(self, partner_id, token, model=None, **kwargs):
        """RFC 8058 one-click objection, posted by the mail client."""
        partner_id, partner = self._partner("object", partner_id, token, model)
        if partner_id is None:
            return self._invalid()
        self._object(partner_id, partner, self._ip(), model=model)
        response = request.make_response("OK", headers=[("Content-Type", "text/plain")])
        response.headers.update(SECURITY_HEADERS)
        return response

    def _object(self, partner_id, partner, ip, page_version=False, model=None):
        if partner:
            partner._gdpr_answer("objection", "web", partner._gdpr_last_text_version(), ip, page_version=page_version)
        else:
            request.env["gdpr.blacklist"].sudo()._add_erased_person(partner_id, "objection", ip, model=model)

    @http.route("/gdpr/sources", type="http", auth="public", website=True, methods=["GET"], sitemap=True)
    def sources(self, company_id=None, **kwargs):
        """Privacy policy section: the public sources of prospect data. A
        company id that is malformed or names no company gets the 404 page
        of every bad link."""
        company = request.env.company.sudo()
        if company_id is not None:
            parsed = inputs.parse_id(company_id)
            company = request.env["res.company"].sudo().browse(parsed).exists() if parsed else None
            if not company:
                return self._invalid()
        sources = request.env["gdpr.data.source"].sudo().search([("company_id", "=", company.id)])
        response = request.render(
            "gdpr_prospection.public_sources",
            {"company": company, "sources": sources, "web_url": inputs.web_url},
        )
        response.headers.update(SECURITY_HEADERS)
        return response
