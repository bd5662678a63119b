"""Two purges at once (the nightly job and the DPO's manual purge) on real,
committed data and two database connections: each takes the prospects the
other does not hold, neither waits for the other, and nobody is erased
twice."""

import pytest

SOURCE = "Concurrency directory"
EMAIL = "pat.{index}@concurrency.example"


def env_of(cr):
    from odoo import SUPERUSER_ID, api

    return api.Environment(cr, SUPERUSER_ID, {"lang": "en_US"})


@pytest.fixture()
def objected(registry):
    """Six prospects who objected, committed; all they left is removed at
    the end (evidence, suppression entries, runs)."""
    from odoo import fields

    with registry.cursor() as cr:
        env = env_of(cr)
        last_run = env["gdpr.purge.run"].search([], order="id desc", limit=1).id or 0
        source = env["gdpr.data.source"].create({"name": SOURCE, "reuse_allowed": True})
        partners = env["res.partner"].create(
            [
                {
                    "name": f"Pat Concurrent {index}",
                    "email": EMAIL.format(index=index),
                    "gdpr_prospect_type": "b2b",
                    "gdpr_source_id": source.id,
                    "function": "Buyer",
                }
                for index in range(6)
            ]
        )
        env["gdpr.event"]._log(partners, "objection", "web")
        partners.write({"gdpr_objected_on": fields.Datetime.now()})
        ids = partners.ids
    yield ids
    with registry.cursor() as cr:
        env = env_of(cr)
        Blacklist = env["gdpr.blacklist"].with_context(active_test=False)
        hashes = [Blacklist._identity_hashes(EMAIL.format(index=index))["email_hash"] for index in range(6)]
        events = env["gdpr.event"].search(["|", ("partner_ref", "in", ids), ("partner_id", "in", ids)])
        events.with_context(gdpr_evidence_expiry=True).unlink()
        Blacklist.search([("email_hash", "in", hashes)]).unlink()
        env["gdpr.purge.run"].search([("id", ">", last_run)]).unlink()
        env["res.partner"].with_context(active_test=False).browse(ids).exists().unlink()
        env["gdpr.data.source"].search([("name", "=", SOURCE)]).unlink()


def purged_counts(registry, ids):
    with registry.cursor() as cr:
        env = env_of(cr)
        events = env["gdpr.event"].search([("event_type", "=", "purged"), ("partner_ref", "in", ids)])
        return {pid: len(events.filtered(lambda e, pid=pid: e.partner_ref == pid)) for pid in ids}


def remaining(registry, ids):
    with registry.cursor() as cr:
        return env_of(cr)["res.partner"].with_context(active_test=False).browse(ids).exists().ids


def test_manual_and_scheduled_purges_at_once(registry, objected):
    ids = objected
    manual_ids, others = ids[:3], ids[3:]
    with registry.cursor() as manual_cr, registry.cursor() as cron_cr:
        # neither may wait on the other: a wait would be a collision
        for cr in (manual_cr, cron_cr):
            cr.execute("SET LOCAL lock_timeout = '5s'")
        manual_env, cron_env = env_of(manual_cr), env_of(cron_cr)
        # the DPO's manual purge erases three of them, not yet committed
        manual_run = manual_env["gdpr.purge.run"]._purge_selection(manual_env["res.partner"].browse(manual_ids))
        assert manual_run.erased_count == 3
        # the nightly job runs meanwhile: it skips the rows the manual run holds
        for _step in range(20):
            cron_run = cron_env["gdpr.purge.run"]._cron_purge()
            if cron_run.state == "done":
                break
        cron_env.invalidate_all()
        cron_view = cron_env["res.partner"].with_context(active_test=False).browse(ids).exists()
        assert set(cron_view.ids) == set(manual_ids), "the job erases the others and leaves the held ones"
        manual_cr.commit()
        cron_cr.commit()
    assert remaining(registry, ids) == []
    assert purged_counts(registry, ids) == dict.fromkeys(ids, 1), "each person erased once, with one evidence row"

    # the next night finds nothing left to do
    with registry.cursor() as cr:
        env = env_of(cr)
        run = env["gdpr.purge.run"]._cron_purge()
        assert (run.state, run.erased_count) == ("done", 0)
    assert purged_counts(registry, others) == dict.fromkeys(others, 1)


def test_rows_held_elsewhere_wait_for_the_next_run(registry, objected):
    ids = objected
    held = ids[:2]
    with registry.cursor() as holder, registry.cursor() as cr:
        holder.execute("SELECT id FROM res_partner WHERE id = ANY(%s) FOR UPDATE", [held])
        cr.execute("SET LOCAL lock_timeout = '5s'")
        env = env_of(cr)
        run = env["gdpr.purge.run"]._purge_selection(env["res.partner"].browse(ids))
        assert run.erased_count == len(ids) - len(held)
        cr.commit()
        holder.rollback()
    assert sorted(remaining(registry, ids)) == sorted(held)
    with registry.cursor() as cr:
        env = env_of(cr)
        run = env["gdpr.purge.run"]._purge_selection(env["res.partner"].browse(ids))
        assert run.erased_count == len(held)
    assert remaining(registry, ids) == []
    assert purged_counts(registry, ids) == dict.fromkeys(ids, 1)
