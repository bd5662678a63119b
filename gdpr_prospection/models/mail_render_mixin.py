from odoo import api, models


class MailRenderMixin(models.AbstractModel):
    _inherit = "mail.render.mixin"

    @api.model
    def _render_template_qweb(self, template_src, model, res_ids, add_context=None, options=None):
        """Core marks a restricted rendering (a user without the template
        editor right) in the options it is given, which are the field's own
        render options: after one refused expression, every later rendering
        of that field in the process fails. Give it a copy, so that refusing
        a user's expression does not break the composer for everyone."""
        return super()._render_template_qweb(template_src, model, res_ids, add_context, dict(options or {}))
