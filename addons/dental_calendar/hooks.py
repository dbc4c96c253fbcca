def pre_init_hook(env):
    """The chair and doctor exclusion constraints need GiST indexes over integers (btree_gist).

    The extension ships with PostgreSQL's contrib package; creating it needs a role allowed
    to (a superuser or, since PostgreSQL 13, the database owner: btree_gist is trusted).
    """
    env.cr.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
