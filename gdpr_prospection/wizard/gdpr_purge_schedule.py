from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError

from ..models.gdpr_purge_run import BATCH_SIZE_PARAM, DEFAULT_BATCH_SIZE
from ..roles import GDPR_DPO

CRON_XMLID = "gdpr_prospection.ir_cron_gdpr_purge"


class GdprPurgeSchedule(models.TransientModel):
    """The DPO's view of the nightly purge job: on or off, when, how often,
    batch size. Only this job: the DPO gets no access to other scheduled
    actions."""

    _name = "gdpr.purge.schedule"
    _description = "Schedule of the GDPR purge"

    active = fields.Boolean(string="Purge active")
    nextcall = fields.Datetime(string="Next run", required=True)
    lastcall = fields.Datetime(string="Last run", readonly=True)
    interval_number = fields.Integer(string="Every", required=True, default=1)
    interval_type = fields.Selection(
        [("hours", "Hours"), ("days", "Days"), ("weeks", "Weeks")], string="Unit", required=True, default="days"
    )
    batch_size = fields.Integer(
        required=True,
        default=DEFAULT_BATCH_SIZE,
        help="Prospects erased per transaction; the job goes on batch after batch until none is due.",
    )

    @api.model
    def _cron(self):
        if not self.env.user.has_group(GDPR_DPO):
            raise AccessError(self.env._("Only the data protection officer schedules the purge."))
        return self.env.ref(CRON_XMLID).sudo()

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        cron = self._cron()
        values.update(
            active=cron.active,
            nextcall=cron.nextcall,
            lastcall=cron.lastcall,
            interval_number=cron.interval_number,
            interval_type=cron.interval_type if cron.interval_type in ("hours", "days", "weeks") else "days",
            batch_size=self.env["gdpr.purge.run"]._batch_size(),
        )
        return values

    @api.constrains("interval_number", "batch_size")
    def _check_positive(self):
        for schedule in self:
            if schedule.interval_number < 1 or schedule.batch_size < 1:
                raise ValidationError(self.env._("The interval and the batch size must be at least 1."))

    def action_save(self):
        self.ensure_one()
        self._cron().write(
            {
                "active": self.active,
                "nextcall": self.nextcall,
                "interval_number": self.interval_number,
                "interval_type": self.interval_type,
            }
        )
        self.env["ir.config_parameter"].sudo().set_param(BATCH_SIZE_PARAM, self.batch_size)
        return {"type": "ir.actions.act_window_close"}

    def action_run_now(self):
        """Ask the scheduler to run the job as soon as possible (in its own
        transactions, batch after batch)."""
        self.action_save()
        self._cron()._trigger()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "message": self.env._("The purge will start within a minute; its summary appears in Purge runs."),
                "type": "success",
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
