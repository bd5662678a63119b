import secrets

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..policy import identity, rights

REQUEST_TYPES = [
    ("access", "Access"),
    ("erasure", "Erasure"),
    ("objection", "Objection"),
    ("rectification", "Rectification"),
]
CHANNELS = [("web", "Web page"), ("mail", "Email"), ("letter", "Letter"), ("phone", "Phone")]
STATES = [("new", "New"), ("verified", "Verified"), ("done", "Done"), ("refused", "Refused")]


class GdprRequest(models.Model):
    """A request of a person exercising their rights (GDPR Art. 12 to 21):
    made on the public request page or recorded by the DPO when it came by
    mail, letter or phone. The person is known by the keyed hash of their
    address; the partner link lasts only while the partner exists, and what
    they wrote is hashed with their erasure."""

    _name = "gdpr.request"
    _description = "GDPR request of a person"
    _order = "received_on desc, id desc"

    request_type = fields.Selection(REQUEST_TYPES, string="Type", required=True, default="access")
    channel = fields.Selection(CHANNELS, required=True, default="mail")
    received_on = fields.Date(required=True, default=fields.Date.context_today)
    deadline = fields.Date(
        compute="_compute_deadline",
        store=True,
        help="One month from the request (GDPR Art. 12(3)); two more months for a complex request, "
        "if the person is told why within the first month.",
    )
    state = fields.Selection(STATES, required=True, default="new")
    refusal_reason = fields.Text(help="Why the request is refused: the person must be told (GDPR Art. 12(4)).")
    email = fields.Char(
        compute="_compute_email",
        inverse="_inverse_email",
        help="The address the person gave. It is never stored: only its keyed hash is kept.",
    )
    email_hash = fields.Char(readonly=True, index="btree_not_null", copy=False)
    partner_id = fields.Many2one(
        "res.partner", string="Person", ondelete="set null", index="btree_not_null", copy=False
    )
    # the person's record when it is not a partner (a lead): how their page finds them again
    subject_model = fields.Char(string="Record model", readonly=True, copy=False)
    subject_id = fields.Many2oneReference(string="Record ID", model_field="subject_model", readonly=True, copy=False)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    details = fields.Text(help="What the person asks (a correction, a letter's content); hashed with their erasure.")
    lang = fields.Char(string="Language", help="The language the person wrote in.")
    event_ids = fields.Many2many("gdpr.event", string="Evidence", readonly=True, copy=False)
    verified_on = fields.Datetime(readonly=True, copy=False)
    token_nonce = fields.Char(groups="base.group_system", copy=False)
    token_expires_on = fields.Datetime(readonly=True, copy=False)

    _sql_constraints = [
        (
            "refusal_reason_required",
            "CHECK(state != 'refused' OR refusal_reason IS NOT NULL)",
            "A refused request needs its reason.",
        ),
    ]

    @api.depends("received_on")
    def _compute_deadline(self):
        for request in self:
            request.deadline = rights.deadline(request.received_on)

    @api.depends("partner_id")
    def _compute_email(self):
        for request in self:
            request.email = False

    def _inverse_email(self):
        for request in self.filtered("email"):
            request._set_identity(request.email)

    def _compute_display_name(self):
        labels = dict(self._fields["request_type"]._description_selection(self.env))
        for request in self:
            request.display_name = self.env._(
                "%(type)s request #%(id)s", type=labels.get(request.request_type, ""), id=request.id or ""
            )

    @api.model_create_multi
    def create(self, vals_list):
        requests = super().create(vals_list)
        for request in requests.filtered(lambda r: r.partner_id and not r.email_hash):
            request._set_identity(request.partner_id.sudo()._gdpr_email())
        return requests

    def write(self, vals):
        if vals.get("state") == "refused" and not (vals.get("refusal_reason") or all(self.mapped("refusal_reason"))):
            raise UserError(self.env._("Say why the request is refused: the person must be told."))
        result = super().write(vals)
        if "partner_id" in vals:
            for request in self.filtered(lambda r: r.partner_id and not r.email_hash):
                request._set_identity(request.partner_id.sudo()._gdpr_email())
        return result

    # --- actions of the DPO ---

    def action_verify(self):
        self.filtered(lambda r: r.state == "new").write({"state": "verified", "verified_on": fields.Datetime.now()})

    def action_done(self):
        self.filtered(lambda r: r.state in ("new", "verified")).write({"state": "done"})

    def action_refuse(self):
        self.write({"state": "refused"})

    def action_access_report(self):
        """The access report of the person, to attach to the answer."""
        self.ensure_one()
        if not self.partner_id:
            raise UserError(self.env._("This person's data was erased: nothing is held but the suppression entry."))
        return self.partner_id.action_gdpr_access_report()

    # --- the person's identity ---

    def _set_identity(self, email):
        """Keep the keyed hash of ``email`` and link the person's prospect."""
        normalized = identity.normalize_email(email)
        if not normalized:
            raise UserError(self.env._("“%(email)s” is not a valid email address.", email=email))
        hashes = self.env["gdpr.blacklist"].sudo()._identity_hashes(normalized)
        vals = {"email_hash": hashes["email_hash"]}
        if not self.partner_id:
            vals.update(self._holder_vals(self._holder(self._regime_records(normalized))))
        self.write(vals)

    @api.model
    def _regime_partners(self, email):
        """The partners under the prospect regime that hold ``email`` or a
        variant of the same mailbox (the suppression list's match key),
        confirmed through the same keyed hashes."""
        return self._regime_holders(self.env["res.partner"], email)

    @api.model
    def _regime_records(self, email):
        """[record, ...] under the regime, of every model (partners, leads),
        that hold ``email`` or a variant of the same mailbox."""
        records = []
        for model in self.env["gdpr.prospect.mixin"]._gdpr_regime_models():
            if model._fields.get("email_normalized") and model._fields["email_normalized"].store:
                records += list(self._regime_holders(model, email))
        return records

    @api.model
    def _regime_holders(self, model, email):
        """The records of ``model`` under the regime that hold ``email`` or a
        variant of it, confirmed through the keyed hashes."""
        normalized = identity.normalize_email(email)
        match_key = identity.email_match_key(normalized)
        if not normalized:
            return model.browse()
        local, domain = match_key.rsplit("@", 1)
        domains = sorted(identity.GMAIL_DOMAINS) if domain in identity.GMAIL_DOMAINS else [domain]
        # narrowed in SQL to the mailbox's variants, confirmed below by hash
        model.flush_model(["email_normalized", "gdpr_prospect_type"])
        # partners: the prospects' index narrows first; other models say in Python who is in the regime
        prospects_only = SQL("gdpr_prospect_type IS NOT NULL AND") if model._name == "res.partner" else SQL()
        rows = self.env.execute_query(
            SQL(
                """SELECT id FROM %(table)s
                    WHERE %(prospects_only)s email_normalized IS NOT NULL
                      AND split_part(email_normalized, '@', 2) = ANY(%(domains)s)
                      AND CASE WHEN split_part(email_normalized, '@', 2) = ANY(%(gmail)s)
                               THEN replace(split_part(split_part(email_normalized, '@', 1), '+', 1), '.', '')
                               ELSE split_part(split_part(email_normalized, '@', 1), '+', 1) END = %(local)s""",
                table=SQL.identifier(model._table),
                prospects_only=prospects_only,
                domains=domains,
                gmail=sorted(identity.GMAIL_DOMAINS),
                local=local,
            )
        )
        candidates = model.sudo().with_context(active_test=False).browse([r[0] for r in rows])._gdpr_in_regime()
        key = self.env["gdpr.blacklist"].sudo()._hash_key()
        wanted = identity.keyed_hash(key, match_key)
        return candidates.filtered(
            lambda p: identity.keyed_hash(key, identity.email_match_key(p.email_normalized)) == wanted
        )

    @api.model
    def _forget_partners(self, partner_ids):
        """The partners are being erased (see ``_forget``)."""
        requests = self.sudo().search([("partner_id", "in", list(partner_ids))])
        return self._forget(requests, "res.partner", partner_ids)

    @api.model
    def _forget_subjects(self, model_name, record_ids):
        """Records of another model (leads) are being erased (see ``_forget``)."""
        requests = self.sudo().search([("subject_model", "=", model_name), ("subject_id", "in", list(record_ids))])
        return self._forget(requests, model_name, record_ids)

    @api.model
    def _forget(self, requests, model_name, record_ids):
        """The ``requests`` name records of ``model_name`` being erased: they
        keep the hash only, what the person wrote becomes a keyed hash, and an
        erasure or objection they asked for is done, with its "purged"
        evidence."""
        if not requests:
            return requests
        Event = self.env["gdpr.event"].sudo()
        purged = Event.search(
            [("res_model", "=", model_name), ("res_id", "in", list(record_ids)), ("event_type", "=", "purged")]
        )
        for request in requests:
            vals = {
                "partner_id": False,
                "subject_model": False,
                "subject_id": False,
                "details": Event._erased_text(request.details),
            }
            if request.request_type in ("erasure", "objection") and request.state in ("new", "verified"):
                holder_id = request.partner_id.id or request.subject_id
                events = purged.filtered(lambda e, holder_id=holder_id: e.res_id == holder_id)
                vals.update(state="done", event_ids=[fields.Command.link(e.id) for e in events])
            request.write(vals)
        return requests

    @api.model
    def _holder(self, records):
        """The record a request names its person by, among ``records``: their
        prospect partner first, else a record of another model (a lead)."""
        return next((record for record in records if record._name == "res.partner"), records[0] if records else None)

    @api.model
    def _holder_vals(self, holder):
        if not holder:
            return {}
        if holder._name == "res.partner":
            return {"partner_id": holder.id}
        return {"subject_model": holder._name, "subject_id": holder.id}

    # --- the public request page ---

    def _new_link(self):
        """Arm the single-use verification link, valid 24 hours."""
        self.ensure_one()
        self.sudo().write(
            {
                "token_nonce": secrets.token_urlsafe(16),
                "token_expires_on": fields.Datetime.now() + rights.LINK_VALIDITY,
            }
        )

    def _token(self):
        self.ensure_one()
        record = self.sudo()
        secret = self.env["ir.config_parameter"].sudo().get_param("database.secret")
        return rights.make_token(secret, record.id, record.token_nonce, record.token_expires_on.timestamp())

    @api.model
    def _check_token(self, request_id, token):
        """The request that ``token`` verifies, or an empty recordset."""
        request = self.sudo().browse(request_id).exists()
        if not request:
            return self.browse()
        secret = self.env["ir.config_parameter"].sudo().get_param("database.secret")
        now = int(fields.Datetime.now().timestamp())
        return request if rights.check_token(secret, request.id, token, request.token_nonce, now) else self.browse()

    def _burn(self):
        """The link was used: it never works again; the request is verified
        and, the page answering it, an access request is done."""
        self.ensure_one()
        vals = {"token_nonce": False, "verified_on": fields.Datetime.now(), "state": "verified"}
        if self.request_type == "access":
            vals["state"] = "done"
        self.sudo().write(vals)
