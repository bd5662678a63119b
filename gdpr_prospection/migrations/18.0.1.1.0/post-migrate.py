"""Evidence is keyed by record since 18.0.1.1.0: the partner evidence that
was recorded before gets its record from the partner id it kept."""


def migrate(cr, version):
    cr.execute(
        """UPDATE gdpr_event SET res_model = 'res.partner', res_id = partner_ref
            WHERE res_model IS NULL AND partner_ref IS NOT NULL"""
    )
