from odoo import http, tools
from odoo.addons.mail.controllers.thread import ThreadController
from odoo.http import request


class GdprThreadController(ThreadController):
    @http.route()
    def mail_message_post(self, thread_model, thread_id, post_data, context=None, **kwargs):
        """A message to a prospect the rules refuse is refused here, before
        anything is posted or any contact made of a suggested recipient, with
        the rule named (the queue would cancel it anyway, but the user would
        only see it later)."""
        partner_ids = [pid for pid in post_data.get("partner_ids") or [] if isinstance(pid, int)]
        # the suggested recipients that have no partner yet (a lead's person):
        # core makes partners of them for the users who may create contacts
        emails = []
        if request.env.user.has_group("base.group_partner_manager"):
            emails = [email for email in kwargs.get("partner_emails") or [] if isinstance(email, str)]
        is_note = post_data.get("subtype_xmlid") == "mail.mt_note" or post_data.get("message_type") == "notification"
        if (partner_ids or emails) and not is_note:
            request.env["gdpr.outgoing.gate"]._check_partners(
                request.env["res.partner"].browse(partner_ids), model=thread_model, emails=emails
            )
        if emails:
            # the record's hooks know which recipients the chatter makes contacts of
            request.update_context(
                gdpr_suggested_emails=[address for email in emails for address in tools.email_normalize_all(email)]
            )
        return super().mail_message_post(thread_model, thread_id, post_data, context=context, **kwargs)
