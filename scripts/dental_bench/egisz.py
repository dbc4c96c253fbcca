"""dental_egisz's budgeted operation (issue 21): the registry's "not sent" list (its default view).

Preparation (committed once, idempotent): ``DOCUMENTS_PER_PATIENT`` registry documents per patient, inserted in
one statement over the generated patients and the doctors of their branches (the generator makes none): most
registered, the rest spread over draft, signed by the doctor, signed by the organisation, sent and error, with
deadlines over the last year, so "not sent" is a few percent of the registry as in a working clinic.

Operation (``EgiszNotSent``): what ЕГИСЗ Documents opens with, ``web_search_read`` of the list view's
specification with the "Not Sent" filter, the first 80 rows and the count; and its SQL floor.
"""

from odoo.tools import SQL

from .odoo_env import view_spec
from .operations import Operation

DOCUMENTS_PER_PATIENT = 0.5
NOT_SENT = ("draft", "doctor_signed", "org_signed", "error")


def prepare_egisz(bench, env):
    """Registry documents (committed): True, or False without dental_egisz."""
    if "dental.egisz.document" not in env:
        return False
    cr = env.cr
    cr.execute("SELECT 1 FROM dental_egisz_document WHERE local_uid LIKE 'bench-%' LIMIT 1")
    if cr.fetchone():
        return True
    cr.execute("SELECT count(*) FROM dental_patient")
    total = int(cr.fetchone()[0] * DOCUMENTS_PER_PATIENT)
    cr.execute(
        SQL(
            """
            WITH doctors AS (
                SELECT company_id, array_agg(id ORDER BY id) AS ids FROM hr_employee
                 WHERE company_id IS NOT NULL GROUP BY company_id
            ), patients AS (
                SELECT p.id, p.company_id, row_number() OVER (ORDER BY p.id) AS n FROM dental_patient p
                  JOIN doctors d ON d.company_id = p.company_id
            ), picked AS (
                SELECT g, pt.id AS patient_id, pt.company_id
                  FROM generate_series(1, %(total)s) g
                  JOIN patients pt ON pt.n = 1 + mod(g * 7919, (SELECT count(*) FROM patients))
            )
            INSERT INTO dental_egisz_document (name, document_type, kind, patient_id, doctor_id, company_id, state,
                                               local_uid, version, deadline, attempt_count,
                                               create_uid, write_uid, create_date, write_date)
            SELECT 'Bench protocol ' || g, 'protocol', '119', pk.patient_id,
                   d.ids[1 + mod(g, array_length(d.ids, 1))], pk.company_id,
                   (ARRAY['registered', 'registered', 'registered', 'registered', 'registered', 'registered',
                          'registered', 'registered', 'registered', 'registered', 'registered', 'registered',
                          'registered', 'registered', 'registered', 'registered', 'sent', 'draft',
                          'doctor_signed', 'org_signed', 'error'])[1 + mod(g, 21)],
                   'bench-' || g, 1, now() at time zone 'UTC' - mod(g, 365) * interval '1 day', 0,
                   1, 1, now(), now()
              FROM picked pk JOIN doctors d ON d.company_id = pk.company_id
            """,
            total=max(total, 1),
        )
    )
    cr.commit()  # the bench's own set-up, kept for later runs (the measured calls are rolled back)
    return True


class EgiszNotSent(Operation):
    """ЕГИСЗ Documents opened: the "not sent" list, first page and count."""

    key, name = "egisz_not_sent", '11. ЕГИСЗ: the registry\'s "not sent" list'

    def prepare(self, env):
        if not prepare_egisz(self.bench, env):
            self.skipped = "dental_egisz not installed"
            return
        self.spec = view_spec(env, "dental.egisz.document", "list")
        self.domain = [("state", "in", NOT_SENT)]
        env.cr.execute("SELECT count(*), count(*) FILTER (WHERE state IN %s) FROM dental_egisz_document", [NOT_SENT])
        documents, not_sent = env.cr.fetchone()
        self.counts = {"documents": documents, "not sent": not_sent}

    def call(self, env, index):
        return env["dental.egisz.document"].web_search_read(
            self.domain, self.spec, offset=0, limit=80, order="", count_limit=10001
        )

    def floor(self, cr, index):
        cr.execute(
            SQL(
                """
                SELECT d.id, d.deadline, d.document_type, d.patient_id, pp.name, d.doctor_id, e.name, d.company_id,
                       d.state, d.registration_number, d.last_error,
                       (SELECT count(*) FROM dental_egisz_document WHERE state IN %(states)s)
                  FROM dental_egisz_document d
                  JOIN dental_patient p ON p.id = d.patient_id JOIN res_partner pp ON pp.id = p.partner_id
                  JOIN hr_employee e ON e.id = d.doctor_id
                 WHERE d.state IN %(states)s
                 ORDER BY d.deadline, d.id DESC LIMIT 80
                """,
                states=NOT_SENT,
            )
        )
        return cr.fetchall()


EGISZ_OPERATIONS = (EgiszNotSent,)
