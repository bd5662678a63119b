from odoo import fields, models, tools


class MailMail(models.Model):
    """A renewal question counts as asked when the mail really left: the
    prospect's "renewal asked on" and its evidence are written then, never
    when the mail was queued (the gate may still cancel it, the server
    refuse it)."""

    _inherit = "mail.mail"

    gdpr_renewal = fields.Boolean(string="GDPR renewal question")

    def _postprocess_sent_message(self, success_pids, failure_reason=False, failure_type=None):
        if not failure_type:
            regime = {model._name for model in self.env["gdpr.prospect.mixin"]._gdpr_regime_models()}
            refused = self.env.context.get("gdpr_refused_recipients") or frozenset()
            asked = {}
            for mail in self.filtered(lambda m: m.gdpr_renewal and m.model in regime and m.res_id):
                record = self.env[mail.model].sudo().browse(mail.res_id).exists()
                if not record:
                    continue
                if record._name == "res.partner":
                    left = record in success_pids
                else:
                    # sent to the record's own address (a lead's), when that address was not refused
                    address = tools.email_normalize(record._gdpr_email() or "")
                    addresses = {tools.email_normalize(a) for a in tools.email_split(mail.email_to or "")}
                    left = bool(address) and address in addresses and (mail.id, address) not in refused
                if left:
                    asked[record._name] = asked.get(record._name, record.browse()) | record
            for records in asked.values():
                records.write({"gdpr_renewal_sent_on": fields.Datetime.now()})
                self.env["gdpr.event"]._log(records, "renewal_sent", "email")
        return super()._postprocess_sent_message(success_pids, failure_reason=failure_reason, failure_type=failure_type)
