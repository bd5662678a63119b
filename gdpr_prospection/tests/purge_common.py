from datetime import date, datetime

from odoo.tools import SQL

from .common import GdprCase

TODAY = "2026-06-01 10:00:00"


class PurgeCase(GdprCase):
    """Prospects in each state of the erasure rule, and the purge run the
    way the scheduler runs it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Run = cls.env["gdpr.purge.run"]
        cls.Blacklist = cls.env["gdpr.blacklist"].sudo()
        cls.Event = cls.env["gdpr.event"].sudo()
        cls.company.write({"gdpr_consent_delay_days": 30, "gdpr_notice_delay_days": 30})

    def prospect(self, name, kind="b2b", collected=date(2026, 5, 1), **values):
        email = name.lower().replace(" ", ".") + "@example.com"
        return self.make_prospect(name=name, email=email, kind=kind, gdpr_collected_on=collected, **values)

    def refuse(self, partner):
        self.Event._log(partner, "consent_refused", "email")
        partner.gdpr_consent_state = "refused"

    def give(self, partner):
        self.Event._log(partner, "consent_given", "email")
        partner.gdpr_consent_state = "given"

    def withdraw(self, partner):
        self.give(partner)
        self.Event._log(partner, "consent_withdrawn", "email")
        partner.gdpr_consent_state = "withdrawn"

    def object(self, partner, when=datetime(2026, 5, 30)):
        self.Event._log(partner, "objection", "web")
        partner.gdpr_objected_on = when

    def purge(self, limit=100):
        """Run the cron's method until its run is done (what the scheduler
        does between commits)."""
        for _i in range(limit):
            run = self.Run._cron_purge()
            if run.state == "done":
                return run
        raise AssertionError("the purge never finished")

    def set_batch_size(self, size):
        self.env["ir.config_parameter"].sudo().set_param("gdpr_prospection.purge_batch_size", size)

    def exists(self, partner):
        return bool(partner.with_context(active_test=False).exists())

    def suppression_reason(self, email):
        hashes = self.Blacklist._identity_hashes(email)
        entry = self.Blacklist.with_context(active_test=False).search([("email_hash", "=", hashes["email_hash"])])
        return entry.reason

    def purged_events(self, email):
        email_hash = self.Blacklist._identity_hashes(email)["email_hash"]
        return self.Event.search([("email_hash", "=", email_hash), ("event_type", "=", "purged")])

    def residue(self, name, email):
        """What core privacy_lookup's query finds for this person, plus the
        texts it does not search (message bodies, mails, tracking values)."""
        self.env.flush_all()
        found = []
        name_like, email_like = f"%{name}%", f"%{email}%"
        for model_name in self.env:
            model = self.env[model_name]
            if model._transient or not model._auto or model._abstract:
                continue
            conditions = []
            for field_name in ("email_normalized", "email", "email_from", "company_email", "email_to"):
                field = model._fields.get(field_name)
                if field and field.store:
                    conditions.append(SQL("%s::text ilike %s", SQL.identifier(field_name), email_like))
                    rec_name = model._fields.get(model._rec_name or "name")
                    if rec_name and rec_name.store and rec_name.type == "char" and not rec_name.translate:
                        conditions.append(SQL("%s ilike %s", SQL.identifier(rec_name.name), name_like))
            if model_name == "res.users":
                conditions.append(SQL("login ilike %s", email_like))
            if model_name == "mail.message":
                conditions.append(SQL("body::text ilike %s OR body::text ilike %s", name_like, email_like))
            if model_name == "mail.mail":
                conditions.append(SQL("body_html::text ilike %s", name_like))
            if model_name == "mail.tracking.value":
                conditions.append(
                    SQL(
                        "old_value_char ilike %s OR new_value_char ilike %s OR old_value_char ilike %s "
                        "OR new_value_char ilike %s",
                        name_like,
                        name_like,
                        email_like,
                        email_like,
                    )
                )
            if conditions:
                rows = self.env.execute_query(
                    SQL("SELECT id FROM %s WHERE %s", SQL.identifier(model._table), SQL(" OR ").join(conditions))
                )
                found += [(model_name, row[0]) for row in rows]
        return found
