#!/usr/bin/env python3
"""Benchmark: the prospect import wizard against Odoo's generic importer.

Builds a CSV of N B2B prospects (name, email, job title, employer, phone,
source URL, language, type), then imports the same file into the same
database, in the same run, twice: through ``gdpr.import.wizard`` and through
``base_import.import`` on res.partner. Each import runs inside a savepoint
that is rolled back, so both start from the same database state and the
database is left as it was. A suppression list of 5,000 entries (that no
row matches, so that base_import succeeds) makes the screening do real work.
Prints rows per second for each, and the peak memory of the process after
each run.

    python3 bench/import_bench.py -d <database> [--rows 100000]

The database must have gdpr_prospection (and base_import, installed with
web) installed, e.g. the one bin/test creates. The connection comes from
PGHOST, PGPORT, PGUSER and PGPASSWORD, or from an Odoo configuration file
(-c). Nothing is committed.
"""

import base64
import csv
import io
import os
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
import benchlib  # noqa: E402


def build_csv(rows, seed_offset=0):
    """A realistic B2B list: 1 employer for 20 people, unique emails and phones."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(["Name", "Email", "Job title", "Employer", "Phone", "Source URL", "Language", "Type"])
    for i in range(seed_offset, seed_offset + rows):
        writer.writerow(
            [
                f"Prospect {i} Bench",
                f"prospect.{i}@company{i // 20}.example",
                ("Buyer", "CTO", "Head of sales", "Engineer")[i % 4],
                f"Company {i // 20}",
                f"01 4{i // 1000000 % 10} {i // 10000 % 100:02d} {i // 100 % 100:02d} {i % 100:02d}",
                f"https://directory.example/p/{i}",
                "en_US",
                "b2b",
            ]
        )
    return buffer.getvalue().encode("utf-8")


def run_wizard(env, source, data, rows):
    wizard = env["gdpr.import.wizard"].create(
        {"file": base64.b64encode(data), "file_name": "bench.csv", "source_id": source.id, "prospect_type": "file"}
    )
    wizard.action_import()
    env.flush_all()
    if wizard.created_count != rows:
        raise SystemExit(f"wizard: {wizard.created_count} created out of {rows} (report: {wizard.report_html})")


def run_base_import(env, source, data, rows):
    importer = (
        env["base_import.import"]
        .with_context(default_gdpr_source_id=source.id)
        .create({"res_model": "res.partner", "file": data, "file_name": "bench.csv", "file_type": "text/csv"})
    )
    result = importer.execute_import(
        ["name", "email", "function", "parent_id", "phone", "gdpr_source_url", "lang", "gdpr_prospect_type"],
        ["Name", "Email", "Job title", "Employer", "Phone", "Source URL", "Language", "Type"],
        {
            "has_headers": True,
            "quoting": '"',
            "separator": ";",
            "encoding": "utf-8",
            "name_create_enabled_fields": {"parent_id": True},
        },
    )
    env.flush_all()
    if result.get("messages") or len(result.get("ids") or []) != rows:
        raise SystemExit(f"base_import failed: {result.get('messages', [])[:3]}")


def timed(cr, env, func, *args):
    """Run ``func`` in a savepoint that is rolled back; return its duration."""
    savepoint = cr.savepoint()
    try:
        start = time.perf_counter()
        func(env, *args)
        return time.perf_counter() - start
    finally:
        savepoint.close(rollback=True)
        env.invalidate_all(flush=False)
        env.registry.clear_all_caches()


def run(env, rows, out=None, label="import", base_import=True):
    """Time both importers on the same file of ``rows`` prospects; the
    database is left as it was."""
    cr = env.cr
    source = (
        env["gdpr.data.source"]
        .sudo()
        .create({"name": "Benchmark directory", "kind": "public_directory", "reuse_allowed": True})
    )
    # a suppression list of realistic size, which none of the rows matches
    env["gdpr.blacklist"].sudo()._add([(f"objected.{i}@elsewhere.example", None) for i in range(5000)], "objection")
    env.flush_all()
    data = build_csv(rows)

    # warm both code paths (and the ORM caches) on a small file first
    warmup = build_csv(200, seed_offset=10_000_000)
    timed(cr, env, run_wizard, source, warmup, 200)
    if base_import:
        timed(cr, env, run_base_import, source, warmup, 200)

    results = {"wizard": (rows / timed(cr, env, run_wizard, source, data, rows), benchlib.peak_rss_mb())}
    if base_import:
        results["base_import"] = (rows / timed(cr, env, run_base_import, source, data, rows), benchlib.peak_rss_mb())
    bench = f"{label} ({rows:,} rows, {len(data) / 1e6:.1f} MB CSV)"
    baseline = results.get("base_import", (None, None))
    table = [
        {
            "bench": bench,
            "metric": "rows/s vs base_import",
            "ours": results["wizard"][0],
            "baseline": baseline[0],
            "ratio": benchlib.ratio(results["wizard"][0], baseline[0]),
            "goal": ">= base_import",
        },
        {
            "bench": bench,
            "metric": "peak RSS of the process (MB) after each",
            "ours": results["wizard"][1],
            "baseline": baseline[1],
        },
    ]
    for row in table:
        benchlib.record(out, **row)
    return table, results


def main():
    parser = benchlib.argument_parser(__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--skip-base-import", action="store_true", help="time the wizard only")
    args = parser.parse_args()
    print(benchlib.machine())
    with benchlib.rolled_back_env(args) as root:
        admin = root.ref("base.user_admin")  # a DPO, hence a prospection user
        env = root(user=admin, context={"lang": "en_US", "tz": "UTC"})
        table, _results = run(env, args.rows, args.json, base_import=not args.skip_base_import)
    benchlib.print_rows(table)


if __name__ == "__main__":
    main()
