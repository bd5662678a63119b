#!/usr/bin/env python3
"""Benchmark: the public /gdpr/ pages against Odoo's /web/login.

    python3 bench/pages_bench.py -d <database> [--requests 400] [--concurrency 8]

Seeds B2C prospects with their links (committed, since a separate Odoo
server serves them), starts that server on a loopback port, warms it up,
then loads it from this process with ``--concurrency`` threads: the consent
page GET, the one-click objection POST (RFC 8058, one prospect each) and
``GET /web/login``. Prints requests per second and the 95th percentile
latency. The server is stopped and the seeded prospects deleted at the end.
"""

import os
import socket
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import requests

sys.path.insert(0, os.path.dirname(__file__))
import benchlib  # noqa: E402

SOURCE = "Pages benchmark directory"


def seed(registry, count):
    from odoo import SUPERUSER_ID, api

    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        source = env["gdpr.data.source"].create({"name": SOURCE, "reuse_allowed": True})
        partners = env["res.partner"].create(
            [
                {
                    "name": f"Pages Bench {i}",
                    "email": f"pages.bench{i}@bench.example",
                    "gdpr_prospect_type": "b2c",
                    "gdpr_source_id": source.id,
                }
                for i in range(count)
            ]
        )
        consent = [f"/gdpr/consent/{p.id}/{p._gdpr_token('consent')}" for p in partners]
        objection = [f"/gdpr/unsubscribe/{p.id}/{p._gdpr_token('object')}" for p in partners]
        cr.commit()
    return consent, objection


def cleanup(registry):
    from odoo import SUPERUSER_ID, api

    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        sources = env["gdpr.data.source"].with_context(active_test=False).search([("name", "=", SOURCE)])
        partners = env["res.partner"].with_context(active_test=False).search([("gdpr_source_id", "in", sources.ids)])
        hashes = [h for h in (env["gdpr.blacklist"]._identity_hashes(p.email)["email_hash"] for p in partners) if h]
        env["gdpr.event"].sudo().with_context(gdpr_evidence_expiry=True).search(
            [("partner_ref", "in", partners.ids)]
        ).unlink()
        env["gdpr.blacklist"].with_context(active_test=False).search([("email_hash", "in", hashes)]).unlink()
        partners.unlink()
        sources.unlink()
        cr.commit()


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(args, port):
    command = [
        sys.executable,
        "-m",
        "odoo",
        "server",
        "-d",
        args.database,
        "--db-filter",
        f"^{args.database}$",
        "--http-interface",
        "127.0.0.1",
        "--http-port",
        str(port),
        "--workers",
        "0",
        "--max-cron-threads",
        "0",
        "--log-level",
        "warn",
    ]
    if args.config:
        command[4:4] = ["-c", args.config]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    while time.time() < deadline:
        try:
            if requests.get(f"http://127.0.0.1:{port}/web/login", timeout=5).status_code == 200:
                return server
        except requests.RequestException:
            time.sleep(0.5)
    server.terminate()
    raise RuntimeError("the Odoo server did not start")


def load(base, method, urls, concurrency, data=None):
    def one(url):
        session = requests.Session()
        start = time.perf_counter()
        response = session.request(method, base + url, data=data, timeout=30)
        elapsed = time.perf_counter() - start
        if response.status_code != 200:
            raise RuntimeError(f"{method} {url}: HTTP {response.status_code}")
        return elapsed

    start = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        latencies = list(pool.map(one, urls))
    wall = time.perf_counter() - start
    return len(urls) / wall, statistics.quantiles(latencies, n=20)[18] * 1000


def run(args, out=None):
    registry = benchlib.open_registry(args.database, args.config)
    consent, objection = seed(registry, args.requests)
    port = free_port()
    server = start_server(args, port)
    base = f"http://127.0.0.1:{port}"
    try:
        for url in (consent[0], "/web/login"):
            for _ in range(5):
                requests.get(base + url, timeout=30)
        results = {
            "login": load(base, "GET", ["/web/login"] * args.requests, args.concurrency),
            "consent": load(base, "GET", consent, args.concurrency),
            "objection": load(base, "POST", objection, args.concurrency, data={"List-Unsubscribe": "One-Click"}),
        }
    finally:
        server.terminate()
        server.wait(30)
        cleanup(registry)
    rows = []
    for name, label in (("consent", "consent page GET"), ("objection", "one-click objection POST")):
        for index, measure in enumerate(("requests/s", "p95 ms")):
            ours, baseline = results[name][index], results["login"][index]
            row = {
                "bench": f"public pages (concurrency {args.concurrency})",
                "metric": f"{label} {measure} vs /web/login",
                "ours": ours,
                "baseline": baseline,
                "ratio": benchlib.ratio(ours, baseline, higher_is_better=(index == 0)),
                "goal": ">= 0.8x (GET)" if name == "consent" and index == 0 else "",
            }
            rows.append(row)
            benchlib.record(out, **row)
    return rows


def main():
    parser = benchlib.argument_parser(__doc__)
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args()
    benchlib.print_rows(run(args, args.json))


if __name__ == "__main__":
    main()
