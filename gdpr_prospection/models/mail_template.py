from lxml import html
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import safe_eval
from odoo.tools.translate import LazyTranslate

from ..policy import inputs, notice

_lt = LazyTranslate(__name__)

ELEMENT_LABELS = {
    "controller": _lt("identity and contact of the controller"),
    "dpo": _lt("contact of the data protection officer"),
    "purpose": _lt("purposes and legal basis"),
    "categories": _lt("categories of data"),
    "recipients": _lt("recipients"),
    "transfers": _lt("transfers outside the EU"),
    "retention": _lt("retention period"),
    "legitimate_interest": _lt("legitimate interest pursued"),
    "rights": _lt("rights of the person"),
    "withdrawal": _lt("right to withdraw consent"),
    "complaint": _lt("right to complain to the CNIL"),
    "source": _lt("source of the data"),
    "automated": _lt("automated decisions"),
    "objection": _lt("right to object, with its link"),
    "consent": _lt("consent request, with its link"),
}
# Elements whose block must hold a link to this public page.
ELEMENT_LINKS = {"objection": "/gdpr/object/", "consent": "/gdpr/consent/"}


class MailTemplate(models.Model):
    _inherit = "mail.template"

    gdpr_notice_type = fields.Selection(
        [("b2b", "B2B notice"), ("b2c", "B2C notice and consent request")],
        string="GDPR notice",
        compute="_compute_gdpr_notice_type",
    )
    gdpr_missing_elements = fields.Char(string="Missing GDPR elements", compute="_compute_gdpr_missing_elements")

    @api.model
    def _gdpr_notice_xmlids(self):
        """{xml id: prospect type} of the notice templates (bridges add theirs)."""
        return {f"gdpr_prospection.mail_template_gdpr_notice_{kind}": kind for kind in ("b2b", "b2c")}

    def _compute_gdpr_notice_type(self):
        by_id = {
            self.env.ref(xmlid, raise_if_not_found=False): kind for xmlid, kind in self._gdpr_notice_xmlids().items()
        }
        for template in self:
            template.gdpr_notice_type = by_id.get(template._origin, False)

    @api.depends("body_html", "gdpr_notice_type")
    def _compute_gdpr_missing_elements(self):
        for template in self:
            missing = []
            if template.gdpr_notice_type:
                missing = template._gdpr_missing_elements(template.body_html, template.gdpr_notice_type, rendered=False)
            template.gdpr_missing_elements = ", ".join(missing)

    @api.model
    def _gdpr_missing_elements(self, body, prospect_type, rendered=True):
        """Labels of the mandatory elements that ``body`` lacks. A rendered
        body must also hold the text and the links of each element, and a
        value in each of its ``data-gdpr-value`` marks: the static label of
        an element always holds text, an empty setting does not."""
        present = set()
        if body:
            tree = html.fromstring(str(body))
            for node in tree.xpath("//*[@data-gdpr]"):
                name = node.get("data-gdpr")
                if rendered and not node.text_content().strip():
                    continue
                if rendered and any(not value.text_content().strip() for value in node.xpath(".//*[@data-gdpr-value]")):
                    continue
                link = ELEMENT_LINKS.get(name)
                if rendered and link and not any(link in (a.get("href") or "") for a in node.iter("a")):
                    continue
                present.add(name)
        lang = self.env.lang or "en_US"
        return [ELEMENT_LABELS[name]._translate(lang) for name in notice.missing_elements(prospect_type, present)]

    @api.model
    def _render_template_qweb(self, template_src, model, res_ids, add_context=None, options=None):
        """Notices go to thousands of prospects at once: compile the template
        once per batch, where core compiles it again for every record."""
        if (
            not self.env.context.get("gdpr_compile_once")
            or len(res_ids) < 2
            or not template_src
            or not self._has_unsafe_expression_template_qweb(template_src, model)
        ):
            return super()._render_template_qweb(template_src, model, res_ids, add_context, options)
        variables = self._render_eval_context()
        variables.update(add_context or {})
        IrQweb = self.env["ir.qweb"].with_context(**(options or {}))
        functions, def_name = IrQweb._compile(html.fragment_fromstring(template_src, create_parent="div"))
        render = functions[def_name]
        results = {}
        for record in self.env[model].browse(res_ids):
            values = dict(variables, object=record, true=True, false=False)
            qweb = IrQweb._prepare_environment(values)
            safe_eval.check_values(values)
            # drop the <div> that wraps the fragment, as core does
            results[record.id] = Markup("".join(render(qweb, values)))[5:-6]
        return results

    def _render_field(self, field, res_ids, *args, **kwargs):
        """A notice never links to anything but a web or mail address, even
        from a template edited (or installed) before the input checks."""
        results = super()._render_field(field, res_ids, *args, **kwargs)
        if field == "body_html" and any(self.mapped("gdpr_notice_type")):
            results = {
                res_id: Markup(inputs.inert_links(str(body))) if isinstance(body, Markup) else inputs.inert_links(body)
                for res_id, body in results.items()
            }
        return results

    def _gdpr_check_rendered(self, prospect_type, body, lang):
        missing = self._gdpr_missing_elements(body, prospect_type)
        if missing:
            raise UserError(
                self.env._(
                    "The notice template “%(template)s” (%(lang)s) cannot be sent: it lacks %(missing)s "
                    "(GDPR Art. 14, 21(4)). Your DPO fills them in under Settings > GDPR prospection "
                    "(controller contact, DPO, retention) or restores them in the template.",
                    template=self.name,
                    lang=lang,
                    missing=", ".join(missing),
                )
            )
