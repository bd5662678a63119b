def post_init_hook(env):
    """Give the companies that existed before the install the default set of
    allowed prospect fields, and create the hashing key."""
    companies = env["res.company"].with_context(active_test=False).search([])
    for company in companies.filtered(lambda c: not c.gdpr_allowed_field_ids):
        company.gdpr_allowed_field_ids = company._default_gdpr_allowed_fields()
    env["gdpr.blacklist"]._hash_key()
