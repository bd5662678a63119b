#!/usr/bin/env python3
"""Benchmark: "Send GDPR notice" against Odoo's mass-mail composer.

    python3 bench/notice_bench.py -d <database> [--prospects 2000]

Creates N B2B prospects, then, each in a savepoint rolled back afterwards:
- ours: ``res.partner.action_gdpr_send_notice()`` (skip rules, suppression
  screening, completeness check, rendering, queueing);
- baseline: ``mail.compose.message`` in mass-mail mode on the same partners
  with the same template.
Prints mails generated per second and queries per mail. No mail is sent
(the queue is not processed) and nothing is committed.
"""

import sys

sys.path.insert(0, __import__("os").path.dirname(__file__))
import benchlib  # noqa: E402


def seed(env, count):
    source = env["gdpr.data.source"].create({"name": "Notice benchmark directory", "reuse_allowed": True})
    env.company.email = env.company.email or "sales@bench.example"
    vals = [
        {
            "name": f"Notice Bench {i}",
            "email": f"notice.bench{i}@bench{i % 40}.example",
            "gdpr_prospect_type": "b2b",
            "gdpr_source_id": source.id,
            "function": "Buyer",
        }
        for i in range(count)
    ]
    partners = env["res.partner"].browse()
    for start in range(0, count, 500):
        partners |= env["res.partner"].create(vals[start : start + 500])
    env.flush_all()
    return partners


def timed(env, func, partners):
    cr = env.cr
    savepoint = cr.savepoint()
    try:
        env.invalidate_all()
        with benchlib.measure(cr) as result:
            func(env, partners)
            env.flush_all()
        mails = env["mail.mail"].search_count([("res_id", "in", partners.ids), ("model", "=", "res.partner")])
        return result["seconds"], result["queries"], mails
    finally:
        savepoint.close(rollback=True)
        env.invalidate_all(flush=False)


def ours(env, partners):
    partners.action_gdpr_send_notice()


def composer(env, partners):
    template = env.ref("gdpr_prospection.mail_template_gdpr_notice_b2b")
    wizard = (
        env["mail.compose.message"]
        .with_context(active_model="res.partner", active_ids=partners.ids)
        .create(
            {
                "composition_mode": "mass_mail",
                "model": "res.partner",
                "res_ids": partners.ids,
                "template_id": template.id,
            }
        )
    )
    wizard._action_send_mail()


def run(env, count, out=None):
    partners = seed(env, count)
    results = {}
    for name, func in (("ours", ours), ("composer", composer)):
        seconds, queries, mails = timed(env, func, partners)
        results[name] = (mails / seconds if seconds else 0, queries / max(mails, 1), mails)
    rows = [
        {
            "bench": f"notices ({count:,} prospects)",
            "metric": "mails generated/s vs mass-mail composer",
            "ours": results["ours"][0],
            "baseline": results["composer"][0],
            "ratio": benchlib.ratio(results["ours"][0], results["composer"][0]),
            "goal": ">= 1.0x",
        },
        {
            "bench": f"notices ({count:,} prospects)",
            "metric": "queries per mail",
            "ours": results["ours"][1],
            "baseline": results["composer"][1],
            "ratio": benchlib.ratio(results["ours"][1], results["composer"][1], higher_is_better=False),
        },
    ]
    for row in rows:
        benchlib.record(out, **row)
    return rows, results


def main():
    parser = benchlib.argument_parser(__doc__)
    parser.add_argument("--prospects", type=int, default=2000)
    args = parser.parse_args()
    with benchlib.rolled_back_env(args) as env:
        rows, results = run(env, args.prospects, args.json)
    benchlib.print_rows(rows)
    print({name: f"{mails} mails" for name, (_speed, _q, mails) in results.items()})


if __name__ == "__main__":
    main()
