#!/usr/bin/env python3
"""Benchmark: the nightly GDPR purge against plain ``unlink()`` on the same data.

    python3 bench/purge_bench.py --db <database> [--prospects 100000] [--batch-size 1000]

The database must exist with gdpr_prospection installed (the script does not
create it): for instance one made by ``click-odoo-initdb -n <database> -m
gdpr_prospection --no-demo``, or the one ``bin/test`` creates. The
connection comes from PGHOST, PGPORT, PGUSER and PGPASSWORD, or from an
Odoo configuration file (-c).

What it does:

1. seeds N prospects with raw SQL INSERTs (and commits them): a tenth each
   with an expired retention, an objection, a refusal, an unanswered B2C
   consent request and a never-asked B2C prospect past the notice delay
   (about half due), the rest fine; each has its "collected" evidence
   row, as the addon writes one for every prospect; every tenth has a chatter
   message with a tracking value, and one due prospect in a hundred is
   referenced by a record that forbids deleting it (ON DELETE RESTRICT);
2. measures, each in a process of its own (so that the peak memory is that
   method's) and in a transaction that is rolled back at the end (so that
   each starts from the same data), after a warm-up run of the same method
   on 200 other prospects (the figures are those of a worker that has run
   before):
   - ``cron``: ``gdpr.purge.run._cron_purge()`` called as the scheduler
     does, one batch per call, until its run is done (evidence, suppression
     list, scrubbing of chatter, mails and tracking, anonymisation of the
     blocked ones);
   - ``batched``: a core-style batched job, ``search(domain,
     limit=batch).unlink()`` until nothing is left, on the due prospects it
     can delete (no evidence, no suppression, no anonymisation: it does
     less, and leaves the blocked ones alone);
   - ``unlink_ids``: ``unlink()`` alone, by batches of ids known in advance
     (the floor: no selection at all);
   - ``naive``: ``unlink()`` record by record on the same prospects;
3. prints, for each: prospects erased per second, worst batch time,
   queries per prospect and peak memory (RSS of the process; the baseline
   after loading Odoo is shown beside it);
4. deletes the seeded data (unless --keep).

Nothing else of the database changes. ``--naive-limit`` caps the naive loop
(its per-prospect figures do not depend on the count).
"""

import argparse
import json
import logging
import os
import resource
import subprocess
import sys
import time

SOURCE_NAME = "Purge benchmark directory"
WARMUP_SOURCE_NAME = "Purge benchmark warm-up"
WARMUP_PROSPECTS = 200
DEVICE_PREFIX = "https://bench.invalid/push/"
EVENT_NOTE = "purge benchmark seed"
METHODS = ("cron", "batched", "unlink_ids", "naive")


def rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def open_registry(args):
    import odoo
    from odoo.modules.registry import Registry

    config_args = ["-c", args.config] if args.config else []
    config_args += ["-d", args.db, "--log-level=warn"]
    odoo.tools.config.parse_config(config_args)
    for key, variable in (
        ("db_host", "PGHOST"),
        ("db_port", "PGPORT"),
        ("db_user", "PGUSER"),
        ("db_password", "PGPASSWORD"),
    ):
        if not args.config and os.environ.get(variable):
            odoo.tools.config[key] = os.environ[variable]
    logging.getLogger("odoo").setLevel(logging.WARNING)
    return Registry(args.db)


def bench_source(env, name=SOURCE_NAME):
    Source = env["gdpr.data.source"].sudo()
    source = Source.search([("name", "=", name)], limit=1)
    return source or Source.create({"name": name, "kind": "public_directory", "reuse_allowed": True})


# --- seeding -----------------------------------------------------------------


def seed(env, count, source_name=SOURCE_NAME, offset=0):
    """Insert ``count`` prospects and their chatter with raw SQL."""
    from odoo.tools import SQL

    cr = env.cr
    source = bench_source(env, source_name)
    company = env.company
    field_id = env["ir.model.fields"]._get("res.partner", "gdpr_source_url").id
    env.flush_all()
    columns = {
        row[0]
        for row in env.execute_query(
            SQL("SELECT column_name FROM information_schema.columns WHERE table_name = 'res_partner'")
        )
    }
    # i % 10: 0 retention over, 1 objected, 2 refused, 3 B2C asked 60 days ago,
    # 4 B2C never asked and collected 60 days ago, 5-9 fine
    cr.execute(
        SQL(
            """
            INSERT INTO res_partner (
                name, complete_name, email, email_normalized, active, type, is_company, lang,
                company_id, create_date, write_date, create_uid, write_uid,
                gdpr_prospect_type, gdpr_source_id, gdpr_source_url, gdpr_lawful_basis,
                gdpr_consent_state, gdpr_collected_on, gdpr_retention_until, gdpr_notice_sent_on,
                gdpr_objected_on, ref)
            SELECT 'Bench Prospect ' || i, 'Bench Prospect ' || i,
                   'bench.prospect.' || i || '@bench.example', 'bench.prospect.' || i || '@bench.example',
                   TRUE, 'contact', FALSE, 'en_US', %(company)s, now(), now(), 1, 1,
                   CASE WHEN mod(i, 10) IN (2, 3, 4) THEN 'b2c' ELSE 'b2b' END,
                   %(source)s, 'https://directory.example/bench/' || i,
                   CASE WHEN mod(i, 10) IN (2, 3, 4) THEN 'consent' ELSE 'legitimate_interest' END,
                   CASE mod(i, 10) WHEN 2 THEN 'refused' WHEN 3 THEN 'pending' ELSE 'not_requested' END,
                   c.collected, c.collected + interval '36 months',
                   CASE WHEN mod(i, 10) = 3 THEN now() - interval '60 days' END,
                   CASE WHEN mod(i, 10) = 1 THEN now() - interval '1 day' END,
                   'bench-' || i
              FROM generate_series(%(first)s, %(last)s) AS i,
                   LATERAL (SELECT CASE WHEN mod(i, 10) = 0 THEN current_date - 1200
                                        WHEN mod(i, 10) IN (3, 4) THEN current_date - 60
                                        ELSE current_date - 10 END AS collected) AS c
            """,
            company=company.id,
            source=source.id,
            first=offset + 1,
            last=offset + count,
        )
    )
    cr.execute(
        SQL(
            """UPDATE res_partner SET commercial_partner_id = id
                WHERE gdpr_source_id = %s AND commercial_partner_id IS NULL""",
            source.id,
        )
    )
    if "gdpr_notice_due_on" in columns:
        cr.execute(
            SQL(
                "UPDATE res_partner SET gdpr_notice_due_on = gdpr_collected_on + 30 WHERE gdpr_source_id = %s",
                source.id,
            )
        )
    # the "collected" evidence every prospect has (create() writes it)
    cr.execute(
        SQL(
            """INSERT INTO gdpr_event (event_type, date, channel, user_id, partner_id, company_id, note,
                                       create_uid, create_date, write_uid, write_date)
               SELECT 'collected', now(), 'import', 1, p.id, %(company)s, %(note)s, 1, now(), 1, now()
                 FROM res_partner p WHERE p.gdpr_source_id = %(source)s""",
            company=company.id,
            note=EVENT_NOTE,
            source=source.id,
        )
    )
    # chatter with tracking on every tenth prospect (due or not)
    cr.execute(
        SQL(
            """
            WITH msg AS (
                INSERT INTO mail_message (model, res_id, message_type, body, date, author_id,
                                          create_date, write_date, create_uid, write_uid)
                SELECT 'res.partner', p.id, 'notification',
                       '<p>Source updated for ' || p.name || '</p>', now(), 3, now(), now(), 1, 1
                  FROM res_partner p
                 WHERE p.gdpr_source_id = %(source)s AND mod(substr(p.ref, 7)::int / 10, 10) = 0
             RETURNING id, res_id)
            INSERT INTO mail_tracking_value (field_id, mail_message_id, old_value_char, new_value_char,
                                             create_date, write_date, create_uid, write_uid)
            SELECT %(field)s, msg.id, 'https://old.example/' || msg.res_id, 'https://new.example/' || msg.res_id,
                   now(), now(), 1, 1
              FROM msg
            """,
            source=source.id,
            field=field_id,
        )
    )
    # one due prospect in a hundred is referenced by a record kept with ON DELETE RESTRICT
    cr.execute(
        SQL(
            """
            INSERT INTO mail_push_device (partner_id, endpoint, keys, create_date, write_date)
            SELECT p.id, %(prefix)s || p.id, '{}', now(), now()
              FROM res_partner p
             WHERE p.gdpr_source_id = %(source)s AND mod(substr(p.ref, 7)::int, 100) = 1
            """,
            prefix=DEVICE_PREFIX,
            source=source.id,
        )
    )
    env.invalidate_all()


def cleanup(env):
    from odoo.tools import SQL

    env.flush_all()
    env.cr.execute(SQL("DELETE FROM mail_push_device WHERE endpoint LIKE %s", DEVICE_PREFIX + "%"))
    env.cr.execute(SQL("DELETE FROM gdpr_event WHERE note = %s", EVENT_NOTE))
    for name in (SOURCE_NAME, WARMUP_SOURCE_NAME):
        source = bench_source(env, name)
        env.cr.execute(
            SQL(
                """DELETE FROM mail_message WHERE model = 'res.partner'
                      AND res_id IN (SELECT id FROM res_partner WHERE gdpr_source_id = %(source)s)""",
                source=source.id,
            )
        )
        env.cr.execute(SQL("DELETE FROM res_partner WHERE gdpr_source_id = %s", source.id))
    env.invalidate_all()


# --- the measured methods ----------------------------------------------------


def due_ids(env):
    Partner = env["res.partner"].with_context(active_test=False)
    return Partner.search(env["gdpr.purge.due"]._due_domain(Partner), order="id").ids


def deletable(env, ids):
    blocked = env["gdpr.purge.eraser"]._blockers(ids)
    return [pid for pid in ids if pid not in blocked]


def run_cron(env, args):
    env["ir.config_parameter"].set_param("gdpr_prospection.purge_batch_size", args.batch_size)
    env.flush_all()
    Run = env["gdpr.purge.run"]
    cr = env.cr
    times, queries = [], 0
    while True:
        start, count = time.perf_counter(), cr.sql_log_count
        run = Run._cron_purge()
        env.flush_all()
        times.append(time.perf_counter() - start)
        queries += cr.sql_log_count - count
        done = run.state == "done"
        erased, anonymised = run.erased_count, run.anonymised_count
        env.invalidate_all()  # the scheduler gives each call a fresh environment
        if done:
            break
    return {"erased": erased, "anonymised": anonymised, "times": times, "queries": queries}


def run_unlink(env, args, naive):
    """``unlink()`` by batches of known ids, or record by record (naive)."""
    ids = deletable(env, due_ids(env))
    if naive and args.naive_limit:
        ids = ids[: args.naive_limit]
    Partner = env["res.partner"].with_context(active_test=False)
    cr = env.cr
    times, queries = [], 0
    for index in range(0, len(ids), args.batch_size):
        chunk = ids[index : index + args.batch_size]
        start, count = time.perf_counter(), cr.sql_log_count
        if naive:
            for partner_id in chunk:
                Partner.browse(partner_id).unlink()
        else:
            Partner.browse(chunk).unlink()
        env.flush_all()
        times.append(time.perf_counter() - start)
        queries += cr.sql_log_count - count
        env.invalidate_all()
    return {"erased": len(ids), "anonymised": 0, "times": times, "queries": queries}


def run_search_unlink(env, args):
    """Core-style batched job: ``search(domain, limit=batch).unlink()`` until
    nothing is left (the partners it cannot delete are left out of its
    domain: it has no way to deal with them)."""
    ids = due_ids(env)
    blocked = set(ids) - set(deletable(env, ids))
    domain = env["gdpr.purge.due"]._due_domain(env["res.partner"]) + [("id", "not in", sorted(blocked))]
    Partner = env["res.partner"].with_context(active_test=False)
    cr = env.cr
    times, queries, erased = [], 0, 0
    while True:
        start, count = time.perf_counter(), cr.sql_log_count
        partners = Partner.search(domain, order="id", limit=args.batch_size)
        partners.unlink()
        env.flush_all()
        times.append(time.perf_counter() - start)
        queries += cr.sql_log_count - count
        erased += len(partners)
        env.invalidate_all()
        if len(partners) < args.batch_size:
            break
    return {"erased": erased, "anonymised": 0, "times": times, "queries": queries}


def warm_up(env, method):
    """Run the method once on the warm-up prospects (caches, lazy setup), so
    that the figures are those of a worker that has run before."""
    source = bench_source(env, WARMUP_SOURCE_NAME)
    Partner = env["res.partner"].with_context(active_test=False)
    warm = Partner.search(env["gdpr.purge.due"]._due_domain(env["res.partner"]) + [("gdpr_source_id", "=", source.id)])
    if method == "cron":
        env["gdpr.purge.run"]._purge_selection(warm)
    else:
        warm = warm.browse(deletable(env, warm.ids))
        if method == "naive":
            for partner in warm:
                partner.unlink()
        else:
            warm.unlink()
    env.flush_all()
    env.invalidate_all()


def child(args):
    """Run one method in a transaction rolled back at the end; print JSON."""
    from odoo import SUPERUSER_ID, api

    registry = open_registry(args)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"lang": "en_US", "tz": "UTC"})
        warm_up(env, args.method)
        baseline = rss_mb()
        if args.method == "cron":
            result = run_cron(env, args)
        elif args.method == "batched":
            result = run_search_unlink(env, args)
        else:
            result = run_unlink(env, args, naive=args.method == "naive")
        result["peak_rss_mb"] = rss_mb()
        result["baseline_rss_mb"] = baseline
        cr.rollback()
    print(json.dumps(result))
    return 0


def vacuum(registry):
    """What autovacuum does between two nights: drop the dead rows that the
    previous (rolled back) measures left, give the planner statistics."""
    with registry.cursor() as cr:
        cr._cnx.autocommit = True
        cr.execute("VACUUM ANALYZE")


def spawn(args, method):
    command = [sys.executable, os.path.abspath(__file__), "--db", args.db, "--method", method]
    command += ["--batch-size", str(args.batch_size), "--naive-limit", str(args.naive_limit or 0)]
    if args.config:
        command += ["-c", args.config]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", "-d", required=True, help="database with gdpr_prospection installed")
    parser.add_argument("-c", "--config", help="Odoo configuration file")
    parser.add_argument("--prospects", type=int, default=100_000)
    parser.add_argument("--batch-size", type=int, default=1000)
    parser.add_argument("--naive-limit", type=int, default=0, help="cap the naive loop at this many prospects")
    parser.add_argument("--methods", default=",".join(METHODS), help="comma-separated subset of " + ", ".join(METHODS))
    parser.add_argument("--keep", action="store_true", help="leave the seeded prospects in the database")
    parser.add_argument("--method", choices=METHODS, help=argparse.SUPPRESS)
    parser.add_argument("--json", help="append the result rows to this JSON lines file (bench/run)")
    args = parser.parse_args()
    if args.method:
        return child(args)

    from odoo import SUPERUSER_ID, api
    from odoo.tools import SQL

    registry = open_registry(args)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"lang": "en_US", "tz": "UTC"})
        cleanup(env)
        start = time.perf_counter()
        seed(env, WARMUP_PROSPECTS, WARMUP_SOURCE_NAME, offset=10_000_000)
        seed(env, args.prospects)
        cr.commit()
    vacuum(registry)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"lang": "en_US", "tz": "UTC"})
        source = bench_source(env)
        due = env["res.partner"].search_count(
            env["gdpr.purge.due"]._due_domain(env["res.partner"]) + [("gdpr_source_id", "=", source.id)]
        )
        blocked = env.execute_query(
            SQL(
                """SELECT count(*) FROM mail_push_device d JOIN res_partner p ON p.id = d.partner_id
                    WHERE p.gdpr_source_id = %s""",
                source.id,
            )
        )[0][0]
        print(
            f"seeded {args.prospects} prospects in {time.perf_counter() - start:.1f} s: "
            f"{due} due, {blocked} of them referenced by a kept record; batch size {args.batch_size}"
        )

    results = {}
    try:
        for method in args.methods.split(","):
            vacuum(registry)
            results[method] = spawn(args, method.strip())
    finally:
        if not args.keep:
            with registry.cursor() as cr:
                cleanup(api.Environment(cr, SUPERUSER_ID, {}))
                cr.commit()

    labels = {
        "cron": "cron (_cron_purge)",
        "batched": "batched unlink()",
        "unlink_ids": "unlink() of known ids",
        "naive": "naive unlink() loop",
    }
    print(
        f"{'method':<22} {'erased':>8} {'seconds':>8} {'prosp/s':>8} {'worst batch':>12} "
        f"{'queries/prosp':>14} {'peak RSS':>9} {'(baseline)':>11}"
    )
    for method, result in results.items():
        seconds = sum(result["times"])
        erased = result["erased"] or 1
        print(
            f"{labels[method]:<22} {result['erased']:>8} {seconds:>8.1f} {erased / seconds:>8.0f} "
            f"{max(result['times'], default=0):>10.2f} s {result['queries'] / erased:>14.2f} "
            f"{result['peak_rss_mb']:>6.0f} MB {result['baseline_rss_mb']:>8.0f} MB"
        )
    if "cron" in results and "batched" in results:
        cron = results["cron"]["erased"] / sum(results["cron"]["times"])
        batched = results["batched"]["erased"] / sum(results["batched"]["times"])
        print(f"cron throughput / batched unlink() throughput: {cron / batched:.2f}")
    if "cron" in results and "unlink_ids" in results:
        cron = results["cron"]["erased"] / sum(results["cron"]["times"])
        floor = results["unlink_ids"]["erased"] / sum(results["unlink_ids"]["times"])
        print(f"cron throughput / unlink() of known ids throughput: {cron / floor:.2f}")
    if args.json:
        record_rows(args, results)
    return 0


def record_rows(args, results):
    """The figures of bench/run's table."""
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import benchlib

    def figures(result):
        seconds = sum(result["times"]) or 1e-9
        erased = result["erased"] or 1
        return {
            "prospects/s": result["erased"] / seconds,
            "worst batch s": max(result["times"], default=0),
            "queries/prospect": result["queries"] / erased,
            "peak MB": result["peak_rss_mb"],
        }

    if "cron" not in results:
        return
    ours = figures(results["cron"])
    bench = f"purge ({args.prospects:,} prospects, batch {args.batch_size})"
    goals = {
        ("batched", "prospects/s"): ">= 0.5x",
        ("naive", "prospects/s"): ">= 20x",
        ("batched", "worst batch s"): "< 2 s (ours)",
    }
    for method, label in (("batched", "batched unlink()"), ("naive", "naive unlink() loop")):
        if method not in results:
            continue
        baseline = figures(results[method])
        for measure, value in ours.items():
            higher = measure == "prospects/s"
            benchlib.record(
                args.json,
                bench=bench,
                metric=f"{measure} vs {label}",
                ours=value,
                baseline=baseline[measure],
                ratio=benchlib.ratio(value, baseline[measure], higher_is_better=higher),
                goal=goals.get((method, measure), ""),
            )
    benchlib.record(args.json, kind="purge", size=args.prospects, cost_per_item_ms=1000 / ours["prospects/s"])


if __name__ == "__main__":
    sys.exit(main())
