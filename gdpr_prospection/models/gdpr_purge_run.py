import logging
from collections import Counter, defaultdict

from dateutil.relativedelta import relativedelta
from psycopg2 import errors as pg_errors

from odoo import Command, _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.osv import expression
from odoo.tools import SQL

from ..policy import identity, minimisation, purge, retention

_logger = logging.getLogger(__name__)

GDPR_DPO = "gdpr_prospection.group_gdpr_dpo"
BATCH_SIZE_PARAM = "gdpr_prospection.purge_batch_size"
DEFAULT_BATCH_SIZE = 1000

REASON_SELECTION = [
    (purge.OBJECTED, "Objected"),
    (purge.WITHDRAWN, "Consent withdrawn"),
    (purge.REFUSED, "Consent refused"),
    (purge.NO_CONSENT, "No consent in time"),
    (purge.RETENTION_EXPIRED, "Retention period over"),
]

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


class GdprPurgeRun(models.Model):
    """One run of the purge (the nightly job, or the DPO's manual purge of a
    selection): which prospects went and why, which were anonymised instead
    of deleted, which could not be erased. The erased people do not appear:
    only counts, and the ids of the anonymised or skipped partners."""

    _name = "gdpr.purge.run"
    _description = "GDPR purge run"
    _order = "date_start desc, id desc"

    date_start = fields.Datetime(string="Started", required=True, readonly=True, default=fields.Datetime.now)
    date_end = fields.Datetime(string="Finished", readonly=True)
    trigger = fields.Selection(
        [("cron", "Scheduled job"), ("manual", "Manual")], required=True, readonly=True, default="cron"
    )
    user_id = fields.Many2one("res.users", string="Run by", readonly=True, default=lambda self: self.env.user)
    state = fields.Selection(
        [("running", "Running"), ("done", "Done")], required=True, readonly=True, default="running"
    )
    due_count = fields.Integer(string="Due at start", readonly=True)
    objected_count = fields.Integer(string="Objected", readonly=True)
    withdrawn_count = fields.Integer(string="Consent withdrawn", readonly=True)
    refused_count = fields.Integer(string="Consent refused", readonly=True)
    no_consent_count = fields.Integer(string="No consent in time", readonly=True)
    retention_expired_count = fields.Integer(string="Retention period over", readonly=True)
    erased_count = fields.Integer(string="Erased", compute="_compute_erased_count")
    deleted_count = fields.Integer(string="Deleted", readonly=True)
    anonymised_count = fields.Integer(string="Anonymised", readonly=True, help="Kept records point to them.")
    skipped_count = fields.Integer(string="Skipped", readonly=True)
    suppression_expired_count = fields.Integer(string="Expired suppression entries removed", readonly=True)
    evidence_expired_count = fields.Integer(string="Expired evidence removed", readonly=True)
    housekeeping_done = fields.Boolean(
        readonly=True, help="Technical: expired suppression entries and evidence are all removed for this run."
    )
    resume_after_id = fields.Integer(readonly=True, help="Technical: the next batch starts after this partner id.")
    line_ids = fields.One2many("gdpr.purge.run.line", "run_id", string="Anonymised and skipped", readonly=True)

    @api.depends("deleted_count", "anonymised_count")
    def _compute_erased_count(self):
        for run in self:
            run.erased_count = run.deleted_count + run.anonymised_count

    def _compute_display_name(self):
        labels = dict(self._fields["trigger"]._description_selection(self.env))
        for run in self:
            run.display_name = _(
                "%(trigger)s purge of %(date)s",
                trigger=labels.get(run.trigger, ""),
                date=fields.Datetime.to_string(run.date_start),
            )

    # --- entry points ---

    @api.model
    def _cron_purge(self):
        """One batch of the nightly purge. The scheduler commits after each
        call and calls again while ``remaining`` is not zero; a call that dies
        leaves nothing half done (its transaction is rolled back) and the next
        one goes on with the same run."""
        Run = self.sudo()
        run = Run.search([("trigger", "=", "cron"), ("state", "=", "running")], order="id", limit=1)
        if not run:
            run = Run.create({"trigger": "cron", "due_count": self._count_due()})
        done, remaining = run._step(self._batch_size(), "cron", housekeeping=True)
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)
        return run

    @api.model
    def _purge_selection(self, partners, channel="manual"):
        """Purge now the due prospects among ``partners`` (the others stay),
        with the rules of the nightly job; return the run."""
        if not (self.env.su or self.env.user.has_group(GDPR_DPO)):
            raise AccessError(_("Only the data protection officer runs the purge."))
        ids = partners.ids
        run = self.sudo().create({"trigger": "manual", "due_count": self._count_due(ids)})
        batch_size = self._batch_size()
        remaining = 1
        while remaining:
            __, remaining = run._step(batch_size, channel, partner_ids=ids)
            self.env.invalidate_all()
        return run

    # --- what is due ---

    @api.model
    def _batch_size(self):
        value = self.env["ir.config_parameter"].sudo().get_param(BATCH_SIZE_PARAM, DEFAULT_BATCH_SIZE)
        try:
            return max(int(value), 1)
        except (TypeError, ValueError):
            return DEFAULT_BATCH_SIZE

    @api.model
    def _company_delays(self):
        companies = self.env["res.company"].sudo().search([])
        current = self.env.company
        return [(c.id, c.gdpr_consent_delay_days, c.gdpr_notice_delay_days) for c in companies] + [
            (False, current.gdpr_consent_delay_days, current.gdpr_notice_delay_days)
        ]

    @api.model
    def _guard_domain(self):
        """Never touched: non-prospects (converted ones included), companies,
        partners of users (archived too) and the companies' own partners."""
        return [
            ("gdpr_prospect_type", "!=", False),
            ("is_company", "=", False),
            ("id", "not in", SQL("(SELECT partner_id FROM res_users)")),
            ("id", "not in", SQL("(SELECT partner_id FROM res_company)")),
        ]

    @api.model
    def _reason_domains(self):
        today = fields.Date.context_today(self)
        return purge.reason_domains(today, fields.Datetime.now(), self._company_delays())

    @api.model
    def _due_domain(self):
        return expression.AND([self._guard_domain(), expression.OR(list(self._reason_domains().values()))])

    @api.model
    def _count_due(self, partner_ids=None):
        domain = self._due_domain()
        if partner_ids is not None:
            domain = expression.AND([domain, [("id", "in", partner_ids)]])
        return self.env["res.partner"].sudo().with_context(active_test=False).search_count(domain)

    @api.model
    def _erasure_reason_domain(self, operator, value):
        """Domain for searching ``gdpr_erasure_reason``: each reason excludes
        the prospects that a reason of higher priority already claims."""
        if operator not in ("=", "!=", "in", "not in"):
            raise UserError(_("Unsupported search on the erasure reason: %(operator)s", operator=operator))
        values = list(value) if operator in ("in", "not in") else [value]
        Partner = self.env["res.partner"].sudo().with_context(active_test=False)
        conditions = self._reason_domains()
        guard = self._guard_domain()
        parts = []
        for index, reason in enumerate(purge.REASONS):
            if reason not in values:
                continue
            higher = [[("id", "not in", Partner._search(conditions[h]))] for h in purge.REASONS[:index]]
            parts.append(expression.AND([guard, conditions[reason], *higher]))
        if any(not v for v in values):
            parts.append([("id", "not in", Partner._search(self._due_domain()))])
        domain = expression.OR(parts) if parts else expression.FALSE_DOMAIN
        if operator in ("=", "in"):
            return domain
        return [("id", "not in", Partner._search(domain))]

    @api.model
    def _protected_ids(self, partner_ids):
        """Partners of users (archived ones too) and of companies: one query."""
        if not partner_ids:
            return set()
        rows = self.env.execute_query(
            SQL(
                """SELECT partner_id FROM res_users WHERE partner_id = ANY(%(ids)s)
                    UNION SELECT partner_id FROM res_company WHERE partner_id = ANY(%(ids)s)""",
                ids=list(partner_ids),
            )
        )
        return {row[0] for row in rows}

    @api.model
    def _purge_facts(self, partner_ids):
        """{partner id: {column: value}}: what the purge reads of each
        partner, in one query (the ORM would fetch every column of
        res_partner, and read them field by field)."""
        columns = ("is_company", "company_id", "email", "email_normalized", "phone", "mobile", *purge.VALUE_FIELDS)
        if not partner_ids:
            return {}
        self.env["res.partner"].flush_model(columns)
        rows = self.env.execute_query_dict(
            SQL(
                "SELECT id, %s FROM res_partner WHERE id = ANY(%s)",
                SQL(", ").join(SQL.identifier(column) for column in columns),
                list(partner_ids),
            )
        )
        return {row["id"]: row for row in rows}

    @api.model
    def _erasure_reasons(self, partners, facts=None):
        """{partner id: reason} for the partners due for erasure now, checked
        in Python (the second guard, after the database selection)."""
        real_ids = [pid for pid in partners._ids if isinstance(pid, int)]
        if not real_ids:
            return {}
        if facts is None:
            facts = self._purge_facts(real_ids)
        protected = self._protected_ids(real_ids)
        delays = {company_id: (consent, notice) for company_id, consent, notice in self._company_delays()}
        today = fields.Date.context_today(self)
        now = fields.Datetime.now()
        result = {}
        for partner_id in real_ids:
            values = facts.get(partner_id)
            if not values or partner_id in protected or values["is_company"] or not values["gdpr_prospect_type"]:
                continue
            consent_delay, notice_delay = delays.get(values["company_id"]) or delays[False]
            reason = purge.erasure_reason(values, today, now, consent_delay, notice_delay)
            if reason:
                result[partner_id] = reason
        return result

    # --- one step of a run ---

    def _step(self, batch_size, channel, housekeeping=False, partner_ids=None):
        """Expire old suppression entries and evidence (bounded, until none
        is left for this run), then lock and erase one batch of due
        prospects. Return (done, remaining).

        Batches walk the partners by id from where the previous one stopped
        (``resume_after_id``), so that each costs the same however many
        prospects lie behind; at the end, one look back catches the ones that
        became due behind the walk, and sends the run round again if any."""
        self.ensure_one()
        housekeeping = housekeeping and not self.housekeeping_done
        expired = self._expire_suppression(batch_size) if housekeeping else 0
        old_events = self._expire_evidence(batch_size) if housekeeping else 0
        ids = self._lock_due(batch_size + 1, partner_ids, after_id=self.resume_after_id)
        more = len(ids) > batch_size
        ids = ids[:batch_size]
        stats = PurgeStats()
        self._erase_isolating(self.env["res.partner"].browse(ids), channel, stats)
        resume_after_id = ids[-1] if more else 0
        if not more and self.resume_after_id and self._lock_due(1, partner_ids, upto_id=self.resume_after_id):
            more = True  # due behind the walk: go round again from the start
        housekeeping_more = expired >= batch_size or old_events >= batch_size
        self._record(stats, expired, old_events, resume_after_id, housekeeping and not housekeeping_more)
        remaining = max(self.due_count - self._processed(), 1) if more else 0
        if housekeeping_more:
            remaining = max(remaining, 1)
        if not remaining:
            self.write({"state": "done", "date_end": fields.Datetime.now()})
        return stats.handled + expired + old_events, remaining

    def _processed(self):
        return (
            self.objected_count
            + self.withdrawn_count
            + self.refused_count
            + self.no_consent_count
            + self.retention_expired_count
            + self.skipped_count
        )

    def _lock_due(self, limit, partner_ids=None, after_id=0, upto_id=None):
        """Ids of due prospects (above ``after_id``, up to ``upto_id``), locked
        for this transaction; rows another run holds are skipped, and so are
        those this run could not erase."""
        self.env.flush_all()
        domain = expression.AND(
            [
                self._due_domain(),
                [
                    (
                        "id",
                        "not in",
                        SQL(
                            """(SELECT partner_id FROM gdpr_purge_run_line
                                 WHERE run_id = %s AND kind = 'skipped' AND partner_id IS NOT NULL)""",
                            self.id,
                        ),
                    )
                ],
            ]
        )
        if partner_ids is not None:
            domain = expression.AND([domain, [("id", "in", partner_ids)]])
        if after_id:
            domain = expression.AND([domain, [("id", ">", after_id)]])
        if upto_id:
            domain = expression.AND([domain, [("id", "<=", upto_id)]])
        query = self.env["res.partner"].sudo().with_context(active_test=False)._search(domain, order="id", limit=limit)
        rows = self.env.execute_query(
            SQL("%s FOR UPDATE OF %s SKIP LOCKED", query.select(), SQL.identifier(query.table))
        )
        return [row[0] for row in rows]

    def _erase_isolating(self, partners, channel, stats):
        """Erase ``partners`` all or nothing; on an error, split the batch in
        two and try each half, down to the record at fault, which is skipped."""
        if not partners:
            return
        try:
            with self.env.cr.savepoint():
                done = self._erase(partners, channel)
        except TRANSIENT_ERRORS:
            raise
        except Exception as error:  # noqa: BLE001 - any error isolates the record at fault
            if len(partners) > 1:
                half = len(partners) // 2
                self._erase_isolating(partners[:half], channel, stats)
                self._erase_isolating(partners[half:], channel, stats)
                return
            _logger.warning("GDPR purge: partner %s could not be erased: %s", partners.id, error)
            reason = self._erasure_reasons(partners).get(partners.id, False)
            stats.lines.append(
                {"partner_id": partners.id, "kind": "skipped", "reason": reason, "message": str(error)[:500]}
            )
            return
        stats.merge(done)

    def _erase(self, partners, channel):
        """Erase the due prospects among ``partners``: suppression entry (for
        objection, refusal, withdrawal, no consent), evidence, personal data
        held elsewhere, then the partner itself (deleted, or anonymised when
        a kept record points to it). A constant number of queries."""
        stats = PurgeStats()
        partners = partners.sudo().with_context(active_test=False)
        facts = self._purge_facts(partners.ids)
        reasons = self._erasure_reasons(partners, facts)
        for partner_id in set(partners.ids) - set(reasons):
            stats.lines.append(
                {
                    "partner_id": partner_id,
                    "kind": "skipped",
                    "reason": False,
                    "message": _("Not due for erasure any more, or protected (user, company)."),
                }
            )
        due = partners.browse([pid for pid in partners.ids if pid in reasons])
        if not due:
            return stats
        by_reason = defaultdict(list)
        # core's mailing blacklist keeps addresses in clear: its entries for
        # these people go; an active one (an opt-out) becomes a hashed objection
        emails = [facts[pid]["email_normalized"] for pid in due.ids if facts[pid]["email_normalized"]]
        core_entries = self.env["mail.blacklist"].with_context(active_test=False).search([("email", "in", emails)])
        opted_out = set(core_entries.filtered("active").mapped("email"))
        for partner in due:
            by_reason[reasons[partner.id]].append(partner.id)
        hashes = self._email_hashes(due.ids, facts)
        entry_reasons = {}
        for reason in purge.REASONS:
            group_ids = by_reason.get(reason, [])
            for partner_id in group_ids:
                if reason in purge.SUPPRESSION_REASONS:
                    entry_reasons[partner_id] = purge.SUPPRESSION_REASONS[reason]
                elif facts[partner_id]["email_normalized"] in opted_out:
                    entry_reasons[partner_id] = purge.SUPPRESSION_REASONS[purge.OBJECTED]
            stats.reasons[reason] += len(group_ids)
        self._suppress(entry_reasons, facts, hashes)
        core_entries.unlink()
        blockers = self._blockers(due.ids)
        self._log_purged(due.ids, facts, hashes, reasons, channel, kept_ids=set(blockers))
        self._scrub(due, emails)
        to_anonymise = due.browse([pid for pid in due.ids if pid in blockers])
        to_delete = due - to_anonymise
        if to_anonymise:
            to_anonymise._gdpr_anonymise()
            self._erase_bank_accounts(to_anonymise)
            self.env.execute_query(
                SQL(
                    """UPDATE res_partner SET name = %(label)s || id, complete_name = %(label)s || id
                        WHERE id = ANY(%(ids)s)""",
                    label=_("Erased prospect #"),
                    ids=to_anonymise.ids,
                )
            )
            to_anonymise.invalidate_recordset(["name", "complete_name", "display_name"])
            for partner_id in to_anonymise.ids:
                stats.lines.append(
                    {
                        "partner_id": partner_id,
                        "kind": "anonymised",
                        "reason": reasons[partner_id],
                        "message": _("Kept records point to it: %(models)s", models=", ".join(blockers[partner_id])),
                    }
                )
        if to_delete:
            # what the foreign key's ON DELETE SET NULL would do row by row
            # (the evidence keeps partner_ref), in one statement
            self.env.execute_query(
                SQL("UPDATE gdpr_event SET partner_id = NULL WHERE partner_id = ANY(%s)", to_delete.ids)
            )
            self.env["gdpr.event"].invalidate_model(["partner_id"])
            to_delete.unlink()
        stats.deleted += len(to_delete)
        stats.anonymised += len(to_anonymise)
        return stats

    @api.model
    def _email_hashes(self, partner_ids, facts):
        """{partner id: (email hash, match hash)}, the same as the suppression
        list and the evidence log compute, with the key read once. The
        address Odoo already normalised is used when it is the whole field."""
        key = self.env["gdpr.blacklist"].sudo()._hash_key()
        result = {}
        for partner_id in partner_ids:
            email, normalized = facts[partner_id]["email"], facts[partner_id]["email_normalized"]
            if normalized and email and email.strip().lower() == normalized:
                result[partner_id] = (
                    identity.keyed_hash(key, normalized),
                    identity.keyed_hash(key, identity.email_match_key(normalized)),
                )
            else:
                result[partner_id] = identity.email_hashes(key, email)
        return result

    @api.model
    def _suppress(self, entry_reasons, facts, hashes):
        """Put the partners on the suppression list, each with its reason
        (``entry_reasons``: {partner id: reason}). New people are inserted in
        one statement; the few the list already knows (an objection recorded
        earlier, an archived entry) go through ``gdpr.blacklist._add``, which
        merges and reactivates."""
        if not entry_reasons:
            return
        Blacklist = self.env["gdpr.blacklist"].sudo()
        key = Blacklist._hash_key()
        region = Blacklist._phone_region()
        wanted = []
        for partner_id, reason in entry_reasons.items():
            email_hash, match_hash = hashes[partner_id]
            values = dict(facts[partner_id], entry_reason=reason)
            phones = [p for p in (values["phone"], values["mobile"]) if p]
            phone_hashes = [identity.phone_hash(key, phone, region) for phone in phones]
            wanted.append((values, email_hash, match_hash, [h for h in phone_hashes if h]))
        email_keys = [w[1] for w in wanted if w[1]]
        phone_keys = [h for w in wanted for h in w[3]]
        Blacklist.flush_model()
        known = self.env.execute_query(
            SQL(
                "SELECT email_hash, phone_hash FROM gdpr_blacklist WHERE email_hash = ANY(%s) OR phone_hash = ANY(%s)",
                email_keys,
                phone_keys,
            )
        )
        known_keys = {value for row in known for value in row if value}
        rows, merge, seen = [], [], set()
        for values, email_hash, match_hash, phone_hashes in wanted:
            if not email_hash and not phone_hashes:
                continue
            if email_hash in known_keys or known_keys.intersection(phone_hashes) or len(phone_hashes) > 1:
                merge.append(values)
                continue
            ident = email_hash or phone_hashes[0]
            if ident in seen or seen.intersection(phone_hashes):
                continue
            seen.update([ident, *phone_hashes])
            rows.append(
                (
                    email_hash or None,
                    match_hash or None,
                    phone_hashes[0] if phone_hashes else None,
                    values["entry_reason"],
                )
            )
        identities = defaultdict(list)
        for values in merge:
            identities[values["entry_reason"]].append((values["email"], values["phone"] or values["mobile"]))
            if values["phone"] and values["mobile"]:
                identities[values["entry_reason"]].append((False, values["mobile"]))
        for reason, pairs in identities.items():
            Blacklist._add(pairs, reason)
        if rows:
            now = fields.Datetime.now()
            expires_on = retention.add_months(fields.Date.context_today(self), self.env.company.gdpr_suppression_months)
            email_hashes, match_hashes, phone_hashes, reasons = (list(column) for column in zip(*rows, strict=True))
            self.env.execute_query(
                SQL(
                    """INSERT INTO gdpr_blacklist (email_hash, email_match_hash, phone_hash, reason, date, expires_on,
                                                   active, create_uid, create_date, write_uid, write_date)
                       SELECT u.email_hash, u.match_hash, u.phone_hash, u.reason, %(now)s, %(expires_on)s,
                              TRUE, %(uid)s, %(now)s, %(uid)s, %(now)s
                         FROM unnest(%(email_hashes)s::varchar[], %(match_hashes)s::varchar[],
                                     %(phone_hashes)s::varchar[], %(reasons)s::varchar[])
                              AS u(email_hash, match_hash, phone_hash, reason)
                       ON CONFLICT DO NOTHING""",
                    reasons=reasons,
                    now=now,
                    expires_on=expires_on,
                    uid=self.env.uid,
                    email_hashes=email_hashes,
                    match_hashes=match_hashes,
                    phone_hashes=phone_hashes,
                )
            )
            Blacklist.invalidate_model()

    @api.model
    def _log_purged(self, partner_ids, facts, hashes, reasons, channel, kept_ids=()):
        """One "purged" evidence row per partner, keyed by the hash of its
        address, with the reason as note: one INSERT for the batch (what
        ``gdpr.event._log`` writes, without the ORM's cost per row). Only
        the partners in ``kept_ids`` (anonymised) stay linked; the others are
        about to be deleted, and ``partner_ref`` keeps their id."""
        Event = self.env["gdpr.event"]
        if channel not in dict(Event._fields["channel"].selection):
            raise UserError(_("Unknown evidence channel: %(channel)s", channel=channel))
        with_ref = "partner_ref" in Event._fields
        Event.flush_model()
        self.env.execute_query(
            SQL(
                """INSERT INTO gdpr_event (event_type, date, channel, user_id, partner_id, %(ref_column)s email_hash,
                                           company_id, note, create_uid, create_date, write_uid, write_date)
                   SELECT 'purged', %(now)s, %(channel)s, %(uid)s, u.partner_id, %(ref_value)s u.email_hash,
                          u.company_id, u.note, %(uid)s, %(now)s, %(uid)s, %(now)s
                     FROM unnest(%(partner_ids)s::int[], %(partner_refs)s::int[], %(email_hashes)s::varchar[],
                                 %(company_ids)s::int[], %(notes)s::varchar[])
                          AS u(partner_id, partner_ref, email_hash, company_id, note)""",
                ref_column=SQL("partner_ref,") if with_ref else SQL(""),
                ref_value=SQL("u.partner_ref,") if with_ref else SQL(""),
                now=fields.Datetime.now(),
                channel=channel,
                uid=self.env.uid,
                partner_ids=[pid if pid in kept_ids or not with_ref else None for pid in partner_ids],
                partner_refs=list(partner_ids),
                email_hashes=[hashes[pid][0] or None for pid in partner_ids],
                company_ids=[facts[pid]["company_id"] or self.env.company.id for pid in partner_ids],
                notes=[reasons[pid] for pid in partner_ids],
            )
        )
        Event.invalidate_model()

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
    def _scrub(self, partners, emails):
        """Delete what the database holds about ``partners`` outside their
        record: chatter on them and by them, mails and notifications to them,
        followers, activities, attachments, reactions, the names that
        tracking values kept, mailing traces and SMS when those apps exist."""
        ids = partners.ids
        emails = [email for email in emails if email]
        env = self.env
        env.flush_all()
        # mails whose recipient they are (the notices name them), by partner or
        # by an address of the recipient field (hashed lookups: bounded per batch)
        mail_ids = [
            row[0]
            for row in env.execute_query(
                SQL(
                    """SELECT r.mail_mail_id FROM mail_mail_res_partner_rel r WHERE r.res_partner_id = ANY(%(ids)s)
                        UNION
                       SELECT m.id FROM mail_mail m,
                              LATERAL regexp_matches(lower(m.email_to), %(pattern)s, 'g') AS found(address)
                        WHERE m.email_to IS NOT NULL
                          AND found.address[1] IN (SELECT unnest(%(emails)s::varchar[]))""",
                    ids=ids,
                    emails=emails,
                    pattern=r'([^\s<>,;:"]+@[^\s<>,;:"]+)',
                )
            )
        ]
        env["mail.mail"].sudo().browse(mail_ids).unlink()
        env["mail.message"].sudo().search(
            ["|", "&", ("model", "=", "res.partner"), ("res_id", "in", ids), ("author_id", "in", ids)]
        ).unlink()
        env.flush_all()
        env.execute_query(
            SQL(
                """DELETE FROM mail_notification WHERE res_partner_id = ANY(%(ids)s);
                   DELETE FROM mail_message_res_partner_rel WHERE res_partner_id = ANY(%(ids)s);
                   DELETE FROM mail_message_res_partner_starred_rel WHERE res_partner_id = ANY(%(ids)s);
                   DELETE FROM mail_mail_res_partner_rel WHERE res_partner_id = ANY(%(ids)s);
                   DELETE FROM mail_message_reaction WHERE partner_id = ANY(%(ids)s);
                   UPDATE mail_tracking_value
                      SET old_value_char = CASE WHEN old_value_integer = ANY(%(ids)s) THEN %(label)s
                                                ELSE old_value_char END,
                          new_value_char = CASE WHEN new_value_integer = ANY(%(ids)s) THEN %(label)s
                                                ELSE new_value_char END
                    WHERE field_id IN (SELECT id FROM ir_model_fields
                                        WHERE relation = 'res.partner' AND ttype = 'many2one')
                      AND (old_value_integer = ANY(%(ids)s) OR new_value_integer = ANY(%(ids)s));""",
                ids=ids,
                label=_("Erased prospect"),
            )
        )
        for model_name in ("mail.message", "mail.notification", "mail.mail", "mail.tracking.value"):
            env[model_name].invalidate_model()
        if "mail.message.reaction" in env:
            env["mail.message.reaction"].invalidate_model()
        env["mail.followers"].sudo().search(
            ["|", ("partner_id", "in", ids), "&", ("res_model", "=", "res.partner"), ("res_id", "in", ids)]
        ).unlink()
        env["mail.activity"].sudo().search([("res_model", "=", "res.partner"), ("res_id", "in", ids)]).unlink()
        attachment_ids = [
            row[0]
            for row in env.execute_query(
                SQL("SELECT id FROM ir_attachment WHERE res_model = 'res.partner' AND res_id = ANY(%s)", ids)
            )
        ]
        env["ir.attachment"].sudo().browse(attachment_ids).unlink()
        env["gdpr.event"].sudo()._hash_ips_of(ids)
        partners.invalidate_recordset([name for name, field in partners._fields.items() if field.type == "binary"])
        if "mailing.trace" in env:
            env["mailing.trace"].sudo().search(
                ["|", "&", ("model", "=", "res.partner"), ("res_id", "in", ids), ("email", "in", emails)]
            ).unlink()
        if "sms.sms" in env:
            env["sms.sms"].sudo().search([("partner_id", "in", ids)]).unlink()

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
                        "acc_number": _("Erased account #%(id)s", id=account.id),
                        "acc_holder_name": False,
                        "active": False,
                    }
                )

    @api.model
    def _anonymised_values(self):
        """Values that blank a partner: every personal field the minimisation
        rule knows, every stored prospect field, out of the regime, archived."""
        Partner = self.env["res.partner"]
        vals = {"name": _("Erased prospect"), "active": False, "gdpr_prospect_type": False}
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

    # --- housekeeping ---

    def _expire_suppression(self, limit):
        """Suppression entries past their own retention (bounded)."""
        today = fields.Date.context_today(self)
        entries = (
            self.env["gdpr.blacklist"]
            .sudo()
            .with_context(active_test=False)
            .search([("expires_on", "<", today)], limit=limit, order="id")
        )
        entries.unlink()
        return len(entries)

    def _expire_evidence(self, limit):
        """Evidence older than its company's evidence retention (bounded)."""
        now = fields.Datetime.now()
        companies = self.env["res.company"].sudo().search([])
        domain = expression.OR(
            [
                [
                    ("company_id", "=", company.id),
                    ("date", "<", now - relativedelta(months=company.gdpr_evidence_months)),
                ]
                for company in companies
            ]
        )
        events = self.env["gdpr.event"].sudo().search(domain, limit=limit, order="id")
        events.with_context(gdpr_evidence_expiry=True).unlink()
        return len(events)

    def _record(self, stats, expired=0, old_events=0, resume_after_id=0, housekeeping_done=False):
        self.ensure_one()
        vals = {f"{reason}_count": self[f"{reason}_count"] + count for reason, count in stats.reasons.items() if count}
        vals.update(
            deleted_count=self.deleted_count + stats.deleted,
            anonymised_count=self.anonymised_count + stats.anonymised,
            skipped_count=self.skipped_count + stats.skipped,
            suppression_expired_count=self.suppression_expired_count + expired,
            evidence_expired_count=self.evidence_expired_count + old_events,
            resume_after_id=resume_after_id,
        )
        if housekeeping_done:
            vals["housekeeping_done"] = True
        self.write(vals)
        if stats.lines:
            self.env["gdpr.purge.run.line"].sudo().create([dict(line, run_id=self.id) for line in stats.lines])
