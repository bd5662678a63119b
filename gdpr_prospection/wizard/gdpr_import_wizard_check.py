import base64

from odoo import models
from odoo.exceptions import UserError

from ..importer import columns, files, rows, vocabulary
from ..policy import minimisation


class GdprImportWizardCheck(models.TransientModel):
    """The import wizard's reading of the file, its checks and the wording of
    what they find: the rules themselves are in the importer package and in
    policy.minimisation."""

    _inherit = "gdpr.import.wizard"

    def _file_data(self):
        self.ensure_one()
        content = self.with_context(bin_size=False).file
        return base64.b64decode(content) if content else b""

    def _data_rows(self, data):
        """The rows of the file after its header."""
        return self._guarded(files.data_rows(data, self.file_name))

    def _guarded(self, file_rows):
        try:
            yield from file_rows
        except files.ProspectFileError as error:
            raise UserError(self._file_error_message(error)) from error

    def _column_plan(self, data):
        header = files.read_header(data, self.file_name)
        return columns.classify_columns(header, self.company_id._gdpr_allowed_field_names())

    def _checked_column_plan(self, data):
        """The column plan of the file, or a UserError that says what to fix."""
        try:
            plan = self._column_plan(data)
        except files.ProspectFileError as error:
            raise UserError(self._file_error_message(error)) from error
        problems = []
        if plan.duplicated:
            problems.append(
                self.env._(
                    "Several columns hold the same data: %(columns)s. Keep one of them.",
                    columns=", ".join(plan.duplicated),
                )
            )
        if not self.drop_columns:
            if plan.forbidden:
                problems.append(
                    self.env._(
                        "The file holds personal data that prospects may not hold (data minimisation, "
                        "GDPR Art. 5(1)(c)): %(columns)s.",
                        columns=", ".join(plan.forbidden),
                    )
                )
            if plan.unknown:
                problems.append(
                    self.env._("The import does not know these columns: %(columns)s.", columns=", ".join(plan.unknown))
                )
            if plan.forbidden or plan.unknown:
                problems.append(
                    self.env._("Nothing was imported. Tick “Drop these columns” to import the file without them.")
                )
        missing = plan.missing(type_required=self.prospect_type == "file")
        if "name" in missing:
            problems.append(self.env._("The file needs a name column (a full name, or first and last names)."))
        if "contact" in missing:
            problems.append(self.env._("The file needs an email or a phone column."))
        if "type" in missing:
            problems.append(
                self.env._("The file needs a type column (B2B or B2C), or choose the type of all its prospects.")
            )
        if problems:
            raise UserError("\n".join(problems))
        return plan

    def _row_options(self):
        languages = self.env["res.lang"]._get_active_by("code")
        allowed = frozenset(self.company_id._gdpr_allowed_field_names())
        return rows.RowOptions(
            region=self.company_id.country_id.code or "FR",
            default_type=None if self.prospect_type == "file" else self.prospect_type,
            default_lang=(self.lang if self.lang in languages else False) if "lang" in allowed else False,
            languages=vocabulary.language_aliases((code, data.name, data.iso_code) for code, data in languages.items()),
            allowed_fields=allowed,
        )

    def _employer_errors(self, employed, verdicts):
        """Rows that res.partner would refuse for the address that Odoo copies
        onto a contact from its employer, when the employer has one: the
        minimisation rule decides whether the copy is the person's data.

        :param employed: [(line, values)] of valid rows with an employer
        :param verdicts: {(employer id, prospect type): refused fields},
            kept by the caller across calls
        :return: {line: ("employer_address", {"fields": [field names]})}
        """
        if not employed:
            return {}
        employers = self._find_employers({values["employer"] for __, values in employed})
        errors = {}
        for line, values in employed:
            employer = employers.get(values["employer"].lower())
            if not employer:
                continue  # created by the import, with a name only
            key = (employer.id, values["type"])
            if key not in verdicts:
                verdicts[key] = self._refused_employer_address(employer, values["type"])
            if verdicts[key]:
                errors[line] = ("employer_address", {"fields": verdicts[key]})
        return errors

    def _refused_employer_address(self, employer, prospect_type):
        """Fields of the employer's address that a new prospect of this type
        may not hold once Odoo has copied them (res.partner._fields_sync)."""
        Partner = self.env["res.partner"]
        address = {name: employer[name] for name in Partner._address_fields()}
        if not any(address.values()):
            return []  # Odoo copies nothing from an employer without an address
        probe = Partner.new(
            {
                "parent_id": employer.id,
                "gdpr_prospect_type": prospect_type,
                **{name: value.id if isinstance(value, models.BaseModel) else value for name, value in address.items()},
            }
        )
        return minimisation.forbidden_fields(
            address,
            self.company_id._gdpr_allowed_field_names(),
            prospect_type,
            phone_consent_given=False,
            inherited=probe._gdpr_inherited_fields(),
        )

    def _file_error_message(self, error):
        params = error.params
        messages = {
            "empty": self.env._("The file is empty."),
            "old_excel": self.env._("Old Excel files (.xls) are not read: save the file as XLSX or CSV."),
            "cell_too_large": self.env._(
                "Line %(line)s holds a cell of more than %(max)s characters: this is not a prospect list. "
                "Nothing was imported.",
                line=params.get("line"),
                max=params.get("max"),
            ),
            "unreadable": self.env._(
                "The file cannot be read as CSV or XLSX (line %(line)s: %(detail)s). Nothing was imported.",
                line=params.get("line"),
                detail=params.get("detail"),
            ),
        }
        return messages.get(error.code, messages["unreadable"])

    def _reason_messages(self):
        """Row statuses and reasons, worded once per import."""
        return {
            "too_long": self.env._("the “%(column)s” cell is too long (more than %(max)s characters)"),
            "no_header": self.env._("a cell lies outside the columns of the header"),
            "missing_name": self.env._("no name"),
            "missing_contact": self.env._("no email address and no phone number"),
            "invalid_email": self.env._("invalid email address"),
            "invalid_phone": self.env._("invalid phone number (“%(column)s”)"),
            "b2c_phone": self.env._(
                "consumer (B2C) with a phone number: phone canvassing of consumers needs their prior, "
                "provable consent (Code de la consommation L223-1, since 11 August 2026)"
            ),
            "not_allowed": self.env._("the prospect may not hold: %(fields)s (data minimisation, GDPR Art. 5(1)(c))"),
            "employer_address": self.env._(
                "the employer's address would be copied onto the prospect, who may not hold: %(fields)s "
                "(data minimisation, GDPR Art. 5(1)(c))"
            ),
            "invalid_type": self.env._("unknown prospect type (B2B or B2C expected)"),
            "b2b_without_profession": self.env._(
                "professional (B2B) without a job title or an employer: a message without consent may only "
                "reach a professional about their profession (CPCE L34-5)"
            ),
            "free_webmail": self.env._(
                "free-webmail address on a professional prospect, most often a private one: write only about "
                "their profession, or ask for consent"
            ),
            "missing_type": self.env._("no prospect type (B2B or B2C)"),
            "invalid_lang": self.env._("unknown or inactive language"),
            "invalid_url": self.env._("invalid source URL"),
            "invalid_website": self.env._("invalid website: only a web address starting with http:// or https://"),
            "duplicate": self.env._("duplicate of line %(line)s"),
            # the status column says what happened to the row: the reason says why
            "suppressed": self.env._("never to be imported or prospected again"),
            "skipped": self.env._("a prospect with this address is already in the database"),
            "contact": self.env._("a contact with this address is already in the database and is not a prospect"),
            "updated": self.env._("already a prospect: new source recorded"),
        }

    def _reason_text(self, reasons, code, params):
        """The reason of a row, worded: field names become their labels."""
        if "fields" in params:
            partner_fields = self.env["res.partner"]._fields
            labels = ", ".join(partner_fields[name]._description_string(self.env) for name in params["fields"])
            params = dict(params, fields=labels)
        return reasons[code] % params
