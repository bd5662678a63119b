from odoo import models
from odoo.tools import create_index


class MailTrackingValue(models.Model):
    _inherit = "mail.tracking.value"

    def init(self):
        # The purge blanks the tracked names of erased partners by their id
        # (many2one values keep the id in these columns): without an index,
        # each batch would scan every tracking value of the database.
        for column in ("old_value_integer", "new_value_integer"):
            create_index(
                self.env.cr,
                f"mail_tracking_value_gdpr_{column}_index",
                self._table,
                [column],
                where=f"{column} IS NOT NULL",
            )
