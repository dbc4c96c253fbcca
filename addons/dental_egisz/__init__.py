import secrets

from . import controllers, models, wizard


def post_init_hook(env):
    """Each existing branch gets its own callback token (a column default gives them all the same one)."""
    for company in env["res.company"].with_context(active_test=False).search([]):
        company.egisz_callback_token = secrets.token_urlsafe(24)
