"""dental_egisz's budgeted operation (issue 21): the registry's "not sent" list (its default view).

Preparation (committed once, idempotent): ``DOCUMENTS_PER_PATIENT`` registry documents per patient, inserted in
one statement over the generated patients and the doctors of their branches (the generator makes none): most
registered, the rest spread over draft, signed by the doctor, signed by the organisation, sent and error, with
deadlines over the last year, so "not sent" is a few percent of the registry as in a working clinic.

Operation (``EgiszNotSent``): what ЕГИСЗ Documents opens with, ``web_search_read`` of the list view's
specification with the "Not Sent" filter, the first 80 rows and the count; and its SQL floor.

Operation (``EgiszProtocol``): a doctor signs a visit record of a branch with ЕГИСЗ on, which generates its
protocol (СЭМД 119, validated against the XSD and the Schematron), then signs the protocol with their
certificate. Preparation (committed once): ЕГИСЗ switched on in the main branch with its codes, signing through
the external-command signer (``openssl cms``, standing for CryptoPro's ``cryptcp``: a process started per
signature, as in production) with a throw-away certificate under ``$DENTAL_HOME/bench-signer``, a doctor with
the codes ЕГИСЗ needs and a user, a patient with a СНИЛС, and a draft visit record with every field. The floor
is the same work without the ORM: the protocol built from its data (read beforehand), validated and signed,
and its two files inserted.
"""

import os
import subprocess

from odoo.tools import SQL

from .odoo_env import view_spec
from .operations import Operation

# valid СНИЛС of shared/reference/ru_identifier_test_vectors.csv
SNILS_DOCTOR = "112-233-445 95"
SNILS_PATIENT = "586-595-917 80"

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


def signer_files():
    """A throw-away key and self-signed certificate for the bench's signer (made once, kept outside the database)."""
    home = os.environ.get("DENTAL_HOME") or os.path.expanduser("~/.local/share/dental-clinic")
    folder = os.path.join(home, "bench-signer")
    key, cert = os.path.join(folder, "key.pem"), os.path.join(folder, "cert.pem")
    if not (os.path.exists(key) and os.path.exists(cert)):
        os.makedirs(folder, exist_ok=True)
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "3650", "-subj",
             "/CN=dental bench signer", "-keyout", key, "-out", cert],
            check=True, capture_output=True,
        )  # fmt: skip
    return key, cert


def signer_command():
    key, cert = signer_files()
    return f"openssl cms -sign -binary -in {{input}} -signer {cert} -inkey {key} -outform DER -out {{outdir}}/document.xml.sgn"


def _protocol_fixture(bench, env):
    """The main branch with ЕГИСЗ on, a coded doctor with a user, a patient and a draft visit record (committed)."""
    from odoo.addons.dental_egisz.models.dental_egisz_nsi import (
        NSI_CONDITION,
        NSI_DIAGNOSIS_TYPE,
        NSI_PLACE,
        NSI_POSITION,
        NSI_REGION,
        NSI_SPECIALTY,
        NSI_VISIT_KIND,
    )

    company = env["res.company"].browse(bench.main_branch(env))
    Nsi = env["dental.egisz.nsi"]
    settings = {
        "egisz_enabled": True,
        "egisz_signer": "command",
        "egisz_signer_command": signer_command(),
        "egisz_org_oid": company.egisz_org_oid or "1.2.643.5.1.13.13.12.2.77.7831",
        "egisz_client_entity_id": company.egisz_client_entity_id or "0b5a4a0c-1111-4d2a-9a3e-2f1f3c4d5e6f",
        "egisz_region_id": company.egisz_region_id.id or Nsi._get(NSI_REGION, "77").id,
        "egisz_values_mode": "visit",
    }
    for fname, value in (("street", "ул. Ленина, д. 1"), ("city", "Москва"), ("zip", "101000")):
        if not company[fname]:
            settings[fname] = value
    company.write(settings)
    user = (
        env["res.users"]
        .with_context(no_reset_password=True)
        .create(
            {
                "name": "Bench ЕГИСЗ Doctor",
                "login": "bench_egisz_doctor",
                "company_id": company.id,
                "company_ids": [(6, 0, [company.id])],
                "groups_id": [(6, 0, [env.ref("dental_patient.group_doctor").id, env.ref("base.group_user").id])],
            }
        )
    )
    doctor = env["hr.employee"].create(
        {
            "name": "Зубова Анна Петровна",
            "company_id": company.id,
            "user_id": user.id,
            "egisz_snils": SNILS_DOCTOR,
            "egisz_thumbprint": "bench",
            "egisz_position_id": (Nsi._get(NSI_POSITION, "34") or Nsi.search([("oid", "=", NSI_POSITION)], limit=1)).id,
            "egisz_specialty_id": Nsi.search([("oid", "=", NSI_SPECIALTY)], limit=1).id,
        }
    )
    patient = (
        env["dental.patient"]
        .with_company(company)
        .create(
            {
                "last_name": "Кузнецов",
                "first_name": "Иван",
                "patronymic": "Сергеевич",
                "birth_date": "1990-05-17",
                "gender": "male",
                "snils": SNILS_PATIENT,
                "street": "ул. Тверская, д. 5, кв. 2",
                "city": "Москва",
                "zip": "125009",
                "company_id": company.id,
            }
        )
    )
    record = (
        env["dental.visit.record"]
        .with_company(company)
        .create(
            {
                "patient_id": patient.id,
                "doctor_id": doctor.id,
                "company_id": company.id,
                "complaints": "Боль от холодного в зубе 36.",
                "anamnesis": "Боль появилась неделю назад.",
                "objective": "Кариозная полость на жевательной поверхности зуба 36.",
                "treatment": "Пломба из композита.",
                "diagnosis_id": env.ref("dental_chart.diagnosis_K02_1").id,
                "egisz_title": "Консультация стоматолога-терапевта",
                "egisz_epicrisis": "Кариес дентина зуба 36 вылечен.",
                "egisz_diagnosis_comment": "Зуб 36",
                "egisz_visit_kind_id": Nsi._get(NSI_VISIT_KIND, "1").id,
                "egisz_place_id": Nsi._get(NSI_PLACE, "1").id,
                "egisz_condition_id": Nsi._get(NSI_CONDITION, "1").id,
                "egisz_diagnosis_type_id": Nsi._get(NSI_DIAGNOSIS_TYPE, "1").id,
            }
        )
    )
    env["ir.config_parameter"].sudo().set_param("dental_bench.egisz.protocol", str(record.id))
    env.cr.commit()  # the bench's own set-up, kept for later runs (the measured calls are rolled back)
    return record.id


class EgiszProtocol(Operation):
    """A doctor signs a visit record (its protocol generated and validated), then signs the protocol."""

    key, name = "egisz_protocol", "11b. ЕГИСЗ: generate, validate and sign a visit protocol"
    runs = 20

    def prepare(self, env):
        if "dental.egisz.document" not in env:
            self.skipped = "dental_egisz not installed"
            return
        env.cr.execute("SELECT value FROM ir_config_parameter WHERE key = 'dental_bench.egisz.protocol'")
        row = env.cr.fetchone()
        self.record_id = int(row[0]) if row else _protocol_fixture(self.bench, env)
        record = env["dental.visit.record"].browse(self.record_id)
        self.doctor_user = record.doctor_id.user_id.id
        # the signer's files live outside the database: made again when missing, the command kept in step
        if record.company_id.egisz_signer_command != signer_command():
            record.company_id.egisz_signer_command = signer_command()
            env.cr.commit()
        # the floor's input: the protocol's data as the ORM reads them for a signed record (then rolled back)
        self.company = record.company_id.id
        env.cr.execute("SAVEPOINT bench_egisz")
        record = self.doctor_env(env)["dental.visit.record"].browse(self.record_id)
        record.action_sign()
        document = record.egisz_document_ids[:1]
        self.data = record._egisz_protocol_data(document)
        self.signer = document._make_signer()
        env.cr.execute("ROLLBACK TO SAVEPOINT bench_egisz")
        env.invalidate_all()

    def doctor_env(self, env):
        """The doctor's request: their user, their branch."""
        return env(user=self.doctor_user, context=dict(env.context, allowed_company_ids=[self.company]))

    def call(self, env, index):
        record = self.doctor_env(env)["dental.visit.record"].browse(self.record_id)
        record.action_sign()
        document = record.egisz_document_ids
        document.action_sign_doctor()
        return document.state

    def floor(self, cr, index):
        from odoo.addons.dental_egisz.tools import validation
        from odoo.addons.dental_egisz.tools.cda import build_protocol

        xml = build_protocol(self.data, "119")
        problems = validation.validate(xml, "119")
        signature = self.signer.sign(xml, "bench")
        cr.execute(
            SQL(
                """
                INSERT INTO ir_attachment (name, type, db_datas, mimetype, res_model, company_id, file_size,
                                           create_uid, write_uid, create_date, write_date)
                VALUES ('semd.xml', 'binary', %(xml)s, 'application/xml', 'dental.egisz.document', %(company)s,
                        %(xml_size)s, 1, 1, now(), now()),
                       ('semd.xml.doctor.sig', 'binary', %(sig)s, 'application/pkcs7-signature',
                        'dental.egisz.document', %(company)s, %(sig_size)s, 1, 1, now(), now())
                RETURNING id
                """,
                xml=xml,
                sig=signature,
                company=self.company,
                xml_size=len(xml),
                sig_size=len(signature),
            )
        )
        return problems, cr.fetchall()


EGISZ_OPERATIONS = (EgiszNotSent, EgiszProtocol)
