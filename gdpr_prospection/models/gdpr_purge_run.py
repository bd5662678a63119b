from odoo import Command, api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL
from odoo.tools.misc import format_datetime

from ..policy import purge
from ..roles import GDPR_DPO
from .gdpr_purge_eraser import PurgeStats

BATCH_SIZE_PARAM = "gdpr_prospection.purge_batch_size"
DEFAULT_BATCH_SIZE = 1000


class GdprPurgeRun(models.Model):
    """One run of the purge (the nightly job, or the DPO's manual purge of a
    selection): which prospects went and why, which were anonymised instead
    of deleted, which could not be erased. The erased people do not appear:
    only counts, and the ids of the anonymised or skipped records. The
    nightly job walks every model under the regime (partners, then the
    bridges' models such as leads), one after the other."""

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
    erased_count = fields.Integer(
        string="Erased",
        compute="_compute_erased_count",
        help="Every prospect whose personal data is gone: the deleted ones and the anonymised ones.",
    )
    deleted_count = fields.Integer(
        string="Deleted", readonly=True, help="Removed from the database, with their messages and attachments."
    )
    anonymised_count = fields.Integer(
        string="Anonymised",
        readonly=True,
        help="Kept as an empty record because invoices, orders or other kept records point to them: "
        "their personal data is blanked.",
    )
    skipped_count = fields.Integer(
        string="Skipped", readonly=True, help="Due, but could not be erased: the line below says why."
    )
    suppression_expired_count = fields.Integer(string="Expired suppression entries removed", readonly=True)
    evidence_expired_count = fields.Integer(string="Expired evidence removed", readonly=True)
    housekeeping_done = fields.Boolean(
        readonly=True, help="Technical: expired suppression entries and evidence are all removed for this run."
    )
    resume_model = fields.Char(readonly=True, help="Technical: the model the next batch erases (empty: the first).")
    resume_after_id = fields.Integer(readonly=True, help="Technical: the next batch starts after this record id.")
    line_ids = fields.One2many("gdpr.purge.run.line", "run_id", string="Anonymised and skipped", readonly=True)
    company_ids = fields.Many2many(
        "res.company",
        string="Companies",
        readonly=True,
        help="The companies whose prospects the run erased or skipped (for a manual run, also the company "
        "it was run from): only their users see it.",
    )

    @api.depends("deleted_count", "anonymised_count")
    def _compute_erased_count(self):
        for run in self:
            run.erased_count = run.deleted_count + run.anonymised_count

    @api.depends("trigger", "date_start")
    @api.depends_context("lang", "tz", "uid")
    def _compute_display_name(self):
        labels = dict(self._fields["trigger"]._description_selection(self.env))
        # the date as the form's fields show it: the user's time zone and language
        tz = self.env.context.get("tz") or self.env.user.tz or False
        for run in self:
            run.display_name = self.env._(
                "%(trigger)s purge of %(date)s",
                trigger=labels.get(run.trigger, ""),
                date=format_datetime(self.env, run.date_start, tz=tz),
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
        done, remaining = run._step(self._batch_size(), "cron")
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)
        return run

    @api.model
    def _purge_selection(self, partners):
        """Purge now the due prospects among ``partners`` (the others stay),
        with the rules of the nightly job; return the run."""
        if not (self.env.su or self.env.user.has_group(GDPR_DPO)):
            raise AccessError(self.env._("Only the data protection officer runs the purge."))
        ids = partners.ids
        run = self.sudo().create(
            {"trigger": "manual", "due_count": self._count_due(ids), "company_ids": [Command.link(self.env.company.id)]}
        )
        batch_size = self._batch_size()
        remaining = 1
        while remaining:
            __, remaining = run._step(batch_size, "manual", partner_ids=ids)
            self.env.invalidate_all()
        return run

    @api.model
    def _batch_size(self):
        value = self.env["ir.config_parameter"].sudo().get_param(BATCH_SIZE_PARAM, DEFAULT_BATCH_SIZE)
        try:
            return max(int(value), 1)
        except (TypeError, ValueError):
            return DEFAULT_BATCH_SIZE

    @api.model
    def _count_due(self, partner_ids=None):
        Due = self.env["gdpr.purge.due"]
        if partner_ids is not None:
            return Due._count_due(self.env["res.partner"], partner_ids)
        return sum(Due._count_due(model) for model in Due._models())

    # --- one step of a run ---

    def _step(self, batch_size, channel, partner_ids=None):
        """Lock and erase one batch of due prospects. Return (done, remaining).

        Batches walk the records of a model by id from where the previous one
        stopped (``resume_after_id``), so that each costs the same however
        many prospects lie behind; at the end of a model, one look back
        catches the ones that became due behind the walk, and sends the run
        round again if any; then the next model with due records (a manual
        purge of selected partners walks the partners only)."""
        self.ensure_one()
        if partner_ids is not None:
            models = [self.env["res.partner"]]
        else:
            models = self.env["gdpr.purge.due"]._models()
        names = [model._name for model in models]
        model = models[names.index(self.resume_model)] if self.resume_model in names else models[0]
        Eraser = self.env["gdpr.purge.eraser"]
        facts = self._lock_due(
            batch_size + 1,
            partner_ids,
            after_id=self.resume_after_id,
            model=model,
            columns=Eraser._fact_columns(model),
        )
        more = len(facts) > batch_size
        ids = list(facts)[:batch_size]
        stats = PurgeStats()
        self._add_companies(facts[record_id]["company_id"] for record_id in ids)
        Eraser._erase_isolating(model.browse(ids), channel, stats, facts)
        resume_after_id = ids[-1] if more else 0
        if not more and self.resume_after_id:
            # due behind the walk: go round this model again from the start
            more = bool(self._lock_due(1, partner_ids, upto_id=self.resume_after_id, model=model))
        for following in models[names.index(model._name) + 1 :] if not more else ():
            if self._lock_due(1, model=following):
                model, more = following, True
                break
        self._record(stats, resume_after_id, model._name)
        remaining = max(self.due_count - self._processed(), 1) if more else 0
        if not remaining:
            self.write({"state": "done", "date_end": fields.Datetime.now()})
        return stats.handled, remaining

    def _add_companies(self, company_ids):
        """Link the run to the companies of a batch, read before it goes."""
        new = set(company_ids) - {False, None} - set(self.company_ids.ids)
        if new:
            self.write({"company_ids": [Command.link(company_id) for company_id in sorted(new)]})

    def _processed(self):
        return sum(self[f"{reason}_count"] for reason in purge.REASONS) + self.skipped_count

    def _lock_due(self, limit, partner_ids=None, after_id=0, upto_id=None, model=None, columns=()):
        """Due prospects of ``model`` (partners by default), locked for this
        transaction (rows another run holds are skipped, and so are those this
        run could not erase), with the ``columns`` the erasure reads of them,
        as ``gdpr.purge.due._lock_due`` returns them."""
        model = self.env["res.partner"] if model is None else model
        skipped = SQL(
            """(SELECT COALESCE(res_id, partner_id) FROM gdpr_purge_run_line
                 WHERE run_id = %s AND kind = 'skipped' AND COALESCE(res_model, 'res.partner') = %s
                   AND COALESCE(res_id, partner_id) IS NOT NULL)""",
            self.id,
            model._name,
        )
        return self.env["gdpr.purge.due"]._lock_due(
            model, limit, partner_ids, after_id=after_id, upto_id=upto_id, excluded=skipped, columns=columns
        )

    def _record(self, stats, resume_after_id=0, resume_model=False):
        self.ensure_one()
        vals = {f"{reason}_count": self[f"{reason}_count"] + count for reason, count in stats.reasons.items() if count}
        vals.update(
            deleted_count=self.deleted_count + stats.deleted,
            anonymised_count=self.anonymised_count + stats.anonymised,
            skipped_count=self.skipped_count + stats.skipped,
            resume_after_id=resume_after_id,
            resume_model=resume_model,
        )
        self.write(vals)
        if stats.lines:
            self.env["gdpr.purge.run.line"].sudo().create([dict(line, run_id=self.id) for line in stats.lines])
