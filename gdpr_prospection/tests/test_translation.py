import io
import pathlib

import polib

from odoo.modules.module import get_module_path
from odoo.tests import TransactionCase, tagged
from odoo.tools.translate import trans_export


@tagged("post_install", "-at_install")
class TestTranslation(TransactionCase):
    """Every term the installed code exports has its French translation: the
    check of the .pot files alone would pass on a stale template."""

    def test_every_exported_term_is_translated_in_french(self):
        modules = self.env["ir.module.module"].search(
            [("name", "=like", "gdpr_prospection%"), ("state", "=", "installed")]
        )
        self.assertIn("gdpr_prospection", modules.mapped("name"))
        for module in modules:
            with self.subTest(module=module.name):
                buffer = io.BytesIO()
                trans_export(False, [module.name], buffer, "po", self.env.cr)
                exported = polib.pofile(buffer.getvalue().decode())
                french_path = pathlib.Path(get_module_path(module.name)) / "i18n" / "fr.po"
                french = {entry.msgid: entry.msgstr for entry in polib.pofile(str(french_path))}
                missing = [entry.msgid[:80] for entry in exported if not french.get(entry.msgid, "").strip()]
                self.assertEqual(missing, [], f"{module.name}: terms without French translation")

    def test_every_view_opens_in_french(self):
        """An inherited view that finds its place by a text (``contains(.,
        'Requests of persons')``) breaks once the parent is translated: the
        French DPO's overview then failed to open."""
        self.env["res.lang"]._activate_lang("fr_FR")
        modules = self.env["ir.module.module"].search(
            [("name", "=like", "gdpr_prospection%"), ("state", "=", "installed")]
        )
        self.env["ir.module.module"]._load_module_terms(modules.mapped("name"), ["fr_FR"], overwrite=True)
        views = (
            self.env["ir.model.data"]
            .search([("module", "in", modules.mapped("name")), ("model", "=", "ir.ui.view")])
            .mapped("res_id")
        )
        self.assertTrue(views)
        for view in self.env["ir.ui.view"].with_context(lang="fr_FR").browse(views):
            if view.type == "qweb":
                continue
            with self.subTest(view=view.xml_id):
                root = view
                while root.inherit_id and root.mode == "extension":
                    root = root.inherit_id
                self.env[view.model].with_context(lang="fr_FR").get_view(root.id, view.type)
