import secrets
from collections import defaultdict

from odoo import api, fields, models
from odoo.tools import SQL

from ..policy import identity, retention

HASH_KEY_PARAM = "gdpr_prospection.hash_key"


class GdprBlacklist(models.Model):
    """The suppression list ("liste repoussoir"): just enough to recognise a
    person who must never be prospected again, and nothing in clear."""

    _name = "gdpr.blacklist"
    _description = "Suppression list entry"
    _order = "date desc, id desc"
    _rec_name = "reason"

    email_hash = fields.Char(readonly=True, copy=False)
    email_match_hash = fields.Char(readonly=True, copy=False, index="btree_not_null")
    phone_hash = fields.Char(readonly=True, copy=False)
    reason = fields.Selection(
        [
            ("objection", "Objection"),
            ("consent_refused", "Consent refused"),
            ("consent_withdrawn", "Consent withdrawn"),
            ("no_consent", "No answer to the consent request"),
            ("erasure_request", "Erasure request"),
            ("manual", "Manual"),
        ],
        required=True,
        readonly=True,
    )
    date = fields.Datetime(required=True, readonly=True, default=fields.Datetime.now)
    expires_on = fields.Date(
        index=True,
        required=True,
        readonly=True,
        help="The entry is kept at least 3 years from the objection (CNIL).",
    )
    note = fields.Char(help="Never write the person's name or address here.")
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("email_hash_unique", "UNIQUE(email_hash)", "This address is already on the suppression list."),
        ("phone_hash_unique", "UNIQUE(phone_hash)", "This phone number is already on the suppression list."),
        (
            "identity_required",
            "CHECK(email_hash IS NOT NULL OR phone_hash IS NOT NULL)",
            "A suppression entry needs an address or a phone number.",
        ),
    ]

    @api.model_create_multi
    def create(self, vals_list):
        expires_on = self._expiry_date()
        for vals in vals_list:
            vals.setdefault("expires_on", expires_on)
        return super().create(vals_list)

    @api.model
    def _expiry_date(self):
        """When an entry made today expires: the company's suppression period."""
        return retention.add_months(fields.Date.context_today(self), self.env.company.gdpr_suppression_months)

    @api.model
    def _hash_key(self):
        """The HMAC key, kept in the database and created on first use."""
        params = self.env["ir.config_parameter"].sudo()
        key = params.get_param(HASH_KEY_PARAM)
        if not key:
            key = secrets.token_hex(32)
            params.set_param(HASH_KEY_PARAM, key)
        return key

    @api.model
    def _phone_region(self):
        return self.env.company.country_id.code or "FR"

    @api.model
    def _identity_hashes(self, email=None, phone=None):
        """Hashes of one person: {'email_hash', 'email_match_hash', 'phone_hash'}."""
        key = self._hash_key()
        exact, match = identity.email_hashes(key, email)
        return {
            "email_hash": exact,
            "email_match_hash": match,
            "phone_hash": identity.phone_hash(key, phone, self._phone_region()),
        }

    @api.model
    def _screen(self, emails=(), phones=()):
        """Return the subset of ``emails`` and ``phones`` that the list
        recognises, in one query whatever their number."""
        key = self._hash_key()
        region = self._phone_region()
        email_keys = {email: identity.email_hashes(key, email) for email in set(emails) if email}
        phone_keys = {phone: identity.phone_hash(key, phone, region) for phone in set(phones) if phone}
        exact = [h for h, __ in email_keys.values() if h]
        loose = [m for __, m in email_keys.values() if m]
        phone_hashes = [h for h in phone_keys.values() if h]
        if not (exact or loose or phone_hashes):
            return set()
        self.flush_model(["email_hash", "email_match_hash", "phone_hash", "active"])
        # one index probe per key (LIMIT keeps each lookup a probe): the cost
        # follows the number of keys, never the size of the list
        lookups = [
            SQL(
                """SELECT %s, k.h FROM unnest(%s::varchar[]) AS k(h),
                          LATERAL (SELECT 1 FROM gdpr_blacklist b WHERE b.%s = k.h AND b.active LIMIT 1) AS hit""",
                kind,
                keys,
                SQL.identifier(column),
            )
            for kind, column, keys in (
                ("exact", "email_hash", exact),
                ("loose", "email_match_hash", loose),
                ("phone", "phone_hash", phone_hashes),
            )
            if keys
        ]
        found = {"exact": set(), "loose": set(), "phone": set()}
        for kind, key in self.env.execute_query(SQL(" UNION ALL ").join(lookups)):
            found[kind].add(key)
        hits = {e for e, (h, m) in email_keys.items() if h in found["exact"] or m in found["loose"]}
        hits |= {p for p, h in phone_keys.items() if h in found["phone"]}
        return hits

    @api.model
    def _add(self, identities, reason, note=False):
        """Put people on the list; ``identities`` is an iterable of
        (email, phone) pairs. Idempotent: a known person is not added twice,
        and an archived entry of theirs comes back into force."""
        wanted = []
        for email, phone in identities:
            hashes = self._identity_hashes(email, phone)
            if hashes["email_hash"] or hashes["phone_hash"]:
                wanted.append(hashes)
        if not wanted:
            return self.browse()
        email_hashes = [w["email_hash"] for w in wanted if w["email_hash"]]
        phone_hashes = [w["phone_hash"] for w in wanted if w["phone_hash"]]
        existing = self.with_context(active_test=False).search(
            ["|", ("email_hash", "in", email_hashes), ("phone_hash", "in", phone_hashes)]
        )
        known_emails = {e.email_hash: e for e in existing if e.email_hash}
        known_phones = {e.phone_hash: e for e in existing if e.phone_hash}
        to_create, seen = [], set()
        for hashes in wanted:
            entry = known_emails.get(hashes["email_hash"]) or known_phones.get(hashes["phone_hash"])
            if entry:
                if not entry.email_hash and hashes["email_hash"] and hashes["email_hash"] not in known_emails:
                    entry.write({k: hashes[k] for k in ("email_hash", "email_match_hash")})
                if not entry.phone_hash and hashes["phone_hash"] and hashes["phone_hash"] not in known_phones:
                    entry.phone_hash = hashes["phone_hash"]
                continue
            ident = (hashes["email_hash"], hashes["phone_hash"])
            if ident in seen:
                continue
            seen.add(ident)
            to_create.append(dict(hashes, reason=reason, note=note))
        existing.filtered(lambda e: not e.active).write({"active": True, "reason": reason})
        return existing | self.create(to_create)

    @api.model
    def _email_hashes_of(self, addresses):
        """{key: (email hash, match hash)} for ``addresses``, {key: (email,
        email_normalized)}, the same hashes as ``_identity_hashes`` with the
        key read once. The address Odoo already normalised is used when it is
        the whole field."""
        key = self._hash_key()
        result = {}
        for ref, (email, normalized) in addresses.items():
            if normalized and email and email.strip().lower() == normalized:
                result[ref] = (
                    identity.keyed_hash(key, normalized),
                    identity.keyed_hash(key, identity.email_match_key(normalized)),
                )
            else:
                result[ref] = identity.email_hashes(key, email)
        return result

    @api.model
    def _add_erased(self, people):
        """Put erased people on the list, each with its reason. ``people``:
        dicts with ``email``, ``email_hashes`` (from ``_email_hashes_of``),
        ``phones`` and ``reason``. New people are inserted in one statement
        (the purge's batches are large); the few the list already knows (an
        objection recorded earlier, an archived entry) go through ``_add``,
        which merges and reactivates."""
        if not people:
            return
        key = self._hash_key()
        region = self._phone_region()
        wanted = []
        for person in people:
            phone_hashes = [identity.phone_hash(key, phone, region) for phone in person["phones"]]
            wanted.append((person, *person["email_hashes"], [h for h in phone_hashes if h]))
        rows, merge, seen = [], defaultdict(list), set()
        for person, email_hash, match_hash, phone_hashes in wanted:
            if not email_hash and not phone_hashes:
                continue
            if len(phone_hashes) > 1:
                merge[person["reason"]] += self._identities_of(person)
                continue
            ident = email_hash or phone_hashes[0]
            if ident in seen or seen.intersection(phone_hashes):
                continue
            seen.update([ident, *phone_hashes])
            rows.append((email_hash or None, match_hash or None, phone_hashes[0] if phone_hashes else None, person))
        if rows:
            self.flush_model()
            inserted = self._insert_erased(rows)
            for email_hash, __, phone_hash, person in rows:
                if (email_hash, phone_hash) not in inserted:
                    # already known (an objection recorded earlier, an archived entry)
                    merge[person["reason"]] += self._identities_of(person)
        for reason, identities in merge.items():
            self._add(identities, reason)

    @api.model
    def _identities_of(self, person):
        phones = person["phones"] or [False]
        return [(person["email"], phones[0])] + [(False, phone) for phone in phones[1:]]

    @api.model
    def _insert_erased(self, rows):
        """Insert (email hash, match hash, phone hash, person) ``rows`` in
        one statement; return the (email hash, phone hash) of those the list
        did not know yet (the others are left as they are). ``create_uid``
        and ``write_uid`` stay empty (the purge, not a user, writes these
        entries): each would cost a foreign-key check per row."""
        now = fields.Datetime.now()
        email_hashes, match_hashes, phone_hashes = ([row[index] for row in rows] for index in range(3))
        inserted = self.env.execute_query(
            SQL(
                """INSERT INTO gdpr_blacklist (email_hash, email_match_hash, phone_hash, reason, date, expires_on,
                                               active, create_date, write_date)
                   SELECT u.email_hash, u.match_hash, u.phone_hash, u.reason, %(now)s, %(expires_on)s,
                          TRUE, %(now)s, %(now)s
                     FROM unnest(%(email_hashes)s::varchar[], %(match_hashes)s::varchar[],
                                 %(phone_hashes)s::varchar[], %(reasons)s::varchar[])
                          AS u(email_hash, match_hash, phone_hash, reason)
                   ON CONFLICT DO NOTHING
                   RETURNING email_hash, phone_hash""",
                reasons=[row[3]["reason"] for row in rows],
                now=now,
                expires_on=self._expiry_date(),
                email_hashes=email_hashes,
                match_hashes=match_hashes,
                phone_hashes=phone_hashes,
            )
        )
        self.invalidate_model()
        return set(inserted)

    @api.autovacuum
    def _gc_expired(self):
        """Entries past their own retention (CNIL: 3 years at least) go."""
        self.sudo().with_context(active_test=False).search(
            [("expires_on", "<", fields.Date.context_today(self))]
        ).unlink()

    @api.model
    def _add_erased_person(self, partner_ref, reason, ip_address=False, model=None):
        """Suppress a person whose partner (or record of ``model``, a lead)
        was erased, known only through the hash kept in the evidence.
        Idempotent."""
        if model:
            domain = [("res_model", "=", model), ("res_id", "=", partner_ref)]
        else:
            domain = [("partner_ref", "=", partner_ref)]
        event = (
            self.env["gdpr.event"]
            .sudo()
            .search([*domain, ("email_hash", "!=", False)], order="date desc, id desc", limit=1)
        )
        if not event:
            return self.browse()
        entry = self.with_context(active_test=False).search([("email_hash", "=", event.email_hash)], limit=1)
        if entry.active:
            return entry
        if entry:
            entry.write({"active": True, "reason": reason})
        else:
            entry = self.create({"email_hash": event.email_hash, "reason": reason})
        self.env["gdpr.event"]._log_identity(
            False,
            reason,
            "web",
            email_hash=event.email_hash,
            partner_ref=False if model else partner_ref,
            ip_address=self.env["gdpr.event"]._erased_text(ip_address),
        )
        return entry
