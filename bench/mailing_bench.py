#!/usr/bin/env python3
"""Benchmark: a mass mailing that leaves out suppressed addresses.

    python3 bench/mailing_bench.py -d <database> [--contacts 10000] [--entries 200000] [--repeat 3]

Needs mass_mailing (and so the mass mailing bridge) installed. Seeds
``--contacts`` mailing contacts on one list, a tenth of them suppressed,
and ``--entries`` suppressed addresses in all. The same mailing to the list
is sent (its mails generated, as ``action_send_mail`` does) twice:

- ours: the addresses on the GDPR suppression list only (keyed hashes), the
  gate on;
- core: the same addresses in ``mail.blacklist`` only, the gate switched
  off, so core's own exclusion does the work.

Prints the time of each (best of ``--repeat``) and their ratio (above 1:
ours is faster). Everything is rolled back.
"""

import sys
import threading
import time
from unittest.mock import patch

sys.path.insert(0, __import__("os").path.dirname(__file__))
import benchlib  # noqa: E402


def seed(env, contacts, entries):
    from odoo.addons.gdpr_prospection.policy import identity

    cr = env.cr
    mailing_list = env["mailing.list"].create({"name": "Benchmark list"})
    suppressed = [f"contact{i}@company{i % 97}.example" for i in range(0, contacts, 10)]
    others = [f"elsewhere{i}@other{i % 89}.example" for i in range(entries - len(suppressed))]
    cr.execute(
        """INSERT INTO mailing_contact (name, email, email_normalized, create_date, write_date)
           SELECT 'Contact ' || i, a, a, now(), now()
             FROM generate_series(0, %s - 1) AS i,
                  LATERAL (SELECT 'contact' || i || '@company' || (i %% 97) || '.example' AS a) AS address
           RETURNING id""",
        (contacts,),
    )
    contact_ids = [row[0] for row in cr.fetchall()]
    cr.execute(
        """INSERT INTO mailing_subscription (contact_id, list_id, opt_out, create_date, write_date)
           SELECT c, %s, false, now(), now() FROM unnest(%s::int[]) AS c""",
        (mailing_list.id, contact_ids),
    )
    key = env["gdpr.blacklist"]._hash_key()
    addresses = suppressed + others
    hashes = [identity.email_hashes(key, address) for address in addresses]
    return mailing_list, addresses, hashes


def fill(env, table, addresses, hashes):
    cr = env.cr
    cr.execute("DELETE FROM gdpr_blacklist")
    cr.execute("DELETE FROM mail_blacklist")
    for start in range(0, len(addresses), 20000):
        if table == "gdpr_blacklist":
            chunk = hashes[start : start + 20000]
            cr.execute(
                "INSERT INTO gdpr_blacklist (email_hash, email_match_hash, reason, date, expires_on, active)"
                " SELECT e, m, 'objection', now(), now() + interval '3 years', true"
                " FROM unnest(%s::varchar[], %s::varchar[]) AS t(e, m)",
                ([h[0] for h in chunk], [h[1] for h in chunk]),
            )
        else:
            cr.execute(
                "INSERT INTO mail_blacklist (email, active, create_date, write_date)"
                " SELECT e, true, now(), now() FROM unnest(%s::varchar[]) AS t(e) ON CONFLICT DO NOTHING",
                (addresses[start : start + 20000],),
            )
    cr.execute(f"ANALYZE {table}")  # noqa: S608 - a constant of this file
    env.invalidate_all()


def send(env, mailing_list, gate_on):
    from odoo.addons.gdpr_prospection.models.gdpr_outgoing_gate import GdprOutgoingGate

    mailing = env["mailing.mailing"].create(
        {
            "subject": "Our offer",
            "body_html": "<p>Hello {{ object.name }}</p>",
            "mailing_model_id": env["ir.model"]._get_id("mailing.list"),
            "contact_list_ids": [(6, 0, mailing_list.ids)],
            "mailing_type": "mail",
        }
    )
    original = GdprOutgoingGate._refusals

    def refusals(self, partners, emails, kind, phones=None, **options):
        # options: the record's model and the channel, which the CRM and SMS bridges pass on
        return original(self, partners, emails, kind, phones, **options) if gate_on else ({}, {}, {})

    env.flush_all()
    # the mailing commits after each batch unless it runs as a test: the
    # benchmark's rows must stay in its transaction, to be rolled back
    with (
        patch.object(GdprOutgoingGate, "_refusals", refusals),
        patch.object(threading.current_thread(), "testing", True, create=True),
    ):
        start = time.perf_counter()
        mailing.action_send_mail()
        env.flush_all()
        seconds = time.perf_counter() - start
    cancelled = env["mail.mail"].search_count([("mailing_id", "=", mailing.id), ("state", "=", "cancel")])
    traces = env["mailing.trace"].search_count([("mass_mailing_id", "=", mailing.id), ("trace_status", "=", "cancel")])
    return seconds, max(cancelled, traces)


def run(env, contacts, entries, repeat, out=None):
    mailing_list, addresses, hashes = seed(env, contacts, entries)
    timings = {"ours": [], "core": []}
    excluded = {}
    for __ in range(repeat):
        for kind, table, gate_on in (("ours", "gdpr_blacklist", True), ("core", "mail_blacklist", False)):
            env.cr.execute("SAVEPOINT mailing_bench")
            fill(env, table, addresses, hashes)
            seconds, excluded[kind] = send(env, mailing_list, gate_on)
            timings[kind].append(seconds)
            env.cr.execute("ROLLBACK TO SAVEPOINT mailing_bench")
            env.invalidate_all()
    ours, core = min(timings["ours"]), min(timings["core"])
    row = {
        "bench": f"mass mailing ({contacts:,} contacts, {entries:,} suppressed)",
        "metric": f"s to generate, excluding {excluded['ours']:,} (core: {excluded['core']:,})",
        "ours": ours,
        "baseline": core,
        "ratio": benchlib.ratio(ours, core, higher_is_better=False),
        "goal": ">= 0.9x core's mail.blacklist",
    }
    benchlib.record(out, **row)
    return [row]


def main():
    parser = benchlib.argument_parser(__doc__)
    parser.add_argument("--contacts", type=int, default=10_000)
    parser.add_argument("--entries", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with benchlib.rolled_back_env(args) as env:
        if "mailing.mailing" not in env:
            raise SystemExit("mass_mailing is not installed in this database")
        rows = run(env, args.contacts, args.entries, args.repeat, args.json)
    benchlib.print_rows(rows)


if __name__ == "__main__":
    main()
