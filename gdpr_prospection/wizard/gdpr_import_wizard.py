import base64
import logging
from collections import defaultdict
from itertools import islice

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.service.model import PG_CONCURRENCY_EXCEPTIONS_TO_RETRY

from ..importer import files, report, rows

_logger = logging.getLogger(__name__)

GDPR_USER = "gdpr_prospection.group_gdpr_user"
# Rows per create call, per suppression query, per employer query.
BATCH_SIZE = 1000
# Rejected and skipped rows shown in the wizard; the CSV report has them all.
REPORT_PREVIEW_ROWS = 200


class GdprImportWizard(models.TransientModel):
    """Import prospects from a CSV or XLSX file, with their provenance,
    within the company's minimisation set, screened against the suppression
    list, and with a report of every row that was not imported.

    The checks of the file and their wording are in
    gdpr_import_wizard_check.py, the writing of the valid rows in
    gdpr_import_wizard_write.py."""

    _name = "gdpr.import.wizard"
    _description = "Import prospects"

    file = fields.Binary(attachment=False, help="CSV (any delimiter) or XLSX, one prospect per row.")
    file_name = fields.Char()
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    source_id = fields.Many2one(
        "gdpr.data.source",
        string="Data source",
        domain="[('company_id', '=', company_id), ('reuse_allowed', '=', True)]",
        help="Where the data was found (GDPR Art. 14(2)(f)). Your DPO registers new sources, "
        "and only those whose terms allow reuse can feed prospects.",
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
        help="A type column in the file, when there is one, decides for the rows where it is filled.",
    )
    lang = fields.Selection(
        "_lang_get",
        string="Default language",
        default=lambda self: self.env.lang,
        help="For the rows whose language cell is empty.",
    )
    existing_policy = fields.Selection(
        [("skip", "Skip them"), ("update", "Record the new source (the first collection date stays)")],
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
            except (files.ProspectFileError, UserError):
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
            raise AccessError(self.env._("Only prospection users import prospects."))
        if not self.source_id:
            raise UserError(self.env._("Choose the data source of this file (GDPR Art. 14(2)(f))."))
        self.source_id._check_reuse_allowed()
        if self.collected_on > fields.Date.context_today(self):
            raise UserError(self.env._("The collection date cannot be in the future."))
        data = self._file_data()
        if not data:
            raise UserError(
                self.env._("The file is empty.") if self.file_name else self.env._("Choose a file to import.")
            )
        plan = self._checked_column_plan(data)
        options = self._row_options()

        row_count, rejected = self._check_rows(data, plan, options)
        if not row_count:
            raise UserError(self.env._("The file holds a header and no prospect: there is nothing to import."))
        reasons = self._reason_messages()
        entries = [
            (line, "rejected", self._reason_text(reasons, code, params))
            for line, (code, params) in sorted(rejected.items())
        ]
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
            raise UserError(self.env._("Nothing was imported: %(error)s", error=error.args[0])) from error
        except Exception as error:
            _logger.exception("Prospect import failed")
            raise UserError(
                self.env._("Nothing was imported: the import failed unexpectedly (%(error)s).", error=error)
            ) from error
        counts["rejected"] = len(rejected)
        entries = sorted(entries + written)
        self._write_report(row_count, entries, counts)
        # the file holds personal data that is no longer needed
        self.write({"state": "done", "file": False})
        return self._reopen()

    # ------------------------------------------------------------------
    # The two passes

    def _check_rows(self, data, plan, options):
        """First pass: check every row; nothing is written.

        :return: (number of rows, {line: (code, params)} of the rows rejected)
        """
        rejected, row_count = {}, 0
        employed, verdicts = [], {}  # valid rows with an employer; see _employer_errors
        for line, values, error in rows.check_rows(self._data_rows(data), plan, options):
            row_count += 1
            if error:
                rejected[line] = error
            elif values["employer"]:
                employed.append((line, values))
                if len(employed) == BATCH_SIZE:
                    rejected.update(self._employer_errors(employed, verdicts))
                    employed = []
        rejected.update(self._employer_errors(employed, verdicts))
        return row_count, rejected

    def _import_rows(self, data, plan, options, rejected, reasons):
        """Second pass: create, update or skip the valid rows, batch by batch.

        :return: (counts, report entries of the rows not created)
        """
        counts = defaultdict(int)
        entries = []
        employers = {}  # lowercased name -> id, across batches
        checked = rows.check_rows(self._data_rows(data), plan, options)
        valid = ((line, values) for line, values, error in checked if line not in rejected and not error)
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

    # ------------------------------------------------------------------
    # Report

    def _write_report(self, row_count, entries, counts):
        reasons_header = [self.env._("Line"), self.env._("Status"), self.env._("Reason"), self.env._("Warning")]
        statuses = {
            "rejected": self.env._("Rejected"),
            "suppressed": self.env._("Suppressed"),
            "skipped": self.env._("Skipped"),
            "updated": self.env._("Updated"),
            "flagged": self.env._("Imported"),
        }
        lines = [
            (line, statuses[status], "", reason) if status == "flagged" else (line, statuses[status], reason, "")
            for line, status, reason in entries
        ]
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
                    {"rows": lines[:REPORT_PREVIEW_ROWS], "more": max(len(lines) - REPORT_PREVIEW_ROWS, 0)},
                )
                if lines
                else False,
                "report_file": base64.b64encode(report.report_csv(reasons_header, lines)) if lines else False,
                "report_file_name": self.env._("prospect_import_report.csv") if lines else False,
            }
        )

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": self.env._("Import prospects"),
        }
