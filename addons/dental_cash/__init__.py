from . import models, wizard

# isort: split
from . import demo  # the demo data generator calls the models above, so it is imported after them


def post_init_hook(env):
    """Cash, card and bank-transfer journals for every branch that already has a chart of accounts."""
    env["res.company"].search([])._dental_create_payment_journals()
