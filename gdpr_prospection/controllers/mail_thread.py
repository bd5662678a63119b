from odoo import http
from odoo.addons.mail.controllers.thread import ThreadController
from odoo.http import request


class GdprThreadController(ThreadController):
    @http.route()
    def mail_message_post(self, thread_model, thread_id, post_data, context=None, **kwargs):
        """A message to a prospect the rules refuse is refused here, before
        anything is posted, with the rule named (the queue would cancel it
        anyway, but the user would only see it later)."""
        partner_ids = [pid for pid in post_data.get("partner_ids") or [] if isinstance(pid, int)]
        is_note = post_data.get("subtype_xmlid") == "mail.mt_note" or post_data.get("message_type") == "notification"
        if partner_ids and not is_note:
            request.env["gdpr.outgoing.gate"]._check_partners(
                request.env["res.partner"].browse(partner_ids), model=thread_model
            )
        return super().mail_message_post(thread_model, thread_id, post_data, context=context, **kwargs)
