from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..policy import inputs


class GdprDataSource(models.Model):
    _name = "gdpr.data.source"
    _description = "Source of prospect data"
    _order = "name, id"

    name = fields.Char(required=True, translate=False)
    kind = fields.Selection(
        [
            ("social_network", "Social network"),
            ("company_website", "Company website"),
            ("public_directory", "Public directory"),
            ("event", "Trade show or event"),
            ("other", "Other"),
        ],
        required=True,
        default="other",
    )
    base_url = fields.Char(string="Base URL")
    reuse_allowed = fields.Boolean(
        string="Terms allow reuse",
        help="The source's terms of use allow the reuse of its data for prospection.",
    )
    publicly_accessible = fields.Boolean(
        string="Publicly accessible",
        default=True,
        help="Stated in the Article 14 notice (GDPR Art. 14(2)(f)).",
    )
    notes = fields.Text()
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    prospect_count = fields.Integer(compute="_compute_prospect_count")

    def _compute_prospect_count(self):
        counts = dict(
            self.env["res.partner"]._read_group(
                [("gdpr_source_id", "in", self.ids), ("gdpr_prospect_type", "!=", False)],
                ["gdpr_source_id"],
                ["__count"],
            )
        )
        for source in self:
            source.prospect_count = counts.get(source, 0)

    @api.constrains("base_url")
    def _check_base_url(self):
        """The public list of sources renders the base URL as a link."""
        for source in self:
            if source.base_url and not inputs.is_web_url(source.base_url):
                raise ValidationError(
                    self.env._(
                        "“%(field)s” only takes a web address that starts with http:// or https://: "
                        "“%(value)s” is refused.",
                        field=self._fields["base_url"].get_description(self.env)["string"],
                        value=source.base_url,
                    )
                )

    def _check_reuse_allowed(self):
        """A source whose terms forbid reuse feeds no new prospect (GDPR
        Art. 5(1)(a) and 6(1)(f): data taken against the source's terms is
        not processed lawfully, whatever its publicity)."""
        forbidden = self.filtered(lambda source: not source.reuse_allowed)
        if forbidden:
            raise ValidationError(
                self.env._(
                    "The terms of the source “%(name)s” do not allow the reuse of its data for prospection: "
                    "it cannot feed new prospects. If they do, your data protection officer ticks "
                    "“Terms allow reuse” on the source.",
                    name=forbidden[0].display_name,
                )
            )

    def action_view_prospects(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("gdpr_prospection.action_gdpr_prospects")
        action["domain"] = [("gdpr_source_id", "=", self.id)]
        action["context"] = {"default_gdpr_source_id": self.id}
        return action
