from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression
from odoo.tools import SQL

from ..policy import purge


class GdprPurgeDue(models.AbstractModel):
    """Which records under the prospect regime are due for erasure, and
    why: the rules of ``policy/purge.py`` applied to a model, as a domain
    (to select in the database with a limit) and record by record (the
    second guard before anything is erased). Used by the erasure reason's
    compute and search, the purge run and the DPO's preview."""

    _name = "gdpr.purge.due"
    _description = "GDPR prospects due for erasure"

    @api.model
    def _company_delays(self):
        companies = self.env["res.company"].sudo().search([])  # pylint: disable=no-search-all
        current = self.env.company
        return [(c.id, c.gdpr_consent_delay_days, c.gdpr_notice_delay_days) for c in companies] + [
            (False, current.gdpr_consent_delay_days, current.gdpr_notice_delay_days)
        ]

    @api.model
    def _models(self):
        """The models the purge walks: every model under the regime."""
        return self.env["gdpr.prospect.mixin"]._gdpr_regime_models()

    @api.model
    def _reason_domains(self):
        today = fields.Date.context_today(self)
        return purge.reason_domains(today, fields.Datetime.now(), self._company_delays())

    @api.model
    def _due_domain(self, model):
        return expression.AND([model._gdpr_purge_guard_domain(), expression.OR(list(self._reason_domains().values()))])

    @api.model
    def _count_due(self, model, ids=None):
        domain = self._due_domain(model)
        if ids is not None:
            domain = expression.AND([domain, [("id", "in", ids)]])
        return model.sudo().with_context(active_test=False).search_count(domain)

    @api.model
    def _erasure_reason_domain(self, model, operator, value):
        """Domain for searching ``gdpr_erasure_reason``: each reason excludes
        the records that a reason of higher priority already claims."""
        if operator not in ("=", "!=", "in", "not in"):
            raise UserError(self.env._("Unsupported search on the erasure reason: %(operator)s", operator=operator))
        values = list(value) if operator in ("in", "not in") else [value]
        Model = model.sudo().with_context(active_test=False)
        conditions = self._reason_domains()
        guard = model._gdpr_purge_guard_domain()
        parts = []
        for index, reason in enumerate(purge.REASONS):
            if reason not in values:
                continue
            higher = [[("id", "not in", Model._search(conditions[h]))] for h in purge.REASONS[:index]]
            parts.append(expression.AND([guard, conditions[reason], *higher]))
        if any(not v for v in values):
            parts.append([("id", "not in", Model._search(self._due_domain(model)))])
        domain = expression.OR(parts) if parts else expression.FALSE_DOMAIN
        if operator in ("=", "in"):
            return domain
        return [("id", "not in", Model._search(domain))]

    @api.model
    def _fact_columns(self, model, extra_columns=()):
        """The columns the purge reads of each record of ``model``."""
        return ("company_id", *model._gdpr_purge_fact_columns(), *extra_columns)

    @api.model
    def _facts(self, model, ids, columns=None):
        """{id: {column: value}}: what the purge reads of each record
        (``columns``, by default ``_fact_columns``), in one query (the ORM
        would fetch every column, and read them field by field)."""
        columns = columns or self._fact_columns(model)
        if not ids:
            return {}
        model.flush_model(columns)
        rows = self.env.execute_query_dict(
            SQL(
                "SELECT id, %s FROM %s WHERE id = ANY(%s)",
                SQL(", ").join(SQL.identifier(column) for column in columns),
                SQL.identifier(model._table),
                list(ids),
            )
        )
        return {row["id"]: row for row in rows}

    @api.model
    def _erasure_reasons(self, records, facts=None):
        """{id: reason} for the records due for erasure now, checked in
        Python (the second guard, after the database selection)."""
        real_ids = [rid for rid in records._ids if isinstance(rid, int)]
        if not real_ids:
            return {}
        if facts is None:
            facts = self._facts(records, real_ids)
        protected = records._gdpr_purge_protected_ids(real_ids)
        delays = {company_id: (consent, notice) for company_id, consent, notice in self._company_delays()}
        today = fields.Date.context_today(self)
        now = fields.Datetime.now()
        result = {}
        for record_id in real_ids:
            values = facts.get(record_id)
            if not values or record_id in protected:
                continue
            consent_delay, notice_delay = delays.get(values["company_id"]) or delays[False]
            reason = purge.erasure_reason(values, today, now, consent_delay, notice_delay)
            if reason:
                result[record_id] = reason
        return result

    @api.model
    def _lock_due(self, model, limit, ids=None, after_id=0, upto_id=None, excluded=None, columns=()):
        """Due records (above ``after_id``, up to ``upto_id``, not in the
        ``excluded`` SQL subquery), locked for this transaction; rows another
        transaction holds are skipped. Return {id: {column: value}} in id
        order, with the ``columns`` read in the same query."""
        self.env.flush_all()
        domain = self._due_domain(model)
        if excluded is not None:
            domain = expression.AND([domain, [("id", "not in", excluded)]])
        if ids is not None:
            domain = expression.AND([domain, [("id", "in", ids)]])
        if after_id:
            domain = expression.AND([domain, [("id", ">", after_id)]])
        if upto_id:
            domain = expression.AND([domain, [("id", "<=", upto_id)]])
        query = model.sudo().with_context(active_test=False)._search(domain, order="id", limit=limit)
        selected = [SQL.identifier(query.table, name) for name in ("id", *columns)]
        rows = self.env.execute_query_dict(
            SQL("%s FOR UPDATE OF %s SKIP LOCKED", query.select(*selected), SQL.identifier(query.table))
        )
        return {row["id"]: row for row in rows}
