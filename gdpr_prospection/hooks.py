def post_init_hook(env):
    env["res.company"]._gdpr_install_defaults()
