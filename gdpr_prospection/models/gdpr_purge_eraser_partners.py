from collections import defaultdict

from odoo import Command, api, models
from odoo.tools import SQL

from ..policy import minimisation


class GdprPurgeEraserPartners(models.AbstractModel):
    """The partners' part of the erasure: a partner that kept records
    (invoices, orders) point to is anonymised instead of deleted, with its
    bank accounts."""

    _inherit = "gdpr.purge.eraser"

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
