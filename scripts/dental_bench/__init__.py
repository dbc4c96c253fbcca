"""Scale tooling of the dental clinic product: data generator and benchmark (issue 7).

``scripts/gen_data`` and ``scripts/bench`` run this package with the project's
virtualenv; it boots Odoo in-process on a ``dental_bench_*`` database.

Modules, each importing only those above it (no cycle):

* ``odoo_env``: boot Odoo, create the database, bulk-load helpers, view specifications, the time zone;
* ``names``: Russian names, streets, transliteration;
* ``cash``: dental_cash's data (invoices, payments, daily summaries, closed days);
* ``generator``: the generator's stages (``Generator``, ``Spec``, ``PRESETS``);
* ``floors``: the SQL floor of each operation kind (one statement each, ``odoo.tools.SQL``);
* ``operations``: the budgeted operations (prepare, the measured call, the floor's statement);
* ``dms``: dental_dms's data (the generator's ``dms`` stage, called from it) and its two operations;
* ``lab``: dental_lab's data (labs, price lists, lab orders) and its operation, the labs' summary table
  (imports ``operations``; ``generator`` and ``bench`` import it);
* ``marketing``: dental_marketing's channel analytics data (budgets, campaign costs) and its operation, the
  analytics of a year of every branch (imports ``operations``; ``generator`` and ``bench`` import it);
* ``reports``: dental_reports' operations, each report's pivot and the dashboard for a month of a branch and a
  year of every branch (imports ``operations``; ``bench`` imports it);
* ``bench``: measuring the operations (``Bench``), budgets, the table;
* ``gen_data_cli``: ``scripts/gen_data``'s command line;
* ``cli``: ``scripts/bench``'s command line.

SQL: statements are literal text with their parameters apart; whatever is composed (a table or column
name, a fragment shared by two statements) is composed with ``odoo.tools.SQL`` on Odoo's cursors and with
``psycopg2.sql`` on psycopg2's own (COPY, the catalog's DDL), never by string formatting.
"""
