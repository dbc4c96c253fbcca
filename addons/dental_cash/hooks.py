def post_init_hook(env):
    """Cash, card and bank-transfer journals for every branch that already has a chart of accounts."""
    env["res.company"].search([])._dental_create_payment_journals()
