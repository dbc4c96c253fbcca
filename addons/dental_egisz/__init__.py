import secrets

from . import controllers, models, wizard


def post_init_hook(env):
    """Each existing branch gets its own callback token (new ones get theirs on creation)."""
    companies = env["res.company"].with_context(active_test=False).search([("egisz_callback_token", "=", False)])
    for company in companies:
        company.egisz_callback_token = secrets.token_urlsafe(24)
