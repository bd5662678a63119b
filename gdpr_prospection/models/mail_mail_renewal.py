from odoo import fields, models


class MailMail(models.Model):
    """A renewal question counts as asked when the mail really left: the
    prospect's "renewal asked on" and its evidence are written then, never
    when the mail was queued (the gate may still cancel it, the server
    refuse it)."""

    _inherit = "mail.mail"

    gdpr_renewal = fields.Boolean(string="GDPR renewal question")

    def _postprocess_sent_message(self, success_pids, failure_reason=False, failure_type=None):
        if not failure_type:
            asked = {}
            for __, record in self.filtered("gdpr_renewal")._gdpr_reached_records(success_pids):
                asked[record._name] = asked.get(record._name, record.browse()) | record
            for records in asked.values():
                records.write({"gdpr_renewal_sent_on": fields.Datetime.now()})
                self.env["gdpr.event"]._log(records, "renewal_sent", "email")
        return super()._postprocess_sent_message(success_pids, failure_reason=failure_reason, failure_type=failure_type)
