from contextvars import ContextVar

from odoo import models

from ..policy import clocks

# The incoming mail the gateway is routing, as (automatic,), while it routes
# it: a context key would come with any RPC call, this cannot.
INCOMING_MAIL = ContextVar("gdpr_incoming_mail", default=None)


class MailThread(models.AbstractModel):
    _inherit = "mail.thread"

    def _message_route_process(self, message, message_dict, routes):
        """Mark what the mail gateway posts as an incoming mail, automatic or
        not, so that only a mail the person wrote counts as a contact."""
        headers = {str(name).lower(): str(value) for name, value in message.items()} if message else {}
        automatic = bool(message_dict.get("is_bounce")) or clocks.is_automatic_mail(headers)
        token = INCOMING_MAIL.set((automatic,))
        try:
            return super()._message_route_process(message, message_dict, routes)
        finally:
            INCOMING_MAIL.reset(token)
