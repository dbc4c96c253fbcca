"""Scale tooling of the dental clinic product: data generator and benchmark (issue 7).

``scripts/gen_data`` and ``scripts/bench`` run this package with the project's
virtualenv; it boots Odoo in-process on a ``dental_bench_*`` database.
"""
