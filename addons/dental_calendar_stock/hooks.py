def post_init_hook(env):
    """The chairs existing before the bridge get their stock location."""
    env["dental.chair"].with_context(active_test=False).search(
        [("dental_location_id", "=", False)]
    )._dental_create_location()
