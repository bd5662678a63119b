"""What the benchmark scripts share: opening the database, counting queries,
describing the machine and printing one table."""

import argparse
import functools
import json
import logging
import os
import platform
import resource
import time
from contextlib import contextmanager


@functools.cache
def open_registry(database, config=None):
    """The Odoo registry of ``database``; the connection comes from the
    configuration file or from the PG* variables. Odoo's configuration is
    read once per process."""
    import odoo
    from odoo.modules.registry import Registry

    odoo.tools.config.parse_config((["-c", config] if config else []) + ["-d", database, "--log-level=warn"])
    for key, variable in (
        ("db_host", "PGHOST"),
        ("db_port", "PGPORT"),
        ("db_user", "PGUSER"),
        ("db_password", "PGPASSWORD"),
    ):
        if not config and os.environ.get(variable):
            odoo.tools.config[key] = os.environ[variable]
    logging.getLogger("odoo").setLevel(logging.WARNING)
    return Registry(database)


def argument_parser(doc):
    """The options every script takes: the database, the Odoo configuration
    file, and the JSON lines file bench/run collects the rows in."""
    parser = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("-c", "--config", help="Odoo configuration file")
    parser.add_argument("--json", help="append the result rows to this JSON lines file")
    return parser


@contextmanager
def rolled_back_env(args, uid=None, context=None):
    """An environment on the database of ``args`` (superuser by default)
    whose transaction is rolled back at the end: what the run seeded goes."""
    from odoo import SUPERUSER_ID, api

    registry = open_registry(args.database, args.config)
    with registry.cursor() as cr:
        yield api.Environment(cr, uid or SUPERUSER_ID, context or {})
        cr.rollback()


def run_and_print(args, run):
    """Run ``run(env, args)`` in a rolled-back environment, print its rows
    and the time the whole run took."""
    start = time.perf_counter()
    with rolled_back_env(args) as env:
        rows = run(env, args)
    print_rows(rows)
    print(f"done in {time.perf_counter() - start:.0f} s")


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@contextmanager
def measure(cr):
    """Yield a dict that gets 'seconds' and 'queries' of the block."""
    result = {}
    queries = cr.sql_log_count
    start = time.perf_counter()
    yield result
    result["seconds"] = time.perf_counter() - start
    result["queries"] = cr.sql_log_count - queries


def machine():
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as handle:
            names = [line.split(":", 1)[1].strip() for line in handle if line.startswith("model name")]
        cpu = names[0] if names else cpu
    except OSError:
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{os.cpu_count()} cores ({cpu}), {memory:.0f} GiB, Python {platform.python_version()}, {platform.system()}"


def record(path, **row):
    """Append one result row to the JSON lines file of the run, if any."""
    if path:
        with open(path, "a") as handle:
            handle.write(json.dumps(row) + "\n")


def ratio(ours, baseline, higher_is_better=True):
    if not ours or not baseline:
        return None
    return ours / baseline if higher_is_better else baseline / ours


def print_rows(rows):
    """rows: dicts with bench, metric, ours, baseline, ratio, goal."""
    header = ("benchmark", "measure", "ours", "baseline", "ratio", "goal")
    table = [header] + [
        (
            row["bench"],
            row["metric"],
            _fmt(row.get("ours")),
            _fmt(row.get("baseline")),
            f"{row['ratio']:.2f}x" if row.get("ratio") else "",
            row.get("goal", ""),
        )
        for row in rows
    ]
    widths = [max(len(str(line[i])) for line in table) for i in range(len(header))]
    for index, line in enumerate(table):
        print("| " + " | ".join(str(cell).ljust(width) for cell, width in zip(line, widths, strict=False)) + " |")
        if index == 0:
            print("|" + "|".join("-" * (width + 2) for width in widths) + "|")


def _fmt(value):
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:,.3f}" if value < 10 else f"{value:,.0f}"
    return str(value)
