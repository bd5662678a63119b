#!/usr/bin/env python3
"""Benchmark: Lead Generation (crm_iap_mine) with its bridge.

    python3 bench/lead_mining_bench.py -d <database> [--leads 1000] [--batch 200]

The database must have gdpr_prospection and crm installed (Lead Generation
and both bridges come with them). In one transaction rolled back at the end,
the answer of a "Companies and their Contacts" request (one contact per
company, a tenth of them on the suppression list), built the way Odoo's own
``crm_iap_mine`` tests build it, becomes leads through the request's
``_create_leads_from_response()``, in requests of ``--batch`` companies:

- ours: the bridge's path (the suppression list screened first, each lead a
  B2B prospect from the Lead Generation source, with its evidence);
- core: the same answers through Lead Generation's own methods, the bridge's
  overrides bypassed (plain leads, nobody screened).

No IAP service is called: the answer is given to the method that receives it.
"""

from contextlib import ExitStack
from unittest.mock import patch

import benchlib


def answer(start, count):
    """IAP's answer for ``count`` companies with one contact each."""
    result = []
    for index in range(start, start + count):
        name = f"Mined{index}"
        result.append(
            {
                "company_data": {
                    "domain": f"{name.lower()}.example.com",
                    "clearbit_id": f"bench_clearbit_{index}",
                    "name": f"{name} GmbH",
                    "legal_name": f"{name} GmbH",
                    "description": f"{name} GmbH description",
                    "logo": "",
                    "phone": "+4930499193937",
                    "phone_numbers": ["+4930499193937"],
                    "email": [f"info@{name.lower()}.example.com"],
                    "country_code": "DE",
                    "city": "Berlin",
                    "location": "Hauptstrasse 1",
                    "state_code": False,
                    "postal_code": "10115",
                },
                "people_data": [
                    {
                        "full_name": f"Contact {name}",
                        "email": f"contact.{index}@{name.lower()}.example.com",
                        "phone": "+49 30 548406496",
                        "seniority": "manager",
                        "title": "Buyer",
                        "role": "purchasing",
                    }
                ],
            }
        )
    return result


def bypass_bridge():
    """Patches that send the request's methods straight to Lead Generation's
    own code, as if the bridge were not installed."""
    from odoo.addons.gdpr_prospection_crm_iap_mine.models.crm_iap_lead_mining_request import (
        CrmIapLeadMiningRequest as bridge,
    )

    patches = []
    for name in ("_create_leads_from_response", "_lead_vals_from_response"):

        def core(self, *args, _name=name):
            return getattr(super(bridge, self), _name)(*args)

        patches.append(patch.object(bridge, name, core))
    return patches


def mine(env, count, batch, offset):
    Request = env["crm.iap.lead.mining.request"]
    leads = env["crm.lead"].with_context(active_test=False)
    before = leads.search_count([])
    with benchlib.measure(env.cr) as spent:
        for start in range(0, count, batch):
            request = Request.create(
                {"lead_number": batch, "contact_number": 1, "lead_type": "lead", "search_type": "people"}
            )
            request._create_leads_from_response(answer(offset + start, min(batch, count - start)))
            env.flush_all()
    spent["leads"] = leads.search_count([]) - before
    return spent


def run(env, args):
    env.ref("gdpr_prospection_crm_iap_mine.source_lead_mining").reuse_allowed = True
    # a tenth of the contacts objected before
    suppressed = [(f"contact.{index}@mined{index}.example.com", False) for index in range(0, 2 * args.leads, 10)]
    env["gdpr.blacklist"]._add(suppressed, "objection")
    env.flush_all()
    env.cr.execute("SAVEPOINT lead_mining_bench")
    ours = mine(env, args.leads, args.batch, 0)
    env.cr.execute("ROLLBACK TO SAVEPOINT lead_mining_bench")
    env.invalidate_all()
    with ExitStack() as stack:
        for patcher in bypass_bridge():
            stack.enter_context(patcher)
        core = mine(env, args.leads, args.batch, args.leads)
    env.cr.execute("ROLLBACK TO SAVEPOINT lead_mining_bench")
    # per lead made: ours makes fewer (the suppressed are left out), and is not credited for it
    ours_rate, core_rate = ours["leads"] / ours["seconds"], core["leads"] / core["seconds"]
    row = {
        "bench": f"lead generation ({args.leads:,} companies with a contact, 1 in 10 suppressed)",
        "metric": f"leads made/s vs Lead Generation alone ({ours['leads']:,} vs {core['leads']:,} leads)",
        "ours": ours_rate,
        "baseline": core_rate,
        "ratio": benchlib.ratio(ours_rate, core_rate),
        "goal": ">= 0.8x",
    }
    benchlib.record(args.json, **row)
    return [row]


def main():
    parser = benchlib.argument_parser(__doc__)
    parser.add_argument("--leads", type=int, default=1000)
    parser.add_argument("--batch", type=int, default=200, help="companies per request")
    benchlib.run_and_print(parser.parse_args(), run)


if __name__ == "__main__":
    main()
