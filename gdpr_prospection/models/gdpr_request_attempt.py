from odoo import api, fields, models

from ..policy import identity, rights


class GdprRequestAttempt(models.Model):
    """One use of the public request page, counted for its rate limits (per
    address and per client IP, over the last hour) in the database, so that
    every worker of the server sees the same counts. Keyed hashes only; an
    attempt is gone after a day."""

    _name = "gdpr.request.attempt"
    _description = "Use of the GDPR request page"
    _order = "id desc"
    _log_access = False

    date = fields.Datetime(required=True, default=fields.Datetime.now, index=True)
    email_hash = fields.Char(index="btree_not_null")
    ip_hash = fields.Char(index="btree_not_null")
    mail_sent = fields.Boolean()

    @api.model
    def _ip_hash(self, ip_address):
        key = self.env["gdpr.blacklist"].sudo()._hash_key()
        return identity.keyed_hash(key, f"ip:{ip_address}") if ip_address else False

    @api.model
    def _limits(self, email_hash, ip_hash):
        """(no more mail to this address, no more request from this IP) for
        the last hour."""
        since = fields.Datetime.now() - rights.RATE_WINDOW
        Attempt = self.sudo()
        mails = (
            Attempt.search_count([("email_hash", "=", email_hash), ("mail_sent", "=", True), ("date", ">=", since)])
            if email_hash
            else 0
        )
        requests = Attempt.search_count([("ip_hash", "=", ip_hash), ("date", ">=", since)]) if ip_hash else 0
        return rights.over_limits(mails, requests)

    @api.model
    def _record(self, email_hash, ip_hash, mail_sent):
        return self.sudo().create({"email_hash": email_hash, "ip_hash": ip_hash, "mail_sent": mail_sent})

    @api.autovacuum
    def _gc_old(self):
        self.sudo().search([("date", "<", fields.Datetime.now() - rights.RATE_WINDOW * 24)]).unlink()
