from odoo import api, models, tools
from odoo.osv import expression

from .mail_activity import uses_field

# copies of a prospect kept on its messages: of the document's name, of the author
ABOUT_COLUMNS = ("record_name", "subject")
AUTHOR_COLUMNS = ("email_from",)


class MailMessage(models.Model):
    """A message keeps copies of its author (``email_from``, the avatar) and
    of its document's name (``record_name``, often the ``subject``), stored when it was posted:
    they are masked at read time for a user who may not see the prospect
    (res.partner._gdpr_masked)."""

    _inherit = "mail.message"

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        return super()._search(self._gdpr_unmasked(domain, domain), offset=offset, limit=limit, order=order)

    @api.model
    def _read_group(self, domain, groupby=(), aggregates=(), having=(), offset=0, limit=None, order=None):
        domain = self._gdpr_unmasked(domain, [*groupby, *aggregates])
        return super()._read_group(domain, groupby, aggregates, having, offset=offset, limit=limit, order=order)

    @api.model
    def _gdpr_unmasked(self, domain, used):
        """``domain``, restricted to the messages whose copies of a prospect
        the user may see when ``used`` (a domain or group specs) reads them:
        a search or a grouping on them would tell a prospect's name."""
        about = any(uses_field(used, name) for name in ABOUT_COLUMNS)
        author = any(uses_field(used, name) for name in AUTHOR_COLUMNS)
        if not (about or author):
            return domain
        masked = self.env["res.partner"]._gdpr_masked_ids_sql()
        if masked is None:
            return domain
        restrictions = [domain]
        if about:
            restrictions.append(["|", ("model", "!=", "res.partner"), ("res_id", "not in", masked)])
        if author:
            restrictions.append(["|", ("author_id", "=", False), ("author_id", "not in", masked)])
        return expression.AND(restrictions)

    def _gdpr_masked_messages(self):
        """(messages whose author is masked, messages about a masked prospect).
        A message with no author partner (a mail from an address Odoo did
        not match) counts as the prospect's when its sender is a prospect's
        address."""
        messages = self.sudo()
        masked_authors = messages.author_id._gdpr_masked()
        by_author = self.filtered(lambda message: message.sudo().author_id in masked_authors)
        anonymous = {
            message.id: tools.email_normalize(message.email_from or "")
            for message in messages
            if not message.author_id and message.email_from
        }
        senders = {address for address in anonymous.values() if address}
        if senders:
            holders = (
                self.env["res.partner"]
                .sudo()
                .with_context(active_test=False)
                .search([("email_normalized", "in", list(senders)), ("gdpr_prospect_type", "!=", False)])
            )
            masked_senders = set(holders.with_env(self.env)._gdpr_masked().mapped("email_normalized"))
            by_author |= self.filtered(lambda message: anonymous.get(message.id) in masked_senders)
        on_partners = messages.filtered(lambda message: message.model == "res.partner" and message.res_id)
        masked_documents = self.env["res.partner"].browse(on_partners.mapped("res_id"))._gdpr_masked()
        about = self.filtered(
            lambda message: message.sudo().model == "res.partner" and message.sudo().res_id in masked_documents.ids
        )
        return by_author, about

    @api.depends_context("uid")
    def _compute_display_name(self):
        result = super()._compute_display_name()
        about = self._gdpr_masked_messages()[1]
        label = self.env["res.partner"]._gdpr_mask_label()
        for message in about:
            message.display_name = label
        return result

    def _read_format(self, fnames, load="_classic_read"):
        result = super()._read_format(fnames, load=load)
        if not {"email_from", "author_avatar", "record_name", "subject"} & set(fnames):
            return result
        by_author, about = self._gdpr_masked_messages()
        if not by_author and not about:
            return result
        label = self.env["res.partner"]._gdpr_mask_label()
        for values in result:
            if values["id"] in by_author.ids:
                for name in ("email_from", "author_avatar"):
                    if name in values:
                        values[name] = False
            if values["id"] in about.ids:
                # core fills an empty subject with the document's name
                for name in ("record_name", "subject"):
                    if values.get(name):
                        values[name] = label
        return result

    def _author_to_store(self, store):
        result = super()._author_to_store(store)
        by_author = self._gdpr_masked_messages()[0]
        for message in by_author:
            store.add(message, {"email_from": False})
        return result
