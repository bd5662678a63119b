import logging
from collections import Counter

from psycopg2 import errors as pg_errors

from odoo import api, models, tools

from ..policy import purge

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

    def _erase_isolating(self, records, channel, stats, facts=None):
        """Erase ``records`` all or nothing; on an error, split the batch in
        two and try each half, down to the record at fault, which is skipped.
        ``facts``: what ``_fact_columns`` names, read when the batch was
        locked (read here when not given)."""
        if not records:
            return
        try:
            with self.env.cr.savepoint():
                done = self._erase(records, channel, facts)
        except TRANSIENT_ERRORS:
            raise
        except Exception as error:  # noqa: BLE001 - any error isolates the record at fault
            if len(records) > 1:
                half = len(records) // 2
                self._erase_isolating(records[:half], channel, stats, facts)
                self._erase_isolating(records[half:], channel, stats, facts)
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

    @api.model
    def _fact_columns(self, model):
        """The columns the erasure reads of each record of ``model``: the
        purge's facts and the person's address and numbers."""
        email_column, normalized_column, phone_columns = self._identity_columns(model)
        person = (email_column, *([normalized_column] if normalized_column else []), *phone_columns)
        return self.env["gdpr.purge.due"]._fact_columns(model, person)

    def _erase(self, records, channel, facts=None):
        """Erase the due prospects among ``records``: suppression entry (for
        objection, refusal, withdrawal, no consent), evidence, personal data
        held elsewhere, then the record. A constant number of queries.
        ``facts``: as ``_erase_isolating`` takes them."""
        stats = PurgeStats()
        # in the erasure's context, the checks of records it sets off
        # recomputing (a lead that pointed to an erased partner) stand aside
        records = records.sudo().with_context(active_test=False, gdpr_erasure=True)
        Due = self.env["gdpr.purge.due"]
        email_column, normalized_column, phone_columns = self._identity_columns(records)
        if facts is None:
            facts = Due._facts(records, records.ids, self._fact_columns(records))
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
