from odoo import api, fields, models
from odoo.exceptions import UserError

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
        partners = self._answer_partners()
        report = self.env["ir.actions.report"].sudo()
        content, kind = report._render_qweb_pdf(REPORT, partners.ids)
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
                        "raw": partners._gdpr_access_json().encode(),
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
        partners = self._answer_partners()
        if not self.answer_attachment_ids:
            self.action_attach_access_report()
        address = partners[:1]._gdpr_email()
        if not address:
            raise UserError(self.env._("This person has no email address: send the report by letter."))
        request = self.sudo().with_context(lang=self.lang or partners[:1].lang or "en_US")
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

    def _answer_partners(self):
        self.ensure_one()
        if self.request_type != "access":
            raise UserError(self.env._("The access report answers an access request."))
        if self.state not in ("new", "verified", "done"):
            raise UserError(self.env._("This request was refused: it gets no report."))
        partners = self._subject_partners()
        if not partners:
            raise UserError(self.env._("This person's data was erased: nothing is held but the suppression entry."))
        partners._gdpr_check_access_report()
        return partners.sudo()

    @api.model
    def _forget_partners(self, partner_ids):
        """The report copies of the erased go with them, and the mails that
        carry them."""
        requests = self.sudo().search([("partner_id", "in", list(partner_ids))])
        hashes = [h for h in requests.mapped("email_hash") if h]
        if hashes:
            requests |= self.sudo().search([("email_hash", "in", hashes)])
        self.env["mail.mail"].sudo().search([("gdpr_request_id", "in", requests.ids)]).unlink()
        requests.answer_attachment_ids.unlink()
        return super()._forget_partners(partner_ids)
