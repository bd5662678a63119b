import logging
from collections import Counter, defaultdict

from psycopg2 import errors as pg_errors

from odoo import Command, api, models, tools
from odoo.tools import SQL

from ..policy import minimisation, purge

_logger = logging.getLogger(__name__)

# "Try again later", not "this record is bad": let the job fail and rerun.
TRANSIENT_ERRORS = (
    pg_errors.SerializationFailure,
    pg_errors.DeadlockDetected,
    pg_errors.LockNotAvailable,
    pg_errors.QueryCanceled,
)


class PurgeStats:
    """What one batch did, merged into the run only when the batch holds."""

    def __init__(self):
        self.reasons = Counter()
        self.deleted = 0
        self.anonymised = 0
        self.lines = []

    def merge(self, other):
        self.reasons.update(other.reasons)
        self.deleted += other.deleted
        self.anonymised += other.anonymised
        self.lines += other.lines

    @property
    def skipped(self):
        return sum(1 for line in self.lines if line["kind"] == "skipped")

    @property
    def handled(self):
        return sum(self.reasons.values()) + self.skipped


class GdprPurgeEraser(models.AbstractModel):
    """How one batch of due prospects of one model is erased: a suppression
    entry and a "purged" evidence row for each (through their owners), what
    the database holds about them outside their record, then the record: a
    partner is deleted, or anonymised when a kept record points to it; a
    record of another model under the regime (a lead) is deleted."""

    _name = "gdpr.purge.eraser"
    _description = "GDPR erasure of a batch of prospects"

    def _erase_isolating(self, records, channel, stats):
        """Erase ``records`` all or nothing; on an error, split the batch in
        two and try each half, down to the record at fault, which is skipped."""
        if not records:
            return
        try:
            with self.env.cr.savepoint():
                done = self._erase(records, channel)
        except TRANSIENT_ERRORS:
            raise
        except Exception as error:  # noqa: BLE001 - any error isolates the record at fault
            if len(records) > 1:
                half = len(records) // 2
                self._erase_isolating(records[:half], channel, stats)
                self._erase_isolating(records[half:], channel, stats)
                return
            _logger.warning("GDPR purge: %s %s could not be erased: %s", records._name, records.id, error)
            reason = self.env["gdpr.purge.due"]._erasure_reasons(records).get(records.id, False)
            stats.lines.append(self._line(records, records.id, "skipped", reason, str(error)[:500]))
            return
        stats.merge(done)

    @api.model
    def _line(self, records, record_id, kind, reason, message):
        """Values of a purge run line about one record of ``records``' model."""
        is_partner = records._name == "res.partner"
        return {
            "res_model": records._name,
            "res_id": record_id,
            "partner_id": record_id if is_partner else False,
            "kind": kind,
            "reason": reason,
            "message": message,
        }

    @api.model
    def _identity_columns(self, records):
        """(email column, normalised email column or None, phone columns) of
        the model under the regime, as its mixin attributes name them."""
        normalized = records._fields.get("email_normalized")
        return (
            records._gdpr_email_field,
            "email_normalized" if normalized and normalized.store else None,
            tuple(records._gdpr_phone_fields),
        )

    def _erase(self, records, channel):
        """Erase the due prospects among ``records``: suppression entry (for
        objection, refusal, withdrawal, no consent), evidence, personal data
        held elsewhere, then the record. A constant number of queries."""
        stats = PurgeStats()
        # in the erasure's context, the checks of records it sets off
        # recomputing (a lead that pointed to an erased partner) stand aside
        records = records.sudo().with_context(active_test=False, gdpr_erasure=True)
        Due = self.env["gdpr.purge.due"]
        email_column, normalized_column, phone_columns = self._identity_columns(records)
        columns = (email_column, *([normalized_column] if normalized_column else []), *phone_columns)
        facts = Due._facts(records, records.ids, columns)
        reasons = Due._erasure_reasons(records, facts)
        for record_id in set(records.ids) - set(reasons):
            message = self.env._("Not due for erasure any more, or protected (user, company).")
            stats.lines.append(self._line(records, record_id, "skipped", False, message))
        due = records.browse([rid for rid in records.ids if rid in reasons])
        if not due:
            return stats
        people = {
            rid: {
                "email": values[email_column],
                "normalized": values[normalized_column]
                if normalized_column
                else tools.email_normalize(values[email_column]),
                "phones": [values[name] for name in phone_columns if values[name]],
            }
            for rid, values in ((rid, facts[rid]) for rid in due.ids)
        }
        # core's mailing blacklist keeps addresses in clear: its entries for
        # these people go; an active one (an opt-out) becomes a hashed objection
        emails = [person["normalized"] for person in people.values() if person["normalized"]]
        core_entries = self.env["mail.blacklist"].with_context(active_test=False).search([("email", "in", emails)])
        opted_out = set(core_entries.filtered("active").mapped("email"))
        Blacklist = self.env["gdpr.blacklist"].sudo()
        hashes = Blacklist._email_hashes_of({rid: (p["email"], p["normalized"]) for rid, p in people.items()})
        entries = []
        for record_id in due.ids:
            reason = reasons[record_id]
            stats.reasons[reason] += 1
            if reason in purge.SUPPRESSION_REASONS:
                entry_reason = purge.SUPPRESSION_REASONS[reason]
            elif people[record_id]["normalized"] in opted_out:
                entry_reason = purge.SUPPRESSION_REASONS[purge.OBJECTED]
            else:
                continue
            person = people[record_id]
            entries.append(
                {
                    "email": person["email"],
                    "email_hashes": hashes[record_id],
                    "phones": person["phones"],
                    "reason": entry_reason,
                }
            )
        Blacklist._add_erased(entries)
        core_entries.unlink()
        evidence = [
            {
                "res_id": rid,
                "email_hash": hashes[rid][0] or None,
                "company_id": facts[rid]["company_id"] or self.env.company.id,
                "note": reasons[rid],
            }
            for rid in due.ids
        ]
        if due._name == "res.partner":
            self._erase_partners(due, evidence, emails, reasons, channel, stats)
        else:
            self.env["gdpr.event"]._log_purged(evidence, channel, res_model=due._name)
            self.env["gdpr.request"].sudo()._forget_subjects(due._name, due.ids)
            self.env["gdpr.purge.scrubber"]._scrub_copies(self.env["res.partner"], emails)
            self.env["gdpr.event"]._hash_personal_texts_of(due.ids, res_model=due._name)
            due.unlink()
            stats.deleted += len(due)
        # recompute now, in the erasure's context, not at a later flush
        due.env.flush_all()
        return stats

    def _erase_partners(self, due, evidence, emails, reasons, channel, stats):
        """The partners' part of the erasure: evidence (linked to the partners
        that stay), what they left elsewhere, then delete or anonymise."""
        blockers = self._blockers(due.ids)
        for row in evidence:
            row.update(partner_id=row["res_id"] if row["res_id"] in blockers else None, partner_ref=row["res_id"])
        self.env["gdpr.event"]._log_purged(evidence, channel)
        self.env["gdpr.purge.scrubber"]._scrub(due, emails)
        to_anonymise = due.browse([pid for pid in due.ids if pid in blockers])
        to_delete = due - to_anonymise
        if to_anonymise:
            to_anonymise._gdpr_anonymise()
            self._erase_bank_accounts(to_anonymise)
            self.env.execute_query(
                SQL(
                    """UPDATE res_partner SET name = %(label)s || id, complete_name = %(label)s || id
                        WHERE id = ANY(%(ids)s)""",
                    label=self.env._("Erased prospect #"),
                    ids=to_anonymise.ids,
                )
            )
            to_anonymise.invalidate_recordset(["name", "complete_name", "display_name"])
            for partner_id in to_anonymise.ids:
                message = self.env._("Kept records point to it: %(models)s", models=", ".join(blockers[partner_id]))
                stats.lines.append(self._line(due, partner_id, "anonymised", reasons[partner_id], message))
        if to_delete:
            self.env["gdpr.event"]._unlink_partners(to_delete.ids)
            to_delete.unlink()
        stats.deleted += len(to_delete)
        stats.anonymised += len(to_anonymise)

    @api.model
    def _restrict_foreign_keys(self):
        """(table, column) of every foreign key that forbids deleting a
        partner still referred to (ON DELETE RESTRICT or NO ACTION)."""
        return self.env.execute_query(
            SQL(
                """SELECT cl.relname, a.attname
                     FROM pg_constraint c
                     JOIN pg_class cl ON cl.oid = c.conrelid
                     JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
                    WHERE c.contype = 'f' AND c.confrelid = 'res_partner'::regclass
                      AND c.confdeltype IN ('r', 'a')
                    ORDER BY cl.relname, a.attname"""
            )
        )

    @api.model
    def _blockers(self, partner_ids):
        """{partner id: [descriptions of the kept records that point to it]},
        in two queries whatever the number of partners."""
        foreign_keys = self._restrict_foreign_keys()
        if not foreign_keys or not partner_ids:
            return {}
        self.env.flush_all()
        rows = self.env.execute_query(
            SQL(" UNION ").join(
                SQL(
                    "SELECT %s, %s FROM %s WHERE %s = ANY(%s)",
                    table,
                    SQL.identifier(column),
                    SQL.identifier(table),
                    SQL.identifier(column),
                    list(partner_ids),
                )
                for table, column in foreign_keys
            )
        )
        labels = {model._table: model._description for model in self.env.registry.values() if not model._abstract}
        result = defaultdict(set)
        for table, partner_id in rows:
            result[partner_id].add(labels.get(table, table))
        return {partner_id: sorted(names) for partner_id, names in result.items()}

    @api.model
    def _erase_bank_accounts(self, partners):
        """Bank accounts of anonymised partners (deleted partners lose theirs
        by cascade): deleted, or, when a kept record (a payment) points to
        one, blanked and archived."""
        Account = self.env["res.partner.bank"].sudo().with_context(active_test=False)
        accounts = Account.search([("partner_id", "in", partners.ids)])
        if not accounts:
            return
        try:
            with self.env.cr.savepoint():
                accounts.unlink()
            return
        except Exception:  # noqa: BLE001 - some are kept: one at a time, below
            accounts = accounts.exists()
        for account in accounts:
            try:
                with self.env.cr.savepoint():
                    account.unlink()
            except Exception:  # noqa: BLE001 - referenced: blank it instead
                account.write(
                    {
                        "acc_number": self.env._("Erased account #%(id)s", id=account.id),
                        "acc_holder_name": False,
                        "active": False,
                    }
                )

    @api.model
    def _anonymised_values(self):
        """Values that blank a partner: every personal field the minimisation
        rule knows, every stored prospect field, out of the regime, archived."""
        Partner = self.env["res.partner"]
        vals = {"name": self.env._("Erased prospect"), "active": False, "gdpr_prospect_type": False}
        for name in minimisation.WATCHED_FIELDS:
            field = Partner._fields.get(name)
            # images are attachments, deleted with the others by _scrub (writing
            # them would resize the image fields one record at a time)
            if field and field.type not in ("one2many", "binary"):
                vals[name] = [Command.clear()] if field.type == "many2many" else False
        for name, field in Partner._fields.items():
            if (
                name.startswith("gdpr_")
                and field.store
                and field.type not in ("one2many", "many2many")
                and not (field.compute and field.readonly)
            ):
                vals[name] = False
        return vals
