from collections import defaultdict

from odoo import api, models, tools
from odoo.tools import SQL

# Models whose rows the scrubbing never deletes, whatever points where: the
# regime's own tables (the evidence outlives the erasure), external ids, and
# bank accounts, which the anonymisation handles (a payment may keep one).
KEPT_MODELS = ("ir.model.data", "res.partner.bank", "res.users", "res.partner")
# Models whose rows pointing to a partner are no history of a relationship:
# the mail stack, the regime's own tables, technical records.
HISTORY_FREE_PREFIXES = ("mail.", "gdpr.", "ir.", "bus.", "discuss.", "mailing.", "sms.", "res.users", "res.company")


class GdprPurgeScrubber(models.AbstractModel):
    """What the database holds about erased partners outside their own
    record, found the way core ``privacy_lookup`` finds it, from the fields
    of every model rather than from a list of tables: the records attached to
    them (``res_model``/``res_id``), the rows that belong to them (a partner
    foreign key ON DELETE CASCADE) and their place in many2many lists. Copies
    kept as text (addresses, names in tracking values, what they wrote) are
    the explicit rules of ``_scrub_copies``, which the bridges extend."""

    _name = "gdpr.purge.scrubber"
    _description = "GDPR scrubbing of what erased prospects left elsewhere"

    @api.model
    @tools.ormcache()
    def _partner_references(self):
        """(attached, owned, listed): the tables that may hold partner data,
        read from the registry once per registry.

        - attached: (model, table, model column, id column) of every stored
          many2one_reference;
        - owned: (model, table, column) of every stored many2one to
          res.partner ON DELETE CASCADE;
        - listed: (model, relation table, partner column) of every many2many
          to res.partner."""
        attached, owned, listed = [], [], set()
        for model in self.env.registry.values():
            if model._abstract or model._transient or not model._auto:
                continue
            if model._name.startswith("gdpr.") or model._name in KEPT_MODELS:
                continue
            for field in model._fields.values():
                if not field.store or field.inherited:
                    continue
                if field.type == "many2one_reference":
                    attached.append((model._name, model._table, field.model_field, field.name))
                elif field.comodel_name != "res.partner":
                    continue
                elif field.type == "many2one" and field.ondelete == "cascade":
                    owned.append((model._name, model._table, field.name))
                elif field.type == "many2many":
                    listed.add((model._name, field.relation, field.column2))
        return tuple(sorted(attached)), tuple(sorted(owned)), tuple(sorted(listed))

    @api.model
    def _regime_models(self):
        """Names of the models under the prospect regime, contacts first."""
        return tuple(model._name for model in self.env["gdpr.prospect.mixin"]._gdpr_regime_models())

    @api.model
    @tools.ormcache()
    def _history_references(self):
        """(model, table, column) of every stored many2one to res.partner on a
        business model (neither the regime's nor the mail stack's), read from
        the registry once per registry."""
        regime = set(self._regime_models())
        references = []
        for model in self.env.registry.values():
            if model._abstract or model._transient or not model._auto or model._name in regime:
                continue
            if model._name.startswith(HISTORY_FREE_PREFIXES):
                continue
            for field in model._fields.values():
                if (
                    field.store
                    and not field.inherited
                    and field.type == "many2one"
                    and field.comodel_name == "res.partner"
                ):
                    references.append((model._name, model._table, field.name))
        return tuple(sorted(references))

    @api.model
    def _prior_history(self, partners):
        """{partner id: labels} of what ``partners`` have outside the prospect
        regime: a user, messages on the records of other models, records of
        business models that point to them (an invoice, an order, a bank
        account). A partner with such a history is a customer or a colleague,
        not a prospect the purge may erase. Three queries for the lot."""
        env = self.env
        ids = partners.ids
        history = defaultdict(list)
        if not ids:
            return history
        for partner in partners.with_context(active_test=False):
            if partner.user_ids:
                history[partner.id].append(env._("a user account"))
        authors = (
            env["mail.message"]
            .sudo()
            ._read_group(
                [("author_id", "in", ids), ("model", "not in", list(self._regime_models())), ("model", "!=", False)],
                ["author_id"],
            )
        )
        for (author,) in authors:
            history[author.id].append(env._("messages on other records"))
        references = self._history_references()
        if references:
            found = env.execute_query(
                SQL(" UNION ").join(
                    SQL(
                        "SELECT DISTINCT %s, %s FROM %s WHERE %s = ANY(%s)",
                        model_name,
                        SQL.identifier(column),
                        SQL.identifier(table),
                        SQL.identifier(column),
                        ids,
                    )
                    for model_name, table, column in references
                )
            )
            labels = defaultdict(set)
            for model_name, partner_id in found:
                labels[partner_id].add(env["ir.model"]._get(model_name).name)
            for partner_id, names in labels.items():
                history[partner_id].extend(sorted(names))
        return history

    @api.model
    def _scrub(self, partners, emails):
        """Delete what the database holds about ``partners`` outside their
        record, in a number of queries bounded by the number of models."""
        ids = partners.ids
        emails = [email for email in emails if email]
        env = self.env
        env.flush_all()
        self._scrub_copies(partners, emails)
        env.flush_all()
        attached, owned, listed = self._partner_references()
        # the ids once, as a table: inlined in each branch, a batch's array
        # would be parsed and estimated once per table
        selects = [
            SQL(
                "SELECT %s, id FROM %s WHERE %s = 'res.partner' AND %s IN (SELECT id FROM erased)",
                model_name,
                SQL.identifier(table),
                SQL.identifier(model_column),
                SQL.identifier(id_column),
            )
            for model_name, table, model_column, id_column in attached
        ] + [
            SQL(
                "SELECT %s, id FROM %s WHERE %s IN (SELECT id FROM erased)",
                model_name,
                SQL.identifier(table),
                SQL.identifier(column),
            )
            for model_name, table, column in owned
        ]
        found = defaultdict(list)
        if selects:
            query = SQL("WITH erased AS (SELECT unnest(%s::int[]) AS id) %s", ids, SQL(" UNION ALL ").join(selects))
            for model_name, record_id in env.execute_query(query):
                found[model_name].append(record_id)
        # through the ORM, so that each model cleans what hangs off its rows
        for model_name in sorted(found):
            env[model_name].sudo().with_context(active_test=False).browse(found[model_name]).exists().unlink()
        env.flush_all()
        relations = sorted({(relation, column) for __, relation, column in listed})
        if relations:
            env.execute_query(
                SQL("; ").join(
                    SQL("DELETE FROM %s WHERE %s = ANY(%s)", SQL.identifier(relation), SQL.identifier(column), ids)
                    for relation, column in relations
                )
            )
        for model_name in {name for name, *__ in listed}:
            env[model_name].invalidate_model()
        # what the ORM still holds of the partners' own lists and images
        partners.invalidate_recordset(
            [name for name, field in partners._fields.items() if field.type in ("binary", "many2many", "one2many")]
        )
        env["gdpr.event"].sudo()._hash_personal_texts_of(ids)

    @api.model
    def _scrub_copies(self, partners, emails):
        """Copies of the person that no foreign key finds: the mails to their
        address, what they wrote anywhere, the names tracking values kept."""
        ids = partners.ids
        env = self.env
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
        # what they wrote on contacts and prospects goes; on the records of
        # other models (an order, a ticket) it is someone else's history:
        # it stays, its author anonymised
        regime = list(self._regime_models())
        env["mail.message"].sudo().search([("author_id", "in", ids), ("model", "in", regime)]).unlink()
        env.flush_all()
        env.execute_query(
            SQL(
                """UPDATE mail_message SET author_id = NULL, email_from = %(label)s, reply_to = NULL
                    WHERE author_id = ANY(%(ids)s) AND (model IS NULL OR NOT model = ANY(%(regime)s))""",
                ids=ids,
                regime=regime,
                label=self.env._("Erased prospect"),
            )
        )
        env["mail.message"].invalidate_model(["author_id", "email_from", "reply_to"])
        env.execute_query(
            SQL(
                """UPDATE mail_tracking_value
                      SET old_value_char = CASE WHEN old_value_integer = ANY(%(ids)s) THEN %(label)s
                                                ELSE old_value_char END,
                          new_value_char = CASE WHEN new_value_integer = ANY(%(ids)s) THEN %(label)s
                                                ELSE new_value_char END
                    WHERE field_id IN (SELECT id FROM ir_model_fields
                                        WHERE relation = 'res.partner' AND ttype = 'many2one')
                      AND (old_value_integer = ANY(%(ids)s) OR new_value_integer = ANY(%(ids)s))""",
                ids=ids,
                label=self.env._("Erased prospect"),
            )
        )
        env["mail.tracking.value"].invalidate_model()
