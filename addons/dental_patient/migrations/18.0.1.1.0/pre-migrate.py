"""18.0.1.1.0: card numbers are searched by fragment: their btree index becomes a trigram index.

Odoo keeps an existing index of the same name, so the old btree index is dropped here and the
update creates the trigram one.
"""


def migrate(cr, version):
    cr.execute(
        """
        SELECT 1 FROM pg_indexes
         WHERE indexname = 'dental_patient__card_number_index' AND indexdef NOT LIKE '%gin_trgm_ops%'
        """
    )
    if cr.fetchone():
        cr.execute("DROP INDEX dental_patient__card_number_index")
