#!/usr/bin/env python3
"""Benchmark: the cost of the record rule that hides prospects.

    python3 bench/rules_bench.py -d <database> [--prospects 100000]

Seeds N prospects (and as many ordinary customers), then times, as a
prospection user and as an employee without the role, a list page (search
of 80 partners and read of their list columns) and a search_count, with the
addon's rule active and then disabled. Prints the overhead of the rule.
Everything is rolled back at the end.
"""

import statistics
import sys
import time

sys.path.insert(0, __import__("os").path.dirname(__file__))
import benchlib  # noqa: E402
import purge_bench  # noqa: E402

REPEAT = 15
LIST_FIELDS = ["name", "email", "phone", "city", "country_id"]


def seed_customers(env, count):
    env.cr.execute(
        """INSERT INTO res_partner (name, complete_name, email, active, type, is_company, lang,
                                    create_date, write_date, create_uid, write_uid)
           SELECT 'Bench Customer ' || i, 'Bench Customer ' || i, 'customer' || i || '@bench.example',
                  TRUE, 'contact', FALSE, 'en_US', now(), now(), 1, 1
             FROM generate_series(1, %s) AS i""",
        (count,),
    )
    env.cr.execute("UPDATE res_partner SET commercial_partner_id = id WHERE commercial_partner_id IS NULL")
    env.invalidate_all()


def users(env):
    Users = env["res.users"].with_context(no_reset_password=True)
    seller = Users.create(
        {
            "name": "Bench Seller",
            "login": "bench_seller",
            "groups_id": [(6, 0, env.ref("gdpr_prospection.group_gdpr_user").ids)],
        }
    )
    employee = Users.create(
        {"name": "Bench Employee", "login": "bench_employee", "groups_id": [(6, 0, env.ref("base.group_user").ids)]}
    )
    return seller, employee


def timing(env, user, domain):
    Partner = env["res.partner"].with_user(user)
    lists, counts = [], []
    for _ in range(REPEAT):
        env.invalidate_all()
        start = time.perf_counter()
        Partner.search(domain, limit=80).read(LIST_FIELDS)
        lists.append(time.perf_counter() - start)
        start = time.perf_counter()
        Partner.search_count(domain)
        counts.append(time.perf_counter() - start)
    return statistics.median(lists), statistics.median(counts)


def run(env, prospects, out=None):
    purge_bench.seed(env, prospects)
    seed_customers(env, prospects)
    env.cr.execute("ANALYZE res_partner")
    seller, employee = users(env)
    rule = env.ref("gdpr_prospection.res_partner_rule_gdpr_prospect")
    cases = {"prospection user": (seller, [("gdpr_prospect_type", "!=", False)]), "employee": (employee, [])}
    with_rule = {name: timing(env, user, domain) for name, (user, domain) in cases.items()}
    rule.active = False
    env.flush_all()
    without_rule = {name: timing(env, user, domain) for name, (user, domain) in cases.items()}
    rule.active = True
    rows = []
    for name in cases:
        for index, operation in enumerate(("list page", "search_count")):
            ours, baseline = with_rule[name][index] * 1000, without_rule[name][index] * 1000
            row = {
                "bench": f"record rule ({prospects:,} prospects)",
                "metric": f"{operation} as {name}, ms (rule vs none)",
                "ours": ours,
                "baseline": baseline,
                "ratio": baseline / ours if ours else None,
                "goal": "overhead < 10% (ratio > 0.91x)",
            }
            rows.append(row)
            benchlib.record(out, **row)
    return rows


def main():
    parser = benchlib.argument_parser(__doc__)
    parser.add_argument("--prospects", type=int, default=100_000)
    args = parser.parse_args()
    with benchlib.rolled_back_env(args) as env:
        rows = run(env, args.prospects, args.json)
    benchlib.print_rows(rows)


if __name__ == "__main__":
    main()
