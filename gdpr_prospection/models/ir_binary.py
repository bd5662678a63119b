from odoo import models


class IrBinary(models.AbstractModel):
    """Core mail serves the avatar of whoever wrote a message the user may
    read: a prospect's goes to the neutral placeholder for a user who may not
    see it (res.partner._gdpr_masked), public visitors included."""

    _inherit = "ir.binary"

    def _get_image_stream_from(self, record, field_name="raw", *args, **kwargs):
        if (
            record._name == "res.partner"
            and len(record) == 1
            and field_name.startswith(("avatar_", "image_"))
            and record._gdpr_masked()
        ):
            return self._get_placeholder_stream(record.sudo()._avatar_get_placeholder_path())
        return super()._get_image_stream_from(record, field_name, *args, **kwargs)
