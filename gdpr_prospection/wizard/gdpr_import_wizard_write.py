from collections import defaultdict

from odoo import models
from odoo.tools import SQL

from ..importer import rows
from ..policy import clocks, professional


class GdprImportWizardWrite(models.TransientModel):
    """The import wizard's second pass: a batch of valid rows screened
    against the suppression list, then created, or matched with the
    prospects already known."""

    _inherit = "gdpr.import.wizard"

    def _partner_row_estimate(self):
        found = self.env.execute_query(SQL("SELECT reltuples FROM pg_class WHERE oid = 'res_partner'::regclass"))
        return max(int(found[0][0]), 0) if found else 0

    def _refresh_partner_statistics(self):
        """Fresh statistics on res_partner, each time this import has about
        doubled it (a few times per file). The whole file is one transaction
        that autovacuum cannot see into: with the statistics of the table
        before the import, the planner takes the new contacts for a handful
        and checks Odoo's parent-cycle constraint with a nested loop over all
        of them, so that each batch costs more than the last. Returns the
        row count the statistics now hold."""
        self.env.cr.execute(SQL("ANALYZE res_partner"))
        return self._partner_row_estimate()

    def _import_batch(self, batch, counts, entries, employers, reasons):
        Partner = self.env["res.partner"].with_context(
            gdpr_channel="import", tracking_disable=True, mail_create_nolog=True, mail_create_nosubscribe=True
        )
        batch = self._screen_batch(batch, counts, entries, reasons)

        # partners already known by their address: one query for the batch
        known = defaultdict(lambda: Partner.browse())
        emails = [values["email"] for __, values in batch if values["email"]]
        if emails:
            for partner in Partner.search_fetch(
                [("email_normalized", "in", emails)],
                ["email_normalized", "gdpr_prospect_type", "gdpr_collected_on", "gdpr_notice_sent_on"],
            ):
                known[partner.email_normalized] |= partner
        to_create, to_update = [], defaultdict(lambda: Partner.browse())
        for line, values in batch:
            partners = known.get(values["email"]) if values["email"] else None
            if not partners:
                to_create.append((line, values))
                continue
            prospects = partners.filtered("gdpr_prospect_type")
            if not prospects:
                entries.append((line, "skipped", reasons["contact"]))
                counts["skipped"] += 1
            elif self.existing_policy == "update":
                to_update[values["source_url"]] |= prospects
                entries.append((line, "updated", reasons["updated"]))
                counts["updated"] += 1
            else:
                entries.append((line, "skipped", reasons["skipped"]))
                counts["skipped"] += 1

        if to_update:
            self._update_known_prospects(to_update)

        if to_create:
            employer_ids = self._employer_ids(
                [values["employer"] for __, values in to_create if values["employer"]], employers, Partner
            )
            Partner.create([self._prospect_values(values, employer_ids) for __, values in to_create])
            counts["created"] += len(to_create)
            entries.extend(
                (line, "flagged", reasons["free_webmail"])
                for line, values in to_create
                if values["type"] == "b2b" and professional.is_free_webmail(values["email"])
            )

    def _screen_batch(self, batch, counts, entries, reasons):
        """The rows of the batch that the suppression list does not name, in
        one query; each row it names is recorded as blocked, by the hash of
        its address only, and reported as "suppressed" and nothing more."""
        Blacklist = self.env["gdpr.blacklist"].sudo()
        hits = Blacklist._screen(
            [values["email"] for __, values in batch if values["email"]],
            [values[key] for __, values in batch for key in ("phone", "mobile") if values[key]],
        )
        suppressed = {line for line, values in batch if {values["email"], values["phone"], values["mobile"]} & hits}
        if not suppressed:
            return batch
        Event = self.env["gdpr.event"].sudo().with_company(self.company_id)
        for line, values in batch:
            if line in suppressed:
                Event._log_identity(values["email"], "blocked", "import")
                entries.append((line, "suppressed", reasons["suppressed"]))
        counts["suppressed"] += len(suppressed)
        return [(line, values) for line, values in batch if line not in suppressed]

    def _update_known_prospects(self, prospects_by_url):
        """New provenance for prospects found again: source and URL, and a
        ``collected`` event. The collection date stays the first one (it
        only moves earlier, when the file says so): retention and the
        Article 14 deadline count from the first collection, never from the
        last (the CNIL's KASPR decision, 2024)."""
        prospects = self.env["res.partner"].browse().union(*prospects_by_url.values())
        prospects.write({"gdpr_source_id": self.source_id.id})
        redated = prospects.filtered(
            lambda p: clocks.earliest_collection(p.gdpr_collected_on, self.collected_on) != p.gdpr_collected_on
        )
        # a recorded re-collection, not a correction by hand
        redated.sudo().write({"gdpr_collected_on": self.collected_on})
        for url, partners in prospects_by_url.items():
            partners.write({"gdpr_source_url": url})
        self.env["gdpr.event"]._log(prospects, "collected", "import", note=self.env._("Found again by an import"))

    def _prospect_values(self, values, employer_ids):
        employer_id = employer_ids.get(values["employer"].lower()) if values["employer"] else False
        return dict(
            rows.partner_fields(values, employer_id),
            gdpr_prospect_type=values["type"],
            gdpr_source_id=self.source_id.id,
            gdpr_source_url=values["source_url"],
            gdpr_collected_on=self.collected_on,
            company_id=self.company_id.id,
        )

    def _find_employers(self, names, Partner=None):
        """Company partners named as these employers, case aside: lowercased
        name -> the oldest company of that name, in one query."""
        Partner = Partner if Partner is not None else self.env["res.partner"]
        wanted = list({name.lower() for name in names})
        if not wanted:
            return {}
        query = Partner._search([("is_company", "=", True)], order="id")
        query.add_where(SQL("lower(%s) = ANY(%s)", SQL.identifier(query.table, "name"), wanted))
        companies = Partner.browse(query)
        companies.fetch(["name"])
        found = {}
        for company in companies:
            found.setdefault(company.name.lower(), company)
        return found

    def _employer_ids(self, names, employers, Partner):
        """Company partners of the employers, found by name (case aside) or
        created, with one search and one create for the whole batch."""
        wanted = {}
        for name in names:
            if name.lower() not in employers:
                wanted.setdefault(name.lower(), name)
        if wanted:
            for key, company in self._find_employers(wanted, Partner).items():
                employers[key] = company.id
            missing = [name for key, name in wanted.items() if key not in employers]
            if missing:
                for company in Partner.create([{"name": name, "is_company": True} for name in missing]):
                    employers[company.name.lower()] = company.id
        return employers
