"""Odoo's server with the outgoing mail caught: each mail is written to a
folder and announced on the terminal, and no SMTP server is ever contacted.
Run by bin/demo; the arguments are odoo-bin's.

    python3 bin/serve_demo.py MAIL_FOLDER [odoo-bin arguments...]
"""

import itertools
import pathlib
import sys
import threading

import odoo  # first: Odoo's own monkeypatches (Werkzeug 3.0) run when it is imported
from odoo.addons.base.models.ir_mail_server import IrMailServer


class CaughtSmtp:
    """Stands for an SMTP session: keeps the message in the folder."""

    counter = itertools.count(1)
    lock = threading.Lock()
    from_filter = False
    smtp_from = False

    def __init__(self, folder):
        self.folder = folder

    def send_message(self, message, smtp_from, smtp_to_list):
        with self.lock:
            path = self.folder / f"{next(self.counter):04d}.eml"
        path.write_bytes(message.as_bytes())
        print(f"mail caught: to {', '.join(smtp_to_list)}: {message['Subject']} ({path})", flush=True)

    def quit(self):
        pass

    close = quit


def main():
    folder = pathlib.Path(sys.argv[1])
    folder.mkdir(parents=True, exist_ok=True)
    IrMailServer.connect = lambda self, *args, **kwargs: CaughtSmtp(folder)
    sys.argv[1:] = ["server", *sys.argv[2:]]
    odoo.cli.main()


if __name__ == "__main__":
    main()
