"""18.0.1.2.0: the printed text of documents is sanitised (it was stored as given).

Texts printed before may hold markup a client sent directly (scripts, event handlers): they are
sanitised once with the field's options, so the viewer and the PDF renderer never run them.
"""

from odoo.tools import html_sanitize


def migrate(cr, version):
    cr.execute("SELECT id, body_html FROM dental_patient_document WHERE body_html IS NOT NULL")
    for document_id, body in cr.fetchall():
        clean = html_sanitize(body, sanitize_attributes=False)
        if clean != body:
            cr.execute("UPDATE dental_patient_document SET body_html = %s WHERE id = %s", (clean, document_id))
