from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError

# Each figure of the overview and the prospects (or records) behind it.
PROSPECTS = [("gdpr_prospect_type", "!=", False)]
OPEN_REQUESTS = [("state", "in", ("new", "verified"))]


def _figures(today):
    soon = fields.Date.to_string(today + timedelta(days=7))
    today_str = fields.Date.to_string(today)
    return {
        "prospect": ("res.partner", PROSPECTS),
        "b2b": ("res.partner", [("gdpr_prospect_type", "=", "b2b")]),
        "b2c": ("res.partner", [("gdpr_prospect_type", "=", "b2c")]),
        "notice_overdue": (
            "res.partner",
            PROSPECTS + [("gdpr_notice_sent_on", "=", False), ("gdpr_notice_due_on", "<", today_str)],
        ),
        "notice_due_soon": (
            "res.partner",
            PROSPECTS
            + [
                ("gdpr_notice_sent_on", "=", False),
                ("gdpr_notice_due_on", ">=", today_str),
                ("gdpr_notice_due_on", "<=", soon),
            ],
        ),
        "notice_blocked": ("res.partner", PROSPECTS + [("gdpr_notice_blocked", "=", True)]),
        "notice_failed": ("res.partner", PROSPECTS + [("gdpr_notice_failed", "=", True)]),
        "consent_pending": ("res.partner", PROSPECTS + [("gdpr_consent_state", "=", "pending")]),
        "consent_given": ("res.partner", PROSPECTS + [("gdpr_consent_state", "=", "given")]),
        "objected": ("res.partner", PROSPECTS + [("gdpr_objected_on", "!=", False)]),
        "due_erasure": ("res.partner", PROSPECTS + [("gdpr_erasure_reason", "!=", False)]),
        "retention_soon": (
            "res.partner",
            PROSPECTS + [("gdpr_retention_until", "<=", fields.Date.to_string(today + timedelta(days=30)))],
        ),
        "request_open": ("gdpr.request", OPEN_REQUESTS),
        "request_due_soon": (
            "gdpr.request",
            OPEN_REQUESTS + [("deadline", ">=", today_str), ("deadline", "<=", soon)],
        ),
        "request_overdue": ("gdpr.request", OPEN_REQUESTS + [("deadline", "<", today_str)]),
        "suppression": ("gdpr.blacklist", []),
        "erased_30d": (
            "gdpr.event",
            [("event_type", "=", "purged"), ("date", ">=", fields.Datetime.to_string(today - timedelta(days=30)))],
        ),
    }


class GdprOverview(models.TransientModel):
    """The DPO's compliance overview: one figure per state, the list behind
    each one click away."""

    _name = "gdpr.overview"
    _description = "GDPR compliance overview"

    prospect_count = fields.Integer(string="Prospects", compute="_compute_counts")
    b2b_count = fields.Integer(string="B2B", compute="_compute_counts")
    b2c_count = fields.Integer(string="B2C", compute="_compute_counts")
    notice_overdue_count = fields.Integer(string="Notices overdue", compute="_compute_counts")
    notice_due_soon_count = fields.Integer(string="Notices due within 7 days", compute="_compute_counts")
    notice_blocked_count = fields.Integer(string="Cannot be informed", compute="_compute_counts")
    notice_failed_count = fields.Integer(string="Notices failed", compute="_compute_counts")
    consent_pending_count = fields.Integer(string="Consents pending", compute="_compute_counts")
    consent_given_count = fields.Integer(string="Consents given", compute="_compute_counts")
    objected_count = fields.Integer(string="Objected", compute="_compute_counts")
    due_erasure_count = fields.Integer(string="Due for erasure", compute="_compute_counts")
    retention_soon_count = fields.Integer(string="Retention ends within 30 days", compute="_compute_counts")
    request_open_count = fields.Integer(string="Requests to answer", compute="_compute_counts")
    request_due_soon_count = fields.Integer(string="Requests due within 7 days", compute="_compute_counts")
    request_overdue_count = fields.Integer(string="Requests overdue", compute="_compute_counts")
    suppression_count = fields.Integer(string="Suppression entries", compute="_compute_counts")
    erased_30d_count = fields.Integer(string="Erased in the last 30 days", compute="_compute_counts")

    # the first day's checklist: what a notice and the purge need
    setup_controller = fields.Boolean(string="Privacy contact of the company", compute="_compute_setup")
    setup_dpo = fields.Boolean(string="Data protection officer and their address", compute="_compute_setup")
    setup_recipients = fields.Boolean(string="Who receives the prospects' data", compute="_compute_setup")
    setup_privacy_url = fields.Boolean(string="Privacy policy (web address)", compute="_compute_setup")
    setup_source = fields.Boolean(string="At least one data source that may be reused", compute="_compute_setup")
    setup_purge = fields.Boolean(string="The nightly purge is on", compute="_compute_setup")
    setup_done = fields.Boolean(compute="_compute_setup")

    @api.depends_context("company")
    def _compute_setup(self):
        self._check_dpo()
        company = self.env.company
        purge = self.env.ref("gdpr_prospection.ir_cron_gdpr_purge", raise_if_not_found=False)
        facts = {
            "setup_controller": bool(company.gdpr_controller_contact or company.email),
            "setup_dpo": bool(company.gdpr_dpo_name and company.gdpr_dpo_email),
            "setup_recipients": bool(company.gdpr_recipients),
            "setup_privacy_url": bool(company.gdpr_privacy_policy_url),
            "setup_source": bool(
                self.env["gdpr.data.source"].search_count(
                    [("reuse_allowed", "=", True), ("company_id", "in", [company.id, False])], limit=1
                )
            ),
            "setup_purge": bool(purge and purge.sudo().active),
        }
        for overview in self:
            overview.update(facts)
            overview.setup_done = all(facts.values())

    @api.model
    def _figures(self, today):
        """{figure: (model, domain)}; a bridge adds its own."""
        return _figures(today)

    def _compute_display_name(self):
        for overview in self:
            overview.display_name = self.env._("GDPR compliance overview")

    @api.model
    def _check_dpo(self):
        if not self.env.user.has_group("gdpr_prospection.group_gdpr_dpo"):
            raise AccessError(self.env._("The compliance overview is for the data protection officer."))

    def _compute_counts(self):
        self._check_dpo()
        today = fields.Date.context_today(self)
        counts = {name: self.env[model].search_count(domain) for name, (model, domain) in self._figures(today).items()}
        for overview in self:
            for name, count in counts.items():
                overview[f"{name}_count"] = count

    @api.model
    def action_open_overview(self):
        self._check_dpo()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Overview"),
            "res_model": self._name,
            "res_id": self.create({}).id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }

    def action_open(self):
        """Open the records behind the figure named in the context."""
        self._check_dpo()
        name = self.env.context.get("gdpr_figure")
        model, domain = self._figures(fields.Date.context_today(self))[name]
        label = self._fields[f"{name}_count"]._description_string(self.env)
        action = {
            "type": "ir.actions.act_window",
            "name": label,
            "res_model": model,
            "domain": domain,
            "view_mode": "list,form",
            "views": [(False, "list"), (False, "form")],
        }
        if model == "res.partner":
            action["views"] = [
                (self.env.ref("gdpr_prospection.view_partner_list_gdpr_prospects").id, "list"),
                (False, "form"),
            ]
        return action
