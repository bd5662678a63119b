from odoo import SUPERUSER_ID, api, models
from odoo.exceptions import UserError
from odoo.osv import expression


def uses_field(used, name):
    """Whether a domain or a list of group specs (``name:granularity``,
    ``name:aggregate``) reads the field ``name``."""
    for item in used or ():
        path = item[0] if isinstance(item, (list, tuple)) and len(item) == 3 else item
        if isinstance(path, str) and path.split(":")[0].split(".")[0] == name:
            return True
    return False


class MailActivity(models.Model):
    """An activity on a prospect goes only to a user of the prospect's
    company whose role sees it (the prospection roles; for a lead, the sales
    users too): its assignment mail, its reminders and
    the assignee's activity menu would show the prospect to anyone else
    (need to know, GDPR Art. 5(1)(f), 32). An activity stores its document's
    name (``res_name``) when it is planned: a user who may not see the
    prospect (an assignee who lost the role) reads the neutral label."""

    _inherit = "mail.activity"

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        return super()._search(self._gdpr_unmasked(domain, domain), offset=offset, limit=limit, order=order)

    @api.model
    def _read_group(self, domain, groupby=(), aggregates=(), having=(), offset=0, limit=None, order=None):
        domain = self._gdpr_unmasked(domain, [*groupby, *aggregates])
        return super()._read_group(domain, groupby, aggregates, having, offset=offset, limit=limit, order=order)

    @api.model
    def _gdpr_unmasked(self, domain, used):
        """``domain``, restricted to the activities whose document the user
        may see when ``used`` (a domain or group specs) reads ``res_name``:
        a search or a grouping on it would tell a prospect's name."""
        if not uses_field(used, "res_name"):
            return domain
        masked = self.env["res.partner"]._gdpr_masked_ids_sql()
        if masked is None:
            return domain
        return expression.AND([domain, ["|", ("res_model", "!=", "res.partner"), ("res_id", "not in", masked)]])

    @api.model_create_multi
    def create(self, vals_list):
        activities = super().create(vals_list)
        activities._gdpr_check_assignees()
        return activities

    def write(self, vals):
        result = super().write(vals)
        if {"user_id", "res_id", "res_model", "res_model_id"} & set(vals):
            self._gdpr_check_assignees()
        return result

    def _gdpr_check_assignees(self):
        regime = {model._name for model in self.env["gdpr.prospect.mixin"]._gdpr_regime_models()}
        activities = self.sudo().filtered(
            lambda a: a.res_model in regime and a.res_id and a.user_id and a.user_id.id != SUPERUSER_ID
        )
        records = {}
        for model in set(activities.mapped("res_model")):
            ids = [a.res_id for a in activities if a.res_model == model]
            found = self.env[model].sudo().with_context(active_test=False).browse(ids).exists()
            records.update({(model, record.id): record for record in found if record.gdpr_prospect_type})
        for activity in activities:
            record = records.get((activity.res_model, activity.res_id))
            user = activity.user_id
            if record and (
                not any(user.has_group(group) for group in record._gdpr_need_to_know_groups())
                or (record.company_id and record.company_id not in user.company_ids)
            ):
                raise UserError(
                    self.env._(
                        "%(user)s may not see this prospect: an activity on a prospect goes only to a user "
                        "of its company whose role needs its data (GDPR Art. 5(1)(f)).",
                        user=user.name,
                    )
                )

    def _gdpr_masked_documents(self):
        """The activities of these about a prospect the user may not see."""
        activities = self.sudo().filtered(lambda activity: activity.res_model == "res.partner" and activity.res_id)
        if not activities:
            return self.browse()
        masked = self.env["res.partner"].browse(activities.mapped("res_id"))._gdpr_masked()
        return self.browse([activity.id for activity in activities if activity.res_id in masked.ids])

    def _read_format(self, fnames, load="_classic_read"):
        result = super()._read_format(fnames, load=load)
        if "res_name" not in fnames:
            return result
        masked = self._gdpr_masked_documents()
        label = self.env["res.partner"]._gdpr_mask_label()
        for values in result:
            if values["id"] in masked.ids:
                values["res_name"] = label
        return result

    def export_data(self, fields_to_export):
        masked = self._gdpr_masked_documents() if "res_name" in fields_to_export else self.browse()
        if not masked:
            return super().export_data(fields_to_export)
        # one record at a time, so that its first line is known
        column = fields_to_export.index("res_name")
        label = self.env["res.partner"]._gdpr_mask_label()
        rows = []
        for activity in self:
            lines = super(MailActivity, activity).export_data(fields_to_export)["datas"]
            if activity in masked and lines:
                lines[0][column] = label
            rows.extend(lines)
        return {"datas": rows}
