from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..roles import GDPR_DPO

REPORT = "gdpr_prospection.action_report_gdpr_access"


class GdprRequestAnswer(models.Model):
    """The DPO's answer to an access request (GDPR Art. 12(3), 15, 20): the
    access report, as a PDF and as JSON, attached to the request and mailed
    to the person. The attachments hold the person's data in clear: they
    go with the person's erasure, the request keeping only its dates."""

    _inherit = "gdpr.request"

    answer_attachment_ids = fields.Many2many(
        "ir.attachment",
        "gdpr_request_answer_attachment_rel",
        "request_id",
        "attachment_id",
        string="Answer",
        readonly=True,
        copy=False,
        help="The access report attached to the request: what the person receives.",
    )
    answered_on = fields.Datetime(readonly=True, copy=False)

    def action_attach_access_report(self):
        """Attach the person's access report (PDF and JSON) to the request."""
        self.ensure_one()
        records = self._answer_records()
        report = self.env["ir.actions.report"].sudo()
        partner_ids = [record.id for record in records if record._name == "res.partner"]
        content, kind = report._render_qweb_pdf(
            REPORT, partner_ids, data={"records": [[record._name, record.id] for record in records]}
        )
        name = self.env._("access-report-%(id)s", id=self.id)
        attachments = (
            self.env["ir.attachment"]
            .sudo()
            .create(
                [
                    {
                        "name": f"{name}.{kind}",
                        "mimetype": "application/pdf" if kind == "pdf" else "text/html",
                        "raw": content,
                        "res_model": self._name,
                        "res_id": self.id,
                    },
                    {
                        "name": f"{name}.json",
                        "mimetype": "application/json",
                        "raw": self.env["report.gdpr_prospection.access_report_document"]._json(records).encode(),
                        "res_model": self._name,
                        "res_id": self.id,
                    },
                ]
            )
        )
        self.answer_attachment_ids.sudo().unlink()
        self.write({"answer_attachment_ids": [fields.Command.set(attachments.ids)]})
        return True

    def action_send_access_report(self):
        """Mail the attached access report to the person's address (attached
        first if it is not yet) and close the request."""
        self.ensure_one()
        records = self._answer_records()
        if not self.answer_attachment_ids:
            self.action_attach_access_report()
        address = records[0]._gdpr_email()
        if not address:
            raise UserError(self.env._("This person has no email address: send the report by letter."))
        request = self.sudo().with_context(lang=self.lang or records[0]._gdpr_lang() or "en_US")
        company = request.company_id
        body = request.env["ir.qweb"]._render(
            "gdpr_prospection.rights_answer_mail",
            {"company": company, "request_url": f"{request.get_base_url()}/gdpr/request"},
        )
        request.env["mail.mail"].create(
            {
                "subject": request.env._("The personal data we hold about you"),
                "email_from": company.gdpr_dpo_email or company.email_formatted,
                "email_to": address,
                "body_html": body,
                "attachment_ids": [fields.Command.set(self.answer_attachment_ids.ids)],
                "auto_delete": True,
                "gdpr_request_id": self.id,
            }
        )
        self.write({"state": "done", "answered_on": fields.Datetime.now()})
        return True

    def _answer_records(self):
        """[record, ...] under the regime that the access report covers
        (partners and leads), checked as the DPO's."""
        self.ensure_one()
        if self.request_type != "access":
            raise UserError(self.env._("The access report answers an access request."))
        if self.state not in ("new", "verified", "done"):
            raise UserError(self.env._("This request was refused: it gets no report."))
        records = self._subject_records()
        if not records:
            raise UserError(self.env._("This person's data was erased: nothing is held but the suppression entry."))
        if not self.env.user.has_group(GDPR_DPO):
            raise AccessError(self.env._("Only the data protection officer answers access requests."))
        return [record.sudo() for record in records]

    @api.model
    def _forget(self, requests, model_name, record_ids):
        """The report copies of the erased go with them, and the mails that
        carry them (also those of the person's other requests, by hash)."""
        hashes = [h for h in requests.mapped("email_hash") if h]
        answered = requests | (self.sudo().search([("email_hash", "in", hashes)]) if hashes else self.browse())
        self.env["mail.mail"].sudo().search([("gdpr_request_id", "in", answered.ids)]).unlink()
        answered.answer_attachment_ids.unlink()
        return super()._forget(requests, model_name, record_ids)
