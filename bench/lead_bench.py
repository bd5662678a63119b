#!/usr/bin/env python3
"""Benchmark: leads under the regime (the CRM bridge).

    python3 bench/lead_bench.py -d <database> [--leads 200000] [--batch-size 1000] [--screen 20000] [--repeat 3]

The database must have gdpr_prospection and crm installed (the CRM bridge
comes with them). In one transaction rolled back at the end:

1. seeds N prospect leads with raw SQL (half of them due: a fifth objected,
   a fifth past their retention, a tenth consumers who never answered), each
   with its "collected" evidence row;
2. the purge: ``gdpr.purge.run._cron_purge()`` called as the scheduler does
   until its run is done, against a core-style batched job,
   ``search(domain, limit=batch).unlink()`` on the same due leads, each from
   the same data (a savepoint rolled back between them), the two in turn
   ``--repeat`` times, the median of each kept;
3. screening on lead creation: ``crm.lead.create()`` of M prospect leads
   (one suppression query per batch) against the same creation of plain
   leads.
"""

import statistics
import time
from unittest.mock import patch

import benchlib

SOURCE_NAME = "Lead benchmark directory"


def seed(env, count):
    from odoo.tools import SQL

    source = env["gdpr.data.source"].create({"name": SOURCE_NAME, "kind": "public_directory", "reuse_allowed": True})
    env.flush_all()
    # i % 10: 0-1 objected, 2-3 retention over, 4 B2C never answered, 5-9 fine
    env.cr.execute(
        SQL(
            """
            INSERT INTO crm_lead (
                name, contact_name, email_from, email_normalized, partner_name, function, type, active,
                company_id, create_date, write_date, create_uid, write_uid, priority,
                gdpr_prospect_type, gdpr_source_id, gdpr_source_url, gdpr_lawful_basis, gdpr_consent_state,
                gdpr_phone_consent_state, gdpr_sms_consent_state,
                gdpr_collected_on, gdpr_retention_until, gdpr_notice_sent_on, gdpr_objected_on)
            SELECT 'Bench lead ' || i, 'Bench Person ' || i,
                   'bench.lead.' || i || '@bench.example', 'bench.lead.' || i || '@bench.example',
                   'Bench Company ' || mod(i, 997), 'Buyer', 'lead', TRUE,
                   %(company)s, now(), now(), 1, 1, '0',
                   CASE WHEN mod(i, 10) = 4 THEN 'b2c' ELSE 'b2b' END, %(source)s,
                   'https://directory.example/leads/' || i,
                   CASE WHEN mod(i, 10) = 4 THEN 'consent' ELSE 'legitimate_interest' END,
                   CASE WHEN mod(i, 10) = 4 THEN 'pending' ELSE 'not_requested' END,
                   'not_requested', 'not_requested',
                   c.collected, c.collected + interval '36 months',
                   CASE WHEN mod(i, 10) = 4 THEN now() - interval '60 days' END,
                   CASE WHEN mod(i, 10) IN (0, 1) THEN now() - interval '1 day' END
              FROM generate_series(1, %(count)s) AS i,
                   LATERAL (SELECT CASE WHEN mod(i, 10) IN (2, 3) THEN current_date - 1200
                                        WHEN mod(i, 10) = 4 THEN current_date - 90
                                        ELSE current_date - 10 END AS collected) AS c
            """,
            company=env.company.id,
            source=source.id,
            count=count,
        )
    )
    env.cr.execute(
        SQL(
            """INSERT INTO gdpr_event (event_type, date, channel, res_model, res_id, company_id, create_date,
                                       write_date, create_uid, write_uid)
               SELECT 'collected', now(), 'import', 'crm.lead', id, company_id, now(), now(), 1, 1
                 FROM crm_lead WHERE gdpr_source_id = %s""",
            source.id,
        )
    )
    # the statistics autovacuum would gather after such an insert: without
    # them, both sides plan their selections for empty tables
    env.cr.execute("ANALYZE crm_lead")
    env.cr.execute("ANALYZE gdpr_event")
    env.invalidate_all()


def due_domain(env):
    return env["gdpr.purge.due"]._due_domain(env["crm.lead"])


def run_cron(env, batch_size):
    env["ir.config_parameter"].set_param("gdpr_prospection.purge_batch_size", batch_size)
    env.flush_all()
    Lead = env["crm.lead"].with_context(active_test=False)
    due = Lead.search_count(due_domain(env))
    with benchlib.measure(env.cr) as spent:
        while True:
            run = env["gdpr.purge.run"]._cron_purge()
            env.flush_all()
            done = run.state == "done"
            env.invalidate_all()
            if done:
                break
    return due, spent


def run_batched(env, batch_size):
    Lead = env["crm.lead"].with_context(active_test=False)
    domain = due_domain(env)
    erased = 0
    with benchlib.measure(env.cr) as spent:
        while True:
            leads = Lead.search(domain, order="id", limit=batch_size)
            leads.unlink()
            env.flush_all()
            env.invalidate_all()
            erased += len(leads)
            if len(leads) < batch_size:
                break
    return erased, spent


def run_creation(env, count, prospects):
    source = env["gdpr.data.source"].search([("name", "=", SOURCE_NAME)], limit=1)
    env["gdpr.blacklist"]._add([(f"suppressed.{i}@bench.example", False) for i in range(2000)], "objection")
    values = []
    for i in range(count):
        vals = {"name": f"New lead {i}", "contact_name": f"New Person {i}", "email_from": f"new.{i}@bench.example"}
        if prospects:
            vals.update(gdpr_prospect_type="b2b", gdpr_source_id=source.id, function="Buyer", partner_name="Acme")
        values.append(vals)
    Lead = env["crm.lead"].with_context(mail_create_nolog=True, tracking_disable=True)
    Blacklist = type(env["gdpr.blacklist"])
    original = Blacklist._screen
    screened = {"seconds": 0.0, "addresses": 0}

    def timed_screen(self, emails=(), phones=()):
        start = time.perf_counter()
        result = original(self, emails=emails, phones=phones)
        screened["seconds"] += time.perf_counter() - start
        screened["addresses"] += len(set(emails))
        return result

    with patch.object(Blacklist, "_screen", timed_screen), benchlib.measure(env.cr) as spent:
        for start in range(0, count, 1000):
            Lead.create(values[start : start + 1000])
        env.flush_all()
    spent["screened"] = screened
    return spent


def run(env, args):
    seed(env, args.leads)
    rows = []
    env.cr.execute("SAVEPOINT lead_bench")
    rates, due = {"cron": [], "batched": []}, 0
    # each side in turn, on the same data each time: the median of each,
    # so that neither pays alone for a cold start or a noisy second
    for __ in range(args.repeat):
        for side, runner in (("cron", run_cron), ("batched", run_batched)):
            count, spent = runner(env, args.batch_size)
            rates[side].append(count / spent["seconds"])
            due = count
            env.cr.execute("ROLLBACK TO SAVEPOINT lead_bench")
            env.invalidate_all()
    bench = f"lead purge ({due:,} due of {args.leads:,} leads, batch {args.batch_size}, median of {args.repeat})"
    ours, baseline = statistics.median(rates["cron"]), statistics.median(rates["batched"])
    rows.append(
        {
            "bench": bench,
            "metric": "leads/s vs batched unlink()",
            "ours": ours,
            "baseline": baseline,
            "ratio": benchlib.ratio(ours, baseline),
            "goal": ">= 0.5x",
        }
    )
    prospects = run_creation(env, args.screen, prospects=True)
    env.cr.execute("ROLLBACK TO SAVEPOINT lead_bench")
    env.invalidate_all()
    plain = run_creation(env, args.screen, prospects=False)
    ours, baseline = args.screen / prospects["seconds"], args.screen / plain["seconds"]
    bench = f"lead creation ({args.screen:,} leads, 2,000 suppressed)"
    rows.append(
        {
            "bench": bench,
            "metric": "prospect leads created/s vs plain leads/s",
            "ours": ours,
            "baseline": baseline,
            "ratio": benchlib.ratio(ours, baseline),
            "goal": "",
        }
    )
    screened = prospects["screened"]
    rows.append(
        {
            "bench": bench,
            "metric": "addresses screened/s on creation",
            "ours": screened["addresses"] / screened["seconds"] if screened["seconds"] else None,
            "goal": ">= 20,000/s",
        }
    )
    for row in rows:
        benchlib.record(args.json, **row)
    return rows


def main():
    parser = benchlib.argument_parser(__doc__)
    parser.add_argument("--leads", type=int, default=200_000, help="leads seeded, half of them due")
    parser.add_argument("--batch-size", type=int, default=1000)
    parser.add_argument("--screen", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3, help="purge runs of each side (the median is kept)")
    benchlib.run_and_print(parser.parse_args(), run)


if __name__ == "__main__":
    main()
