from odoo import api, fields, models
from odoo.osv import expression

from ..policy import identity, rights


class GdprRequestWeb(models.Model):
    """The public request page's half of ``gdpr.request``: asking for the
    verification link, and what a verified person does on their page."""

    _inherit = "gdpr.request"

    @api.model
    def _web_ask(self, email, ip_address, lang):
        """A person typed ``email`` on the request page. Return False when
        the client IP is over its limit; otherwise True, whether the address
        is known or not (the page must not tell). A known address (a record
        under the regime, or a suppression entry) gets a verification mail,
        unless it got its share of them this hour."""
        Attempt = self.env["gdpr.request.attempt"].sudo()
        normalized = identity.normalize_email(email)
        hashes = self.env["gdpr.blacklist"].sudo()._identity_hashes(normalized) if normalized else {}
        email_hash = hashes.get("email_hash") or False
        ip_hash = Attempt._ip_hash(ip_address)
        address_over, ip_over = Attempt._limits(email_hash, ip_hash)
        if ip_over:
            return False
        records = self._regime_records(normalized) if normalized and not address_over else []
        holder = self._holder(records)
        known = bool(records) or (
            normalized and not address_over and bool(self.env["gdpr.blacklist"].sudo()._screen(emails=[normalized]))
        )
        Attempt._record(email_hash, ip_hash, bool(known))
        if known:
            request = self.sudo().create(
                {
                    "request_type": "access",
                    "channel": "web",
                    "email_hash": email_hash,
                    **self._holder_vals(holder),
                    "company_id": ((holder and holder.company_id) or self.env.company).id,
                    "lang": lang,
                }
            )
            request._new_link()
            request._send_link(normalized)
        return True

    def _send_link(self, address):
        """Queue the verification mail to ``address``, in the person's
        language, with an inert link that is signed as the mail leaves."""
        self.ensure_one()
        request = self.sudo().with_context(lang=self.lang or "en_US")
        body = request.env["ir.qweb"]._render(
            "gdpr_prospection.rights_verify_mail",
            {
                "company": request.company_id,
                "link": f"{request.get_base_url()}{rights.placeholder_path(request.id)}",
                "hours": int(rights.LINK_VALIDITY.total_seconds() // 3600),
            },
        )
        return (
            request.env["mail.mail"]
            .sudo()
            .create(
                {
                    "subject": request.env._("Your request about your personal data"),
                    "email_from": request.company_id.email_formatted,
                    "email_to": address,
                    "body_html": body,
                    "auto_delete": True,
                    "gdpr_request_id": request.id,
                }
            )
        )

    def _subject_records(self):
        """[record, ...] under the regime that this request's person has now,
        of every model (partners, leads)."""
        self.ensure_one()
        request = self.sudo()
        holder = request.partner_id
        if not holder and request.subject_model in self.env:
            holder = self.env[request.subject_model].sudo().browse(request.subject_id).exists()
        if not holder:
            return []
        records = self._regime_records(holder.email_normalized)
        if holder._gdpr_in_regime() and holder not in records:
            records.append(holder)
        return records

    def _web_act(self, action, ip_address=False, page_version=False, details=False):
        """What the verified person asked on their page: ``object``,
        ``withdraw``, ``erase`` or ``rectify``. Returns the new request (an
        empty recordset when there was nothing to do)."""
        self.ensure_one()
        records = self._subject_records()
        if not records:
            return self.browse()
        Event = self.env["gdpr.event"].sudo()
        last = Event.search([], order="id desc", limit=1).id or 0
        request_type, state = "objection", "done"
        if action == "object":
            for record in records:
                record._gdpr_answer(
                    "objection", "web", record._gdpr_last_text_version(), ip_address, page_version=page_version
                )
        elif action == "withdraw":
            for record in (r for r in records if r.gdpr_consent_state in ("given", "pending", "not_requested")):
                kind = "consent_withdrawn" if record.gdpr_consent_state == "given" else "consent_refused"
                record._gdpr_answer(
                    kind, "web", record._gdpr_last_text_version(), ip_address, page_version=page_version
                )
        elif action == "erase":
            # the entry names the request; the objection then erases at once
            identities = [(r._gdpr_email(), (r._gdpr_phones() or [False])[0]) for r in records]
            self.env["gdpr.blacklist"].sudo()._add(identities, "erasure_request")
            for record in records:
                record._gdpr_answer(
                    "objection",
                    "web",
                    record._gdpr_last_text_version(),
                    ip_address,
                    note=self.env._("Erasure request (GDPR Art. 17)"),
                    page_version=page_version,
                )
            request_type, state = "erasure", "verified"
        elif action == "rectify":
            request_type, state = "rectification", "verified"
        else:
            return self.browse()
        by_model = {}
        for record in records:
            by_model.setdefault(record._name, []).append(record.id)
        records_domain = expression.OR(
            [[("res_model", "=", name), ("res_id", "in", ids)] for name, ids in by_model.items()]
        )
        events = Event.search(expression.AND([[("id", ">", last)], records_domain]))
        return self.sudo().create(
            {
                "request_type": request_type,
                "channel": "web",
                "state": state,
                "email_hash": self.email_hash,
                "partner_id": self.partner_id.id,
                "subject_model": self.subject_model,
                "subject_id": self.subject_id,
                "company_id": self.company_id.id,
                "lang": self.lang,
                "details": details or False,
                "verified_on": fields.Datetime.now(),
                "event_ids": [fields.Command.set(events.ids)],
            }
        )
