import base64
import logging
from collections import defaultdict
from itertools import islice

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.service.model import PG_CONCURRENCY_EXCEPTIONS_TO_RETRY
from odoo.tools import SQL

from ..policy import prospect_rows

_logger = logging.getLogger(__name__)

GDPR_USER = "gdpr_prospection.group_gdpr_user"
# Rows per create call, per suppression query, per employer query.
BATCH_SIZE = 1000
# Rejected and skipped rows shown in the wizard; the CSV report has them all.
REPORT_PREVIEW_ROWS = 200


class GdprImportWizard(models.TransientModel):
    """Import prospects from a CSV or XLSX file, with their provenance,
    within the company's minimisation set, screened against the suppression
    list, and with a report of every row that was not imported."""

    _name = "gdpr.import.wizard"
    _description = "Import prospects"

    file = fields.Binary(string="File", attachment=False, help="CSV (any delimiter) or XLSX, one prospect per row.")
    file_name = fields.Char()
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    source_id = fields.Many2one(
        "gdpr.data.source",
        string="Data source",
        domain="[('company_id', '=', company_id)]",
        help="Where the data was found (GDPR Art. 14(2)(f)). Your DPO registers new sources.",
    )
    collected_on = fields.Date(
        string="Collected on",
        required=True,
        default=fields.Date.context_today,
        help="The Article 14 notice is due within a month of this date.",
    )
    prospect_type = fields.Selection(
        [("b2b", "Professional (B2B)"), ("b2c", "Consumer (B2C)"), ("file", "As the file's type column says")],
        string="Prospected as",
        required=True,
        default="b2b",
        help="A type column in the file, when there is one, decides for the rows where it is filled.",
    )
    lang = fields.Selection(
        "_lang_get",
        string="Default language",
        default=lambda self: self.env.lang,
        help="For the rows whose language cell is empty.",
    )
    existing_policy = fields.Selection(
        [("skip", "Skip them"), ("update", "Update their source and collection date")],
        string="Prospects already known",
        required=True,
        default="skip",
        help="Rows whose email address belongs to a prospect already in the database. An update gives them "
        "this file's source and collection date; one not informed yet keeps its first collection date, "
        "from which its Article 14 notice is due.",
    )
    import_valid_only = fields.Boolean(
        string="Import the valid rows only",
        help="By default nothing is imported when a row is rejected.",
    )
    drop_columns = fields.Boolean(
        string="Drop these columns",
        help="Import the file without the columns listed above; their content is never stored.",
    )
    forbidden_columns = fields.Char(compute="_compute_column_issues")
    unknown_columns = fields.Char(compute="_compute_column_issues")
    state = fields.Selection(
        [("draft", "Draft"), ("rejected", "Rejected"), ("done", "Done")], default="draft", required=True
    )
    row_count = fields.Integer(string="Rows", readonly=True)
    created_count = fields.Integer(string="Created", readonly=True)
    updated_count = fields.Integer(string="Updated", readonly=True)
    skipped_count = fields.Integer(string="Already known", readonly=True)
    suppressed_count = fields.Integer(string="Suppressed", readonly=True)
    rejected_count = fields.Integer(string="Rejected", readonly=True)
    report_html = fields.Html(string="Report", readonly=True, sanitize=False)
    report_file = fields.Binary(string="Report file", attachment=False, readonly=True)
    report_file_name = fields.Char(readonly=True)

    @api.model
    def _lang_get(self):
        return self.env["res.lang"].get_installed()

    @api.depends("file", "file_name", "company_id")
    def _compute_column_issues(self):
        for wizard in self:
            wizard.forbidden_columns = wizard.unknown_columns = False
            try:
                plan = wizard._column_plan(wizard._file_data())
            except (prospect_rows.ProspectFileError, UserError):
                continue
            wizard.forbidden_columns = ", ".join(plan.forbidden) or False
            wizard.unknown_columns = ", ".join(plan.unknown) or False

    # ------------------------------------------------------------------
    # Actions

    def action_import(self):
        """Check every row, then write the valid ones in one savepoint: all
        of them, or none when a row is rejected (unless the user asked for
        the valid rows only)."""
        self.ensure_one()
        if not self.env.user.has_group(GDPR_USER):
            raise AccessError(_("Only prospection users import prospects."))
        if not self.source_id:
            raise UserError(_("Choose the data source of this file (GDPR Art. 14(2)(f))."))
        if self.collected_on > fields.Date.context_today(self):
            raise UserError(_("The collection date cannot be in the future."))
        data = self._file_data()
        if not data:
            raise UserError(_("The file is empty.") if self.file_name else _("Choose a file to import."))
        plan = self._checked_column_plan(data)
        options = self._row_options()

        # First pass: the file alone, nothing is written.
        rejected = {}
        row_count = 0
        for line, __, error in prospect_rows.check_rows(self._data_rows(data), plan, options):
            row_count += 1
            if error:
                rejected[line] = error
        if not row_count:
            raise UserError(_("The file holds a header and no prospect: there is nothing to import."))
        reasons = self._reason_messages()
        entries = [(line, "rejected", reasons[code] % params) for line, (code, params) in sorted(rejected.items())]
        if rejected and not self.import_valid_only:
            self._write_report(row_count, entries, {"rejected": len(rejected)})
            self.state = "rejected"
            return self._reopen()

        # Second pass: write, all or nothing.
        try:
            with self.env.cr.savepoint():
                counts, written = self._import_rows(data, plan, options, rejected, reasons)
        except PG_CONCURRENCY_EXCEPTIONS_TO_RETRY:
            raise
        except UserError as error:
            raise UserError(_("Nothing was imported: %(error)s", error=error.args[0])) from error
        except Exception as error:
            _logger.exception("Prospect import failed")
            raise UserError(
                _("Nothing was imported: the import failed unexpectedly (%(error)s).", error=error)
            ) from error
        counts["rejected"] = len(rejected)
        entries = sorted(entries + written)
        self._write_report(row_count, entries, counts)
        # the file holds personal data that is no longer needed
        self.write({"state": "done", "file": False})
        return self._reopen()

    # ------------------------------------------------------------------
    # Reading and checking

    def _file_data(self):
        self.ensure_one()
        content = self.with_context(bin_size=False).file
        return base64.b64decode(content) if content else b""

    def _data_rows(self, data):
        """The rows of the file after its header."""
        rows = prospect_rows.read_rows(data, self.file_name)
        next(rows, None)
        return self._guarded(rows)

    def _guarded(self, rows):
        try:
            yield from rows
        except prospect_rows.ProspectFileError as error:
            raise UserError(self._file_error_message(error)) from error

    def _column_plan(self, data):
        rows = prospect_rows.read_rows(data, self.file_name)
        try:
            header = next(rows, None)
        finally:
            rows.close()
        if header is None:
            raise prospect_rows.ProspectFileError("empty")
        return prospect_rows.classify_columns(header[1], self.company_id._gdpr_allowed_field_names())

    def _checked_column_plan(self, data):
        """The column plan of the file, or a UserError that says what to fix."""
        try:
            plan = self._column_plan(data)
        except prospect_rows.ProspectFileError as error:
            raise UserError(self._file_error_message(error)) from error
        problems = []
        if plan.duplicated:
            problems.append(
                _(
                    "Several columns hold the same data: %(columns)s. Keep one of them.",
                    columns=", ".join(plan.duplicated),
                )
            )
        if not self.drop_columns:
            if plan.forbidden:
                problems.append(
                    _(
                        "The file holds personal data that prospects may not hold (data minimisation, "
                        "GDPR Art. 5(1)(c)): %(columns)s.",
                        columns=", ".join(plan.forbidden),
                    )
                )
            if plan.unknown:
                problems.append(
                    _("The import does not know these columns: %(columns)s.", columns=", ".join(plan.unknown))
                )
            if plan.forbidden or plan.unknown:
                problems.append(_("Nothing was imported. Tick “Drop these columns” to import the file without them."))
        missing = plan.missing(type_required=self.prospect_type == "file")
        if "name" in missing:
            problems.append(_("The file needs a name column (a full name, or first and last names)."))
        if "contact" in missing:
            problems.append(_("The file needs an email or a phone column."))
        if "type" in missing:
            problems.append(_("The file needs a type column (B2B or B2C), or choose the type of all its prospects."))
        if problems:
            raise UserError("\n".join(problems))
        return plan

    def _row_options(self):
        languages = self.env["res.lang"]._get_active_by("code")
        lang_allowed = "lang" in self.company_id._gdpr_allowed_field_names()
        return prospect_rows.RowOptions(
            region=self.company_id.country_id.code or "FR",
            default_type=None if self.prospect_type == "file" else self.prospect_type,
            default_lang=(self.lang if self.lang in languages else False) if lang_allowed else False,
            languages=prospect_rows.language_aliases(
                (code, data.name, data.iso_code) for code, data in languages.items()
            ),
        )

    def _file_error_message(self, error):
        params = error.params
        messages = {
            "empty": _("The file is empty."),
            "old_excel": _("Old Excel files (.xls) are not read: save the file as XLSX or CSV."),
            "cell_too_large": _(
                "Line %(line)s holds a cell of more than %(max)s characters: this is not a prospect list. "
                "Nothing was imported.",
                line=params.get("line"),
                max=params.get("max"),
            ),
            "unreadable": _(
                "The file cannot be read as CSV or XLSX (line %(line)s: %(detail)s). Nothing was imported.",
                line=params.get("line"),
                detail=params.get("detail"),
            ),
        }
        return messages.get(error.code, messages["unreadable"])

    def _reason_messages(self):
        """Row statuses and reasons, worded once per import."""
        return {
            "too_long": _("the “%(column)s” cell is too long (more than %(max)s characters)"),
            "no_header": _("a cell lies outside the columns of the header"),
            "missing_name": _("no name"),
            "missing_contact": _("no email address and no phone number"),
            "invalid_email": _("invalid email address"),
            "invalid_phone": _("invalid phone number (“%(column)s”)"),
            "b2c_phone": _(
                "consumer (B2C) with a phone number: phone canvassing of consumers needs their prior, "
                "provable consent (Code de la consommation L223-1, since 11 August 2026)"
            ),
            "invalid_type": _("unknown prospect type (B2B or B2C expected)"),
            "missing_type": _("no prospect type (B2B or B2C)"),
            "invalid_lang": _("unknown or inactive language"),
            "invalid_url": _("invalid source URL"),
            "duplicate": _("duplicate of line %(line)s"),
            "suppressed": _("suppressed"),
            "skipped": _("already in the database: skipped"),
            "contact": _("already a contact who is not a prospect: skipped"),
            "updated": _("already a prospect: new source recorded"),
        }

    # ------------------------------------------------------------------
    # Writing

    def _import_rows(self, data, plan, options, rejected, reasons):
        """Second pass: create, update or skip the valid rows, batch by batch.

        :return: (counts, report entries of the rows not created)
        """
        counts = defaultdict(int)
        entries = []
        employers = {}  # lowercased name -> id, across batches
        rows = prospect_rows.check_rows(self._data_rows(data), plan, options)
        valid = ((line, values) for line, values, error in rows if line not in rejected and not error)
        known_rows, added = self._partner_row_estimate(), 0
        while batch := list(islice(valid, BATCH_SIZE)):
            self._import_batch(batch, counts, entries, employers, reasons)
            # bounded memory: forget the records of this batch
            self.env.flush_all()
            self.env.invalidate_all()
            added += len(batch)
            if added >= max(BATCH_SIZE, known_rows):
                known_rows, added = self._refresh_partner_statistics(), 0
        return counts, entries

    def _partner_row_estimate(self):
        rows = self.env.execute_query(SQL("SELECT reltuples FROM pg_class WHERE oid = 'res_partner'::regclass"))
        return max(int(rows[0][0]), 0) if rows else 0

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
        Event = self.env["gdpr.event"].sudo()

        # the suppression list: one query for the batch, nothing said but "suppressed"
        hits = (
            self.env["gdpr.blacklist"]
            .sudo()
            ._screen(
                [values["email"] for __, values in batch if values["email"]],
                [values[key] for __, values in batch for key in ("phone", "mobile") if values[key]],
            )
        )
        suppressed = [
            (line, values) for line, values in batch if {values["email"], values["phone"], values["mobile"]} & hits
        ]
        if suppressed:
            blacklist = self.env["gdpr.blacklist"].sudo()
            Event.create(
                [
                    {
                        "event_type": "blocked",
                        "channel": "import",
                        "email_hash": blacklist._identity_hashes(values["email"])["email_hash"],
                        "company_id": self.company_id.id,
                        "user_id": self.env.uid,
                    }
                    for __, values in suppressed
                ]
            )
            entries.extend((line, "suppressed", reasons["suppressed"]) for line, __ in suppressed)
            counts["suppressed"] += len(suppressed)
            blocked = {line for line, __ in suppressed}
            batch = [(line, values) for line, values in batch if line not in blocked]

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

    def _update_known_prospects(self, prospects_by_url):
        """New provenance for prospects found again: source, URL and
        collection date, and a ``collected`` event. A prospect not informed
        yet keeps its first collection date: its Article 14 notice is due
        one month after the first collection, not after the last one."""
        prospects = self.env["res.partner"].browse().union(*prospects_by_url.values())
        prospects.write({"gdpr_source_id": self.source_id.id})
        redated = prospects.filtered(
            lambda p: p.gdpr_notice_sent_on or not p.gdpr_collected_on or p.gdpr_collected_on > self.collected_on
        )
        redated.write({"gdpr_collected_on": self.collected_on})
        for url, partners in prospects_by_url.items():
            partners.write({"gdpr_source_url": url})
        self.env["gdpr.event"]._log(prospects, "collected", "import", note=_("Found again by an import"))

    def _prospect_values(self, values, employer_ids):
        vals = {
            "name": values["name"],
            "email": values["email"],
            "phone": values["phone"],
            "mobile": values["mobile"],
            "function": values["function"],
            "parent_id": employer_ids.get(values["employer"].lower()) if values["employer"] else False,
            "gdpr_prospect_type": values["type"],
            "gdpr_source_id": self.source_id.id,
            "gdpr_source_url": values["source_url"],
            "gdpr_collected_on": self.collected_on,
            "company_id": self.company_id.id,
        }
        if values["lang"]:
            # without one, a prospect gets the user's, unless the company does
            # not allow prospects to have a language (res.partner.create)
            vals["lang"] = values["lang"]
        for name in prospect_rows.EXTRA_TEXT_FIELDS:
            if values.get(name):
                vals[name] = values[name]
        return vals

    def _employer_ids(self, names, employers, Partner):
        """Company partners of the employers, found by name (case aside) or
        created, with one search and one create for the whole batch."""
        wanted = {}
        for name in names:
            if name.lower() not in employers:
                wanted.setdefault(name.lower(), name)
        if wanted:
            query = Partner._search([("is_company", "=", True)], order="id")
            query.add_where(SQL("lower(%s) = ANY(%s)", SQL.identifier(query.table, "name"), list(wanted)))
            companies = Partner.browse(query)
            companies.fetch(["name"])
            for company in companies:
                employers.setdefault(company.name.lower(), company.id)
            missing = [name for key, name in wanted.items() if key not in employers]
            if missing:
                for company in Partner.create([{"name": name, "is_company": True} for name in missing]):
                    employers[company.name.lower()] = company.id
        return employers

    def _write_report(self, row_count, entries, counts):
        reasons_header = [_("Line"), _("Status"), _("Reason")]
        statuses = {
            "rejected": _("Rejected"),
            "suppressed": _("Suppressed"),
            "skipped": _("Skipped"),
            "updated": _("Updated"),
        }
        rows = [(line, statuses[status], reason) for line, status, reason in entries]
        self.write(
            {
                "row_count": row_count,
                "created_count": counts.get("created", 0),
                "updated_count": counts.get("updated", 0),
                "skipped_count": counts.get("skipped", 0),
                "suppressed_count": counts.get("suppressed", 0),
                "rejected_count": counts.get("rejected", 0),
                "report_html": self.env["ir.qweb"]._render(
                    "gdpr_prospection.gdpr_import_wizard_report",
                    {"rows": rows[:REPORT_PREVIEW_ROWS], "more": max(len(rows) - REPORT_PREVIEW_ROWS, 0)},
                )
                if rows
                else False,
                "report_file": base64.b64encode(prospect_rows.report_csv(reasons_header, rows)) if rows else False,
                "report_file_name": _("prospect_import_report.csv") if rows else False,
            }
        )

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": _("Import prospects"),
        }
