"""Since 18.0.1.2.0 the DPO is an auditor: the role no longer implies the
mail template editor right, whose expressions reach the database secret and
the suppression list's key. An update only adds implied groups, so take the
right back from the DPOs who held it through the role alone; administrators
keep it through their own group, and an administrator grants it again to a
DPO who must edit the notice templates."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    dpo = env.ref("gdpr_prospection.group_gdpr_dpo", raise_if_not_found=False)
    editor = env.ref("mail.group_mail_template_editor", raise_if_not_found=False)
    if dpo and editor:
        dpo._remove_group(editor)
