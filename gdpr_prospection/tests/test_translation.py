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
