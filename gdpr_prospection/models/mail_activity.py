from odoo import models


class MailActivity(models.Model):
    """An activity stores its document's name (``res_name``) when it is
    planned: for a prospect, a user who may not see it (an assignee outside
    the prospection roles) reads the neutral label instead."""

    _inherit = "mail.activity"

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
