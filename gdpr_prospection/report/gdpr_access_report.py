import json

from odoo import api, fields, models

# The personal fields a prospect's record may hold (minimisation keeps the rest empty).
PERSONAL_FIELDS = (
    "name",
    "email",
    "phone",
    "mobile",
    "function",
    "company_name",
    "parent_id",
    "website",
    "street",
    "street2",
    "zip",
    "city",
    "country_id",
    "lang",
)
SUBJECT_FIELDS = (
    "gdpr_prospect_type",
    "gdpr_lawful_basis",
    "gdpr_collected_on",
    "gdpr_notice_sent_on",
    "gdpr_consent_state",
    "gdpr_phone_consent_state",
    "gdpr_phone_consent_on",
    "gdpr_sms_consent_state",
    "gdpr_sms_consent_on",
    "gdpr_objected_on",
    "gdpr_last_contact_on",
    "gdpr_retention_until",
)


class GdprAccessReport(models.AbstractModel):
    """What the company holds about a person, record by record (GDPR Art. 15):
    the data, where it came from (15(1)(g)), the lawful basis, the notice and
    consent history and the retention date. One builder for the access
    report, its JSON copy (Art. 20) and the person's own page."""

    _name = "report.gdpr_prospection.access_report_document"
    _description = "GDPR access report"

    @api.model
    def _value(self, record, name):
        field = record._fields[name]
        value = record[name]
        if not value:
            return False
        if field.type == "selection":
            return dict(field._description_selection(self.env)).get(value, value)
        if field.type == "many2one":
            return value.display_name
        if field.type in ("date", "datetime"):
            return fields.Date.to_string(value) if field.type == "date" else fields.Datetime.to_string(value)
        return value

    @api.model
    def _label(self, record, name):
        return record._fields[name]._description_string(self.env)

    @api.model
    def _holdings(self, records):
        """One dict per record under the regime (partners, or records of any
        model under it: a lead), in plain values (text, ISO dates), for a
        page, a PDF or JSON."""
        Event = self.env["gdpr.event"].sudo()
        event_types = dict(Event._fields["event_type"]._description_selection(self.env))
        channels = dict(Event._fields["channel"]._description_selection(self.env))
        result = []
        for record in (each.sudo().with_context(active_test=False) for each in records):
            source = record.gdpr_source_id
            if record._name == "res.partner":
                names, evidence = PERSONAL_FIELDS, [("partner_ref", "=", record.id)]
            else:
                names = record._gdpr_access_fields()
                evidence = [("res_model", "=", record._name), ("res_id", "=", record.id)]
            events = Event.search(evidence, order="date, id")
            result.append(
                {
                    "id": record.id,
                    "company": record.company_id.name or self.env.company.name,
                    "data": [
                        (self._label(record, name), self._value(record, name))
                        for name in names
                        if name in record._fields and self._value(record, name)
                    ],
                    "regime": [
                        (self._label(record, name), self._value(record, name))
                        for name in SUBJECT_FIELDS
                        if self._value(record, name)
                    ],
                    "source": {
                        "name": source.name or False,
                        "kind": self._value(source, "kind") if source else False,
                        "url": record.gdpr_source_url or source.base_url or False,
                        "collected_on": self._value(record, "gdpr_collected_on"),
                        "publicly_accessible": bool(source.publicly_accessible) if source else False,
                    },
                    "history": [
                        {
                            "date": fields.Datetime.to_string(event.date),
                            "event": event_types.get(event.event_type, event.event_type),
                            "channel": channels.get(event.channel, event.channel),
                        }
                        for event in events
                    ],
                    "retention_until": self._value(record, "gdpr_retention_until"),
                }
            )
        return result

    @api.model
    def _json(self, records):
        """The same as JSON (portability, GDPR Art. 20)."""
        return json.dumps(
            {"generated_on": fields.Datetime.to_string(fields.Datetime.now()), "records": self._holdings(records)},
            ensure_ascii=False,
            indent=2,
        )

    @api.model
    def _get_report_values(self, docids, data=None):
        # a request's answer names its records (partners and leads) in ``data``
        pairs = (data or {}).get("records") or [["res.partner", doc_id] for doc_id in docids or []]
        docs = [self.env[model].browse(record_id) for model, record_id in pairs if model in self.env]
        docs = [doc for doc in docs if doc.exists()]
        return {
            "doc_ids": docids,
            "doc_model": "res.partner",
            "docs": docs,
            "holdings": {f"{doc._name},{doc.id}": item for doc, item in zip(docs, self._holdings(docs), strict=True)},
            "printed_on": fields.Datetime.to_string(fields.Datetime.now()),
        }
