#!/usr/bin/env python3
"""Benchmark: the outgoing gate's cost on the mail queue.

    python3 bench/gate_bench.py -d <database> [--mails 10000]

Queues ``--mails`` one-to-one mails: a third to informed professional
prospects (they leave), a third to customers, a sixth to customers whose
address is on the suppression list (they leave: a suppression entry is about
prospection) and a sixth to prospects never informed (the gate cancels
them). The queue is processed twice by ``mail.mail.send()`` with the SMTP
connection mocked: with the gate, and with the gate switched off (its
screening replaced by "nothing refused"). The overhead is the time the
gate's screening takes, against the whole processing without the gate; the
per-mail figure of both runs is printed beside it. Everything is rolled back.
"""

import sys
import time
from unittest.mock import MagicMock, patch

sys.path.insert(0, __import__("os").path.dirname(__file__))
import benchlib  # noqa: E402


def seed(env, count):
    Partner = env["res.partner"].with_context(tracking_disable=True, mail_create_nolog=True)
    source = env["gdpr.data.source"].create(
        {"name": "Bench directory", "kind": "public_directory", "reuse_allowed": True}
    )
    now = "2026-01-01 10:00:00"
    # share of the queue: 0-1 informed prospects, 2-3 customers,
    # 4 customers on the suppression list, 5 prospects never informed
    kinds = [i % 6 for i in range(count)]
    partners = Partner.browse()
    for start in range(0, count, 1000):
        values = []
        for i in range(start, min(start + 1000, count)):
            vals = {"name": f"Person {i}", "email": f"person{i}@company{i % 97}.example"}
            if kinds[i] in (0, 1, 5):
                vals.update(gdpr_prospect_type="b2b", gdpr_source_id=source.id, function="Buyer")
            values.append(vals)
        partners |= Partner.create(values)
    informed = [p.id for p, kind in zip(partners, kinds, strict=True) if kind in (0, 1)]
    env.cr.execute("UPDATE res_partner SET gdpr_notice_sent_on = %s WHERE id = ANY(%s)", (now, informed))
    suppressed = [p.email for p, kind in zip(partners, kinds, strict=True) if kind == 4]
    env["gdpr.blacklist"]._add([(email, False) for email in suppressed], "objection")
    env.invalidate_all()
    mails = env["mail.mail"].create(
        [{"subject": "Hello", "body_html": "<p>Hello</p>", "recipient_ids": [(4, p.id)]} for p in partners]
    )
    env.flush_all()
    return mails


def process(env, mails, gate_on):
    from odoo.addons.base.models.ir_mail_server import IrMailServer
    from odoo.addons.gdpr_prospection.models.mail_mail import MailMail

    screening = {"seconds": 0.0}
    original = MailMail._gdpr_screen_batch

    def timed(self):
        start = time.perf_counter()
        result = original(self) if gate_on else {}
        screening["seconds"] += time.perf_counter() - start
        return result

    env.invalidate_all()
    with (
        patch.object(IrMailServer, "connect", return_value=MagicMock()),
        patch.object(IrMailServer, "send_email", return_value="<bench@example>"),
        patch.object(MailMail, "_gdpr_screen_batch", timed),
    ):
        start = time.perf_counter()
        env["mail.mail"].browse(mails.ids).send()
        env.flush_all()
        seconds = time.perf_counter() - start
    return seconds, screening["seconds"]


def run(env, count, out=None):
    mails = seed(env, count)
    env.cr.execute("SAVEPOINT gate_bench")
    without_seconds, __ = process(env, mails, gate_on=False)
    env.cr.execute("ROLLBACK TO SAVEPOINT gate_bench")
    env.invalidate_all()
    with_seconds, screening_seconds = process(env, mails, gate_on=True)
    env.cr.execute("SELECT count(*) FROM mail_mail WHERE id = ANY(%s) AND failure_type = 'gdpr_blocked'", (mails.ids,))
    blocked = env.cr.fetchone()[0]
    rows = [
        {
            "bench": f"outgoing gate ({count:,} queued mails)",
            "metric": "ms per mail, with gate vs without",
            "ours": 1000 * with_seconds / count,
            "baseline": 1000 * without_seconds / count,
            "ratio": benchlib.ratio(with_seconds, without_seconds, higher_is_better=False),
            "goal": "",
        },
        {
            "bench": f"outgoing gate ({count:,} queued mails)",
            "metric": f"gate screening, share of processing without it ({blocked:,} cancelled)",
            "ours": f"{screening_seconds / without_seconds:.1%}",
            "goal": "overhead < 5%",
        },
    ]
    for row in rows:
        benchlib.record(out, **row)
    return rows


def main():
    parser = benchlib.argument_parser(__doc__)
    parser.add_argument("--mails", type=int, default=10_000)
    args = parser.parse_args()
    with benchlib.rolled_back_env(args) as env:
        rows = run(env, args.mails, args.json)
    benchlib.print_rows(rows)


if __name__ == "__main__":
    main()
