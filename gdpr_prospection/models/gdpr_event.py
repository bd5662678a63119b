from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression
from odoo.tools import SQL, create_index
from odoo.tools.misc import format_datetime

from ..policy import identity

# Prefix of an IP address kept as a keyed hash once its person is erased.
HASHED_IP_PREFIX = "hmac:"
# Evidence rows whose IP address is still in clear (the predicate of their index).
# answers whose note a user may have typed (the proof of a consent, a letter)
ANSWER_TYPES = (
    "objection",
    "consent_given",
    "consent_refused",
    "consent_withdrawn",
    "phone_consent_given",
    "phone_consent_withdrawn",
    "sms_consent_given",
    "sms_consent_withdrawn",
)
CLEAR_IP = f"ip_address IS NOT NULL AND NOT starts_with(ip_address, '{HASHED_IP_PREFIX}')"

EVENT_TYPES = [
    ("collected", "Data collected"),
    ("notice_sent", "Notice sent"),
    ("consent_requested", "Consent requested"),
    ("consent_given", "Consent given"),
    ("consent_refused", "Consent refused"),
    ("consent_withdrawn", "Consent withdrawn"),
    ("objection", "Objection"),
    ("contact", "Contact from the prospect"),
    ("converted", "Converted to customer"),
    ("purged", "Data erased"),
    ("blocked", "Blocked by the GDPR rules"),
    ("phone_consent_given", "Phone consent given"),
    ("phone_consent_withdrawn", "Phone consent withdrawn"),
    ("sms_consent_given", "SMS consent given"),
    ("sms_consent_withdrawn", "SMS consent withdrawn"),
    ("call", "Call made"),
    ("renewal_sent", "Renewal asked"),
]

CHANNELS = [
    ("email", "Email"),
    ("web", "Web page"),
    ("chat", "Live chat"),
    ("phone", "Phone"),
    ("letter", "Letter"),
    ("manual", "Manual"),
    ("import", "Import"),
    ("cron", "Scheduled job"),
]


class GdprEvent(models.Model):
    """Append-only evidence (GDPR Art. 5(2), accountability). The person is
    identified by a keyed hash of their address so that the evidence
    outlives the erasure of the partner."""

    _name = "gdpr.event"
    _description = "GDPR evidence"
    _order = "date desc, id desc"
    _rec_name = "event_type"

    event_type = fields.Selection(EVENT_TYPES, required=True, readonly=True, index=True)
    date = fields.Datetime(required=True, readonly=True, default=fields.Datetime.now, index=True)
    channel = fields.Selection(CHANNELS, required=True, readonly=True, default="manual")
    user_id = fields.Many2one("res.users", readonly=True, default=lambda self: self.env.user, ondelete="set null")
    # looked up together, through the index of init(): one of each alone would only slow the purge's inserts
    res_model = fields.Char(string="Record model", readonly=True)
    res_id = fields.Many2oneReference(string="Record ID", model_field="res_model", readonly=True)
    # empty on most rows (leads, erased partners): only the others are indexed
    partner_id = fields.Many2one("res.partner", readonly=True, index="btree_not_null", ondelete="set null")
    partner_ref = fields.Integer(
        string="Partner ID",
        readonly=True,
        index="btree_not_null",
        help="Id the partner had: it links the evidence of a person whose record was erased.",
    )
    email_hash = fields.Char(readonly=True, index="btree_not_null")
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, default=lambda self: self.env.company, index=True
    )
    note = fields.Char(readonly=True)
    text_version = fields.Char(readonly=True, help="Fingerprint of the text the person was shown or sent.")
    page_version = fields.Char(readonly=True, help="Fingerprint of the public page the person answered on.")
    ip_address = fields.Char(
        string="IP address",
        readonly=True,
        help="Where the answer came from, when the company records it; a keyed hash once the person is erased.",
    )

    def init(self):
        # the purge looks for addresses still in clear among the evidence of
        # each batch: only those rows are indexed (few: the setting is opt-in)
        create_index(self.env.cr, "gdpr_event_clear_ip_partner_ref_index", self._table, ["partner_ref"], where=CLEAR_IP)
        # the evidence of a record of another model (a lead): found by both
        create_index(self.env.cr, "gdpr_event_res_model_res_id_index", self._table, ["res_model", "res_id"])

    @api.depends("event_type", "date")
    @api.depends_context("lang", "tz", "uid")
    def _compute_display_name(self):
        # the breadcrumb: the type's label, never its key, and the local date
        labels = dict(self._fields["event_type"]._description_selection(self.env))
        tz = self.env.context.get("tz") or self.env.user.tz or False
        for event in self:
            event.display_name = self.env._(
                "%(type)s, %(date)s",
                type=labels.get(event.event_type, ""),
                date=format_datetime(self.env, event.date, tz=tz),
            )

    def write(self, vals):  # pylint: disable=method-required-super
        # append-only: no write of the ORM ever reaches the table
        raise UserError(self.env._("GDPR evidence cannot be modified."))

    @api.model
    def _erased_text(self, text):
        """What the evidence keeps of a text about a person (an IP address,
        a proof typed by a user) once they are erased: a keyed hash (a given
        text can still be checked against it), never the text in clear."""
        if not text or text.startswith(HASHED_IP_PREFIX):
            return text
        key = self.env["gdpr.blacklist"].sudo()._hash_key()
        return HASHED_IP_PREFIX + identity.keyed_hash(key, text.strip())

    @api.model
    def _hash_personal_texts_of(self, record_ids, res_model="res.partner"):
        """Replace what the evidence of these (erased) records holds in
        clear about them by its keyed hash: IP addresses, and the notes a
        user typed when recording an answer (a proof may name the person,
        their phone, a letter's sender). A given text can still be checked
        against its hash. One read and one write for the lot."""
        self.flush_model(["ip_address", "note", "partner_ref", "res_model", "res_id", "event_type"])
        if res_model == "res.partner":
            # a partner's evidence is linked by partner_ref, also when it has no record
            whose = SQL("partner_ref = ANY(%s)", list(record_ids))
        else:
            whose = SQL("res_model = %s AND res_id = ANY(%s)", res_model, list(record_ids))
        rows = self.env.execute_query(
            SQL(
                """SELECT id, ip_address, note, event_type FROM gdpr_event
                    WHERE %s
                      AND (%s OR (event_type = ANY(%s) AND note IS NOT NULL AND NOT starts_with(note, %s)))""",
                whose,
                SQL(CLEAR_IP),
                list(ANSWER_TYPES),
                HASHED_IP_PREFIX,
            )
        )
        if rows:
            self.env.execute_query(
                SQL(
                    """UPDATE gdpr_event e SET ip_address = u.ip_address, note = u.note
                         FROM unnest(%s::int[], %s::varchar[], %s::varchar[]) AS u(id, ip_address, note)
                        WHERE e.id = u.id""",
                    [row[0] for row in rows],
                    [self._erased_text(row[1]) for row in rows],
                    [self._erased_text(row[2]) if row[3] in ANSWER_TYPES else row[2] for row in rows],
                )
            )
            self.invalidate_model(["ip_address", "note"])
        return len(rows)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_when_expired(self):
        # Only the autovacuum removes evidence past its own retention.
        if not (self.env.su and self.env.context.get("gdpr_evidence_expiry")):
            raise UserError(self.env._("GDPR evidence cannot be deleted."))

    @api.model
    def _log(self, records, event_type, channel, note=False, text_version=False, ip_address=False, page_version=False):
        """Record one event per record under the prospect regime, keyed by the
        record and by the hash of the person's address."""
        blacklist = self.env["gdpr.blacklist"]
        is_partner = records._name == "res.partner"
        return self.sudo().create(
            [
                {
                    "event_type": event_type,
                    "channel": channel,
                    "res_model": records._name,
                    "res_id": record.id,
                    "partner_id": record.id if is_partner else False,
                    "partner_ref": record.id if is_partner else False,
                    "email_hash": blacklist._identity_hashes(record._gdpr_email())["email_hash"],
                    "company_id": record.company_id.id or self.env.company.id,
                    "note": note,
                    "text_version": text_version,
                    "page_version": page_version,
                    "ip_address": ip_address,
                    "user_id": self.env.uid,
                }
                for record in records
            ]
        )

    @api.model
    def _log_purged(self, rows, channel, res_model="res.partner"):
        """One "purged" event per erased record of ``res_model``: ``rows``
        are dicts with ``res_id``, ``email_hash``, ``company_id`` and ``note``
        (the reason), and for partners ``partner_id`` (None when the partner
        is about to be deleted) and ``partner_ref``. One INSERT for a purge
        batch: what ``_log`` writes, without the ORM's cost per row. The
        audit columns ``create_uid``/``write_uid`` stay empty: ``user_id``
        already says who, and each would cost a foreign-key check per row."""
        if channel not in dict(self._fields["channel"].selection):
            raise UserError(self.env._("Unknown evidence channel: %(channel)s", channel=channel))
        if not rows:
            return
        self.flush_model()
        now = fields.Datetime.now()
        self.env.execute_query(
            SQL(
                """INSERT INTO gdpr_event (event_type, date, channel, user_id, res_model, res_id, partner_id,
                                           partner_ref, email_hash, company_id, note, create_date, write_date)
                   SELECT 'purged', %(now)s, %(channel)s, %(uid)s, %(res_model)s, u.res_id, u.partner_id,
                          u.partner_ref, u.email_hash, u.company_id, u.note, %(now)s, %(now)s
                     FROM unnest(%(res_ids)s::int[], %(partner_ids)s::int[], %(partner_refs)s::int[],
                                 %(email_hashes)s::varchar[], %(company_ids)s::int[], %(notes)s::varchar[])
                          AS u(res_id, partner_id, partner_ref, email_hash, company_id, note)""",
                now=now,
                channel=channel,
                uid=self.env.uid,
                res_model=res_model,
                res_ids=[row.get("res_id", row.get("partner_ref")) for row in rows],
                partner_ids=[row.get("partner_id") for row in rows],
                partner_refs=[row.get("partner_ref") for row in rows],
                email_hashes=[row["email_hash"] for row in rows],
                company_ids=[row["company_id"] for row in rows],
                notes=[row["note"] for row in rows],
            )
        )
        self.invalidate_model()

    @api.model
    def _unlink_partners(self, partner_ids):
        """Unlink the evidence of partners about to be deleted from them
        (``partner_ref`` and ``res_id`` keep their id): what the foreign key's
        ON DELETE SET NULL would do row by row, in one statement."""
        self.flush_model(["partner_id"])
        self.env.execute_query(
            SQL("UPDATE gdpr_event SET partner_id = NULL WHERE partner_id = ANY(%s)", list(partner_ids))
        )
        self.invalidate_model(["partner_id"])

    @api.model
    def _records_with_event(self, records, event_type):
        """Ids of ``records`` that have an event of ``event_type``."""
        groups = self.sudo()._read_group(
            [("res_model", "=", records._name), ("res_id", "in", records.ids), ("event_type", "=", event_type)],
            ["res_id"],
        )
        return {res_id for [res_id] in groups}

    @api.model
    def _last_text_version(self, record):
        """Fingerprint of the last text ``record``'s person was sent or shown."""
        event = self.sudo().search(
            [("res_model", "=", record._name), ("res_id", "=", record.id), ("text_version", "!=", False)],
            order="date desc, id desc",
            limit=1,
        )
        return event.text_version

    @api.autovacuum
    def _gc_expired(self):
        """Evidence older than its company's evidence retention goes."""
        now = fields.Datetime.now()
        companies = self.env["res.company"].sudo().search([])  # pylint: disable=no-search-all
        domain = expression.OR(
            [
                [
                    ("company_id", "=", company.id),
                    ("date", "<", now - relativedelta(months=company.gdpr_evidence_months)),
                ]
                for company in companies
            ]
        )
        self.sudo().search(domain).with_context(gdpr_evidence_expiry=True).unlink()

    @api.model
    def _log_identity(
        self, email, event_type, channel, note=False, email_hash=False, partner_ref=False, ip_address=False
    ):
        """Record an event about a person who has no partner (any more),
        known by their address or by the hash of it."""
        return self.sudo().create(
            {
                "event_type": event_type,
                "channel": channel,
                "email_hash": email_hash or self.env["gdpr.blacklist"]._identity_hashes(email)["email_hash"],
                "res_model": partner_ref and "res.partner",
                "res_id": partner_ref,
                "partner_ref": partner_ref,
                "note": note,
                "ip_address": ip_address,
                "user_id": self.env.uid,
            }
        )
