#!/usr/bin/env python3
"""Benchmark: screening addresses against the suppression list.

    python3 bench/screening_bench.py -d <database> [--entries 200000] [--addresses 10000]

Seeds ``--entries`` suppression entries (keyed hashes, raw SQL) and the same
addresses in core's mail.blacklist, then checks ``--addresses`` addresses,
a third of them variants of suppressed ones (case, ``+tag``, Gmail dots,
``Name <addr>``) and the rest unknown, three ways:

- ours: ``gdpr.blacklist._screen()`` by batches of 1,000 (one query each);
- per-address search: one ORM search per address on the exact hash;
- core: ``mail.blacklist`` searched by normalised address, by batches.

Prints addresses per second and the share of suppressed variants detected.
The database needs gdpr_prospection installed; the seeded rows are removed
at the end (the whole run is rolled back).
"""

import random
import sys
import time

sys.path.insert(0, __import__("os").path.dirname(__file__))
import benchlib  # noqa: E402

BATCH = 1000


def variants(local, domain):
    return [
        f"{local.upper()}@{domain.upper()}",
        f"{local}+news@{domain}",
        f"{'.'.join(local)}@gmail.com" if domain == "gmail.com" else f"{local}+x@{domain}",
        f"Some Person <{local}@{domain}>",
    ]


def seed(env, entries):
    from odoo.addons.gdpr_prospection.policy import identity

    key = env["gdpr.blacklist"]._hash_key()
    rows, addresses = [], []
    for i in range(entries):
        domain = "gmail.com" if i % 3 == 0 else f"company{i % 97}.example"
        local = f"person{i}"
        address = f"{local}@{domain}"
        addresses.append((local, domain))
        exact, loose = identity.email_hashes(key, address)
        rows.append((exact, loose))
    cr = env.cr
    for start in range(0, len(rows), 10000):
        chunk = rows[start : start + 10000]
        cr.execute(
            "INSERT INTO gdpr_blacklist (email_hash, email_match_hash, reason, date, expires_on, active)"
            " SELECT e, m, 'objection', now(), now() + interval '3 years', true"
            " FROM unnest(%s::varchar[], %s::varchar[]) AS t(e, m)",
            ([r[0] for r in chunk], [r[1] for r in chunk]),
        )
        cr.execute(
            "INSERT INTO mail_blacklist (email, active, create_date, write_date)"
            " SELECT e, true, now(), now() FROM unnest(%s::varchar[]) AS t(e) ON CONFLICT DO NOTHING",
            ([f"{local}@{domain}" for local, domain in addresses[start : start + 10000]],),
        )
    env.invalidate_all()
    # what autovacuum does after a big insert: without statistics PostgreSQL
    # takes the freshly filled table for an empty one and scans it
    cr.execute("ANALYZE gdpr_blacklist")
    cr.execute("ANALYZE mail_blacklist")
    return addresses


def probe(addresses, count):
    rng = random.Random(7)
    suppressed = [rng.choice(variants(*rng.choice(addresses))) for _ in range(count // 3)]
    unknown = [f"nobody{i}@elsewhere{i % 50}.example" for i in range(count - len(suppressed))]
    mixed = suppressed + unknown
    rng.shuffle(mixed)
    return mixed, set(suppressed)


def ours(env, probes):
    hits = set()
    for start in range(0, len(probes), BATCH):
        hits |= env["gdpr.blacklist"]._screen(probes[start : start + BATCH])
    return hits


def per_address(env, probes):
    Blacklist = env["gdpr.blacklist"]
    hits = set()
    for address in probes:
        exact = Blacklist._identity_hashes(address)["email_hash"]
        if exact and Blacklist.search_count([("email_hash", "=", exact)], limit=1):
            hits.add(address)
    return hits


def core(env, probes):
    from odoo.tools import email_normalize

    hits = set()
    for start in range(0, len(probes), BATCH):
        batch = probes[start : start + BATCH]
        normalized = {address: email_normalize(address) for address in batch}
        found = set(
            env["mail.blacklist"].search([("email", "in", [n for n in normalized.values() if n])]).mapped("email")
        )
        hits |= {address for address, norm in normalized.items() if norm in found}
    return hits


def run(env, entries, count, out=None, label="screening"):
    addresses = seed(env, entries)
    probes, suppressed = probe(addresses, count)
    env["gdpr.blacklist"]._screen(probes[:10])  # warm the key and the statement
    results = {}
    for name, func in (("ours", ours), ("per-address search", per_address), ("core mail.blacklist", core)):
        start = time.perf_counter()
        hits = func(env, probes)
        seconds = time.perf_counter() - start
        results[name] = (count / seconds, len(hits & suppressed) / len(suppressed), len(hits - suppressed))
    rows = []
    for name in ("per-address search", "core mail.blacklist"):
        rows.append(
            {
                "bench": f"{label} ({entries:,} entries)",
                "metric": f"addresses/s vs {name}",
                "ours": results["ours"][0],
                "baseline": results[name][0],
                "ratio": benchlib.ratio(results["ours"][0], results[name][0]),
                "goal": ">= 20,000/s, >= 10x per-address" if name.startswith("per") else "",
            }
        )
    for name, (_speed, detected, false_hits) in results.items():
        rows.append(
            {
                "bench": f"{label} ({entries:,} entries)",
                "metric": f"variants detected: {name}",
                "ours": f"{detected:.0%}" + (f" ({false_hits} false)" if false_hits else ""),
                "goal": "100% (ours)" if name == "ours" else "",
            }
        )
    for row in rows:
        benchlib.record(out, **row)
    benchlib.record(out, kind="screening", size=entries, cost_per_item_ms=1000 / results["ours"][0])
    return rows, results


def main():
    parser = benchlib.argument_parser(__doc__)
    parser.add_argument("--entries", type=int, default=200_000)
    parser.add_argument("--addresses", type=int, default=10_000)
    args = parser.parse_args()
    registry = benchlib.open_registry(args.database, args.config)
    vacuum(registry)
    with benchlib.rolled_back_env(args) as env:
        rows, _results = run(env, args.entries, args.addresses, args.json)
    vacuum(registry)
    benchlib.print_rows(rows)


def vacuum(registry):
    """Drop the dead rows that earlier (rolled back) runs left in the two
    lists: a list of that size never holds them, and every probe of the
    index would visit them."""
    with registry.cursor() as cr:
        cr._cnx.autocommit = True
        cr.execute("VACUUM ANALYZE gdpr_blacklist, mail_blacklist")


if __name__ == "__main__":
    main()
