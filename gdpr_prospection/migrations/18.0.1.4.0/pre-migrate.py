"""The evidence's index on ``partner_id`` now holds only the rows that name
a partner: most "purged" rows name none (a lead, a deleted partner), and a
full index made every purge batch pay for them. The full index of earlier
versions goes here; the update creates the partial one."""


def migrate(cr, version):
    cr.execute(
        """SELECT 1 FROM pg_indexes
            WHERE indexname = 'gdpr_event__partner_id_index' AND indexdef NOT LIKE '%%IS NOT NULL%%'"""
    )
    if cr.fetchone():
        cr.execute("DROP INDEX gdpr_event__partner_id_index")
