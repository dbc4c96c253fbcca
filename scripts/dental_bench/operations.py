"""The budgeted operations of ARCHITECTURE.md ("Quality bars") and their SQL floors.

Each operation is called the way the web client calls it (the same model methods with the
same arguments: ``web_read`` with the form's specification, ``web_search_read`` with the
list's, ``get_schedule``, ``web_save``...); ``bench.Bench`` runs it in-process, as the
administrator (Director of every branch) with the web client's context, on a fresh cursor
and environment per run like one request, rolled back afterwards (booking leaves nothing
behind).

The floor of each operation is hand-written SQL returning the same data on the same
database (one statement, run on a fresh cursor too).
"""

from datetime import datetime, timedelta

from lxml import etree

from .cash import summarised_day
from .odoo_env import UTC_OFFSET, view_spec

# The no-debt condition of the SMS segment (dental_cash): no posted customer invoice of the patient with an
# unpaid residual.
NO_DEBT_DOMAIN = [
    (
        "dental_invoice_ids",
        "not any",
        [("state", "=", "posted"), ("move_type", "=", "out_invoice"), ("amount_residual", ">", 0)],
    )
]


class Operation:
    """One measured operation: ``prepare`` (once), ``call`` (measured), ``floor`` (SQL)."""

    key = ""  # budget key (bench.BUDGETS)
    name = ""
    runs = 30
    warmup = 5

    def __init__(self, bench):
        self.bench = bench
        self.skipped = None

    def prepare(self, env):
        """Choose the inputs (patients, day, fragments...) from the database."""

    def inputs(self):
        """How many distinct inputs the runs cycle through: the warm-up reads each of them once."""
        return 1

    def call(self, env, index):
        raise NotImplementedError

    def floor(self, cr, index):
        raise NotImplementedError


class PatientCard(Operation):
    key, name = "card", "1. open a patient card (form + counts + chart)"

    def prepare(self, env):
        from odoo.tools import SQL

        spec = view_spec(env, "dental.patient", "form")
        self.spec = spec
        # The busiest patients having every kind of history (plans, records, findings, invoices): their card
        # runs every query it can, so query counts compare between database sizes.
        # Counting queries (``saturate``): patients with every optional part of the card too (a family, a
        # billed plan, an active diagnosis), so both databases' cards read the same kinds of records.
        every_part = SQL(
            """
               AND EXISTS (SELECT 1 FROM dental_patient p WHERE p.id = e.patient_id AND p.family_id IS NOT NULL)
               AND EXISTS (SELECT 1 FROM sale_order s JOIN sale_order_line l ON l.order_id = s.id
                             JOIN sale_order_line_invoice_rel r ON r.order_line_id = l.id
                            WHERE s.patient_id = e.patient_id)
               AND EXISTS (SELECT 1 FROM dental_chart_finding f WHERE f.patient_id = e.patient_id
                              AND f.state = 'active' AND f.diagnosis_id IS NOT NULL)
            """
        )
        env.cr.execute(
            SQL(
                """
            SELECT e.patient_id FROM calendar_event e
             WHERE e.patient_id IS NOT NULL
               AND EXISTS (SELECT 1 FROM sale_order s WHERE s.patient_id = e.patient_id AND s.is_treatment_plan)
               AND EXISTS (SELECT 1 FROM dental_visit_record v WHERE v.patient_id = e.patient_id)
               AND EXISTS (SELECT 1 FROM dental_chart_finding f WHERE f.patient_id = e.patient_id)
               %s
             GROUP BY e.patient_id ORDER BY count(*) DESC, e.patient_id LIMIT 20
            """,
                every_part if self.bench.saturate else SQL(),
            )
        )
        self.patients = [row[0] for row in env.cr.fetchall()]
        self.day = self.bench.today.isoformat()
        self.lang = env.lang

    def inputs(self):
        return len(self.patients)

    def call(self, env, index):
        patient = env["dental.patient"].browse(self.patients[index % len(self.patients)])
        result = patient.web_read(self.spec)
        chart = patient.dental_get_chart(self.day)
        return result, chart

    def floor(self, cr, index):
        # Everything the form's web_read and the chart return, in one statement: the patient and partner
        # columns, the names of every many2one, the statuses (given by hand and by condition), the possible
        # duplicates, the smart-button counts, the tags, family, phones, documents, main diagnoses, visit
        # records, images, plans, findings and invoices lists (40 rows each, as the form), the chart at the
        # day, and the money page (figures, per doctor, per plan).
        cr.execute(
            """
            SELECT row_to_json(x) FROM (
              SELECT p.*, r.name, r.email, r.mobile, r.phone, r.street, r.street2, r.city, r.zip, r.comment,
                     company.name AS company_name, src.name AS source_name, grp.name->>%(lang)s AS group_name,
                     coord_partner.name AS coordinator_name, doc.name AS doctor_name, fam.name AS family_name,
                     ins.name AS insurer_name, st.name AS state_name, ctry.name->>%(lang)s AS country_name,
                     rep.name AS representative_name, cur.name AS currency_name,
                     (SELECT file_size FROM ir_attachment a WHERE a.res_model = 'res.partner'
                         AND a.res_field = 'image_1920' AND a.res_id = r.id LIMIT 1) AS image_size,
                     (SELECT json_agg(json_build_object('id', s.id, 'name', s.name->>%(lang)s, 'color', s.color)
                                      ORDER BY s.sequence, s.id)
                        FROM dental_patient_status s
                       WHERE s.active AND (s.company_id IS NULL OR s.company_id = p.company_id)
                         AND (EXISTS (SELECT 1 FROM dental_patient_dental_patient_status_rel m
                                       WHERE m.dental_patient_id = p.id AND m.dental_patient_status_id = s.id)
                              OR CASE s.condition
                                 WHEN 'no_visit_months' THEN p.last_visit_date IS NULL
                                      OR p.last_visit_date <= %(day)s::date - make_interval(months => s.months)
                                 WHEN 'visited_months'
                                      THEN p.last_visit_date > %(day)s::date - make_interval(months => s.months)
                                 WHEN 'age_range' THEN p.birth_date_precision != 'day_month'
                                      AND p.birth_date <= %(day)s::date - make_interval(years => s.age_min)
                                      AND p.birth_date > %(day)s::date - make_interval(years => s.age_max + 1)
                                 WHEN 'group' THEN p.group_id = s.group_id
                                 WHEN 'birthday_month' THEN p.birth_date_precision != 'year'
                                      AND extract(month FROM p.birth_date) = extract(month FROM %(day)s::date)
                                 ELSE false END)) AS statuses,
                     (SELECT count(*) FROM (
                         SELECT d.id FROM dental_patient d JOIN res_partner dr ON dr.id = d.partner_id
                          WHERE d.id != p.id AND dr.phone_sanitized IN (r.phone_sanitized)
                         UNION
                         SELECT d.id FROM dental_patient d
                          WHERE d.id != p.id AND d.last_name ILIKE p.last_name AND d.first_name ILIKE p.first_name
                            AND d.patronymic ILIKE p.patronymic AND d.birth_date = p.birth_date
                         LIMIT 5) dup) AS duplicate_count,
                     (SELECT json_agg(json_build_object('id', c.id, 'name', c.name->>%(lang)s, 'color', c.color))
                        FROM res_partner_res_partner_category_rel cr JOIN res_partner_category c ON c.id = cr.category_id
                       WHERE cr.partner_id = r.id) AS tags,
                     (SELECT json_agg(json_build_object('id', m.id, 'name', mr.name) ORDER BY m.last_name,
                                      m.first_name, m.patronymic, m.id)
                        FROM dental_patient m JOIN res_partner mr ON mr.id = m.partner_id
                       WHERE m.family_id = p.family_id AND m.active) AS family_members,
                     (SELECT json_agg(json_build_object('id', ph.id, 'kind', ph.kind, 'number', ph.number,
                                                        'note', ph.note) ORDER BY ph.sequence, ph.id)
                        FROM dental_patient_phone ph WHERE ph.patient_id = p.id) AS phones,
                     (SELECT count(*) FROM calendar_event e WHERE e.patient_id = p.id AND e.active) AS appointment_count,
                     (SELECT count(*) FROM calendar_event e WHERE e.patient_id = p.id AND e.active
                         AND e.dental_state = 'completed') AS visit_count,
                     (SELECT count(*) FROM sale_order s WHERE s.patient_id = p.id AND s.is_treatment_plan) AS plans,
                     (SELECT count(*) FROM dental_visit_record v WHERE v.patient_id = p.id) AS records,
                     (SELECT count(*) FROM dental_image i WHERE i.patient_id = p.id) AS images,
                     (SELECT count(*) FROM dental_patient_document d WHERE d.patient_id = p.id) AS documents,
                     (SELECT json_agg(json_build_object('id', d.id, 'date', d.date, 'name', d.name,
                                                        'type', d.document_type, 'state', d.state))
                        FROM (SELECT * FROM dental_patient_document WHERE patient_id = p.id
                               ORDER BY date DESC, id DESC LIMIT 40) d) AS documents_list,
                     (SELECT json_agg(json_build_object('id', f.id, 'date', f.date, 'doctor', emp.name,
                                                        'diagnosis', dg.code || ' ' || (dg.name->>%(lang)s),
                                                        'teeth', (SELECT array_agg(tt.code)
                                                                    FROM dental_chart_finding_tooth_rel tr
                                                                    JOIN dental_tooth tt ON tt.id = tr.tooth_id
                                                                   WHERE tr.finding_id = f.id)))
                        FROM (SELECT * FROM dental_chart_finding WHERE patient_id = p.id AND state = 'active'
                                 AND diagnosis_id IS NOT NULL ORDER BY date DESC, id DESC LIMIT 40) f
                        LEFT JOIN hr_employee emp ON emp.id = f.doctor_id
                        LEFT JOIN dental_diagnosis dg ON dg.id = f.diagnosis_id) AS main_diagnoses,
                     (SELECT json_agg(json_build_object('id', v.id, 'date', v.date, 'doctor', emp.name,
                                                        'state', v.state,
                                                        'diagnosis', dg.code || ' ' || (dg.name->>%(lang)s),
                                                        'teeth', (SELECT array_agg(tt.code)
                                                                    FROM dental_visit_record_tooth_rel tr
                                                                    JOIN dental_tooth tt ON tt.id = tr.tooth_id
                                                                   WHERE tr.record_id = v.id)))
                        FROM (SELECT * FROM dental_visit_record WHERE patient_id = p.id
                               ORDER BY date DESC, doctor_id, id DESC LIMIT 40) v
                        LEFT JOIN hr_employee emp ON emp.id = v.doctor_id
                        LEFT JOIN dental_diagnosis dg ON dg.id = v.diagnosis_id) AS visit_records,
                     (SELECT json_agg(json_build_object('id', i.id, 'name', i.name, 'kind', i.kind, 'date', i.date,
                                                        'preview', (SELECT min(ar.attachment_id)
                                                                      FROM dental_image_attachment_rel ar
                                                                     WHERE ar.image_id = i.id),
                                                        'teeth', (SELECT array_agg(tt.code)
                                                                    FROM dental_image_tooth_rel tr
                                                                    JOIN dental_tooth tt ON tt.id = tr.tooth_id
                                                                   WHERE tr.image_id = i.id)))
                        FROM (SELECT * FROM dental_image WHERE patient_id = p.id
                               ORDER BY date DESC, id DESC LIMIT 40) i) AS images_list,
                     (SELECT json_agg(json_build_object('id', s.id, 'name', s.name, 'state', s.plan_state,
                                                        'amount', s.amount_total))
                        FROM (SELECT * FROM sale_order WHERE patient_id = p.id AND is_treatment_plan
                               ORDER BY date_order DESC, id DESC LIMIT 40) s) AS plans_list,
                     (SELECT json_agg(json_build_object('id', f.id, 'date', f.date, 'condition', c.name->>%(lang)s,
                                                        'diagnosis', dg.code || ' ' || (dg.name->>%(lang)s),
                                                        'doctor', emp.name, 'teeth', t.codes, 'surfaces', sf.codes,
                                                        'origin', f.origin, 'confidence', f.confidence,
                                                        'state', f.state, 'resolved', f.resolved_date))
                        FROM (SELECT * FROM dental_chart_finding WHERE patient_id = p.id
                               ORDER BY date DESC, id DESC LIMIT 40) f
                        LEFT JOIN dental_condition c ON c.id = f.condition_id
                        LEFT JOIN dental_diagnosis dg ON dg.id = f.diagnosis_id
                        LEFT JOIN hr_employee emp ON emp.id = f.doctor_id
                        LEFT JOIN LATERAL (SELECT array_agg(tt.code) AS codes FROM dental_chart_finding_tooth_rel tr
                                             JOIN dental_tooth tt ON tt.id = tr.tooth_id
                                            WHERE tr.finding_id = f.id) t ON true
                        LEFT JOIN LATERAL (SELECT array_agg(ss.name->>%(lang)s) AS codes
                                             FROM dental_chart_finding_surface_rel sr
                                             JOIN dental_tooth_surface ss ON ss.id = sr.surface_id
                                            WHERE sr.finding_id = f.id) sf ON true) AS findings_list,
                     -- the chart at the day (dental_get_chart)
                     (SELECT json_agg(json_build_object('id', f.id, 'date', f.date, 'condition', c.code,
                                                        'diagnosis', dg.code, 'teeth', t.codes,
                                                        'surfaces', sf.codes, 'origin', f.origin))
                        FROM dental_chart_finding f
                        LEFT JOIN dental_condition c ON c.id = f.condition_id
                        LEFT JOIN dental_diagnosis dg ON dg.id = f.diagnosis_id
                        LEFT JOIN LATERAL (SELECT array_agg(tt.code) AS codes FROM dental_chart_finding_tooth_rel tr
                                             JOIN dental_tooth tt ON tt.id = tr.tooth_id
                                            WHERE tr.finding_id = f.id) t ON true
                        LEFT JOIN LATERAL (SELECT array_agg(ss.code) AS codes
                                             FROM dental_chart_finding_surface_rel sr
                                             JOIN dental_tooth_surface ss ON ss.id = sr.surface_id
                                            WHERE sr.finding_id = f.id) sf ON true
                       WHERE f.patient_id = p.id AND f.date <= %(day)s
                         AND (f.resolved_date IS NULL OR f.resolved_date > %(day)s)) AS chart,
                     -- the money page (dental_cash): figures, per doctor, per plan, invoices
                     (SELECT sum(m.amount_total_signed) FROM account_move m
                       WHERE m.partner_id = p.partner_id AND m.state = 'posted'
                         AND m.move_type IN ('out_invoice', 'out_refund')) AS invoiced,
                     (SELECT sum(pay.amount_company_currency_signed) FROM account_payment pay
                       WHERE pay.partner_id = p.partner_id AND pay.state IN ('in_process', 'paid')
                         AND pay.partner_type = 'customer') AS paid,
                     (SELECT json_build_object(
                                 'debt', sum(l.amount_residual) FILTER (WHERE l.amount_residual > 0),
                                 'deposit', sum(l.amount_residual) FILTER (WHERE l.amount_residual < 0),
                                 'overdue', sum(l.amount_residual) FILTER (WHERE l.amount_residual > 0
                                                                          AND l.date_maturity < %(day)s))
                        FROM account_move_line l JOIN account_account a ON a.id = l.account_id
                       WHERE l.partner_id = p.partner_id AND a.account_type = 'asset_receivable'
                         AND l.parent_state = 'posted' AND NOT l.reconciled) AS open_items,
                     (SELECT json_agg(json_build_object('doctor', d.name, 'amount', t.amount))
                        FROM (SELECT l.dental_doctor_id, -sum(l.balance) AS amount FROM account_move_line l
                                JOIN account_move m ON m.id = l.move_id
                               WHERE l.partner_id = p.partner_id AND l.parent_state = 'posted'
                                 AND l.display_type = 'product' AND m.move_type IN ('out_invoice', 'out_refund')
                               GROUP BY l.dental_doctor_id) t
                        LEFT JOIN hr_employee d ON d.id = t.dental_doctor_id) AS by_doctor,
                     (SELECT json_agg(json_build_object('plan', t.order_id, 'invoiced', t.invoiced, 'paid', t.paid))
                        FROM (SELECT sol.order_id,
                                     sum(CASE WHEN m.move_type = 'out_refund' THEN -l.price_total
                                              ELSE l.price_total END) AS invoiced,
                                     sum(CASE WHEN m.amount_total = 0 THEN 0
                                              ELSE (m.amount_total - m.amount_residual) * l.price_total
                                                   / m.amount_total
                                                   * CASE WHEN m.move_type = 'out_refund' THEN -1 ELSE 1 END
                                         END) AS paid
                                FROM sale_order s JOIN sale_order_line sol ON sol.order_id = s.id
                                JOIN sale_order_line_invoice_rel rel ON rel.order_line_id = sol.id
                                JOIN account_move_line l ON l.id = rel.invoice_line_id
                                JOIN account_move m ON m.id = l.move_id
                               WHERE s.patient_id = p.id AND s.is_treatment_plan AND m.state = 'posted'
                                 AND m.move_type IN ('out_invoice', 'out_refund') AND l.display_type = 'product'
                               GROUP BY sol.order_id) t) AS plan_money,
                     (SELECT json_agg(json_build_object('id', m.id, 'date', m.invoice_date, 'name', m.name,
                                                        'type', m.move_type, 'due_date', m.invoice_date_due,
                                                        'term', pt.name->>%(lang)s, 'total', m.amount_total_signed,
                                                        'due', m.amount_residual_signed, 'state', m.payment_state))
                        FROM (SELECT * FROM account_move WHERE dental_patient_id = p.id
                               ORDER BY date DESC, name DESC, id DESC LIMIT 40) m
                        LEFT JOIN account_payment_term pt ON pt.id = m.invoice_payment_term_id) AS invoices
                FROM dental_patient p JOIN res_partner r ON r.id = p.partner_id
                JOIN res_company company ON company.id = p.company_id
                JOIN res_currency cur ON cur.id = company.currency_id
                LEFT JOIN utm_source src ON src.id = p.source_id
                LEFT JOIN dental_patient_group grp ON grp.id = p.group_id
                LEFT JOIN res_users coord ON coord.id = p.coordinator_id
                LEFT JOIN res_partner coord_partner ON coord_partner.id = coord.partner_id
                LEFT JOIN hr_employee doc ON doc.id = p.doctor_id
                LEFT JOIN dental_family fam ON fam.id = p.family_id
                LEFT JOIN res_partner ins ON ins.id = p.oms_insurer_id
                LEFT JOIN res_country_state st ON st.id = r.state_id
                LEFT JOIN res_country ctry ON ctry.id = r.country_id
                LEFT JOIN res_partner rep ON rep.id = p.representative_id
               WHERE p.id = %(id)s) x
            """,
            {"id": self.patients[index % len(self.patients)], "day": self.day, "lang": self.lang},
        )
        return cr.fetchall()


class PatientSearch(Operation):
    """The Patients screen's search box: the "Patient" filter of the search view, first page."""

    key = "search"
    kind = "phone"

    @property
    def name(self):
        return f"2. find a patient by a {self.kind} fragment (list search)"

    def prepare(self, env):
        self.spec = view_spec(env, "dental.patient", "list")
        self.fragments = self.bench.fragments(self.kind)
        # the search view's "Patient" field: its filter_domain is what the search box sends
        arch = etree.fromstring(env["dental.patient"].get_views([(False, "search")])["views"]["search"]["arch"])
        node = arch.xpath("//field[@name='name'][@filter_domain]")
        self.filter_domain = node[0].get("filter_domain") if node else "[('name', 'ilike', self)]"

    def inputs(self):
        return len(self.fragments)

    def domain(self, fragment):
        from odoo.tools.safe_eval import safe_eval

        return safe_eval(self.filter_domain, {"self": fragment})

    def call(self, env, index):
        fragment = self.fragments[index % len(self.fragments)]
        return env["dental.patient"].web_search_read(
            self.domain(fragment), self.spec, offset=0, limit=80, order="", count_limit=10001
        )

    def floor(self, cr, index):
        fragment = self.fragments[index % len(self.fragments)]
        digits = "".join(ch for ch in fragment if ch.isdigit())
        cr.execute(
            """
            WITH found AS (
                SELECT p.id FROM dental_patient p JOIN res_partner r ON r.id = p.partner_id
                 WHERE p.active AND r.name ILIKE %(like)s
                UNION
                SELECT p.id FROM dental_patient p WHERE p.active AND p.card_number ILIKE %(fragment)s
                UNION
                SELECT p.id FROM dental_patient p WHERE p.active AND %(digits)s <> '' AND p.phone_digits ILIKE %(dlike)s
            )
            SELECT p.id, p.card_number, r.name, p.birth_date, r.mobile, r.email, p.group_id, p.source_id,
                   p.family_id, p.last_visit_date, c.name, count(*) OVER () AS total
              FROM found JOIN dental_patient p ON p.id = found.id JOIN res_partner r ON r.id = p.partner_id
              JOIN res_company c ON c.id = p.company_id
             ORDER BY p.last_name, p.first_name, p.patronymic, p.id LIMIT 80
            """,
            {"like": f"%{fragment}%", "fragment": fragment, "digits": digits, "dlike": f"%{digits}%"},
        )
        return cr.fetchall()


class PatientSearchName(PatientSearch):
    kind = "name"


class PatientNameSearch(Operation):
    """The patient field's autocomplete (booking dialog): ``name_search`` with 8 results."""

    key = "search"
    kind = "phone"

    @property
    def name(self):
        return f"2. find a patient by a {self.kind} fragment (autocomplete)"

    def prepare(self, env):
        self.fragments = self.bench.fragments(self.kind)

    def inputs(self):
        return len(self.fragments)

    def call(self, env, index):
        fragment = self.fragments[index % len(self.fragments)]
        return env["dental.patient"].name_search(fragment, [], "ilike", 8)

    def floor(self, cr, index):
        fragment = self.fragments[index % len(self.fragments)]
        digits = "".join(ch for ch in fragment if ch.isdigit())
        cr.execute(
            """
            WITH found AS (
                SELECT p.id FROM dental_patient p JOIN res_partner r ON r.id = p.partner_id
                 WHERE p.active AND r.name ILIKE %(like)s
                UNION
                SELECT p.id FROM dental_patient p WHERE p.active AND p.card_number ILIKE %(like)s
                UNION
                SELECT p.id FROM dental_patient p WHERE p.active AND %(digits)s <> '' AND p.phone_digits ILIKE %(dlike)s
            )
            SELECT p.id, r.name FROM found JOIN dental_patient p ON p.id = found.id
              JOIN res_partner r ON r.id = p.partner_id
             ORDER BY p.last_name, p.first_name, p.patronymic, p.id LIMIT 8
            """,
            {"like": f"%{fragment}%", "digits": digits, "dlike": f"%{digits}%"},
        )
        return cr.fetchall()


class PatientNameSearchName(PatientNameSearch):
    kind = "name"


class Schedule(Operation):
    key, name = "schedule", "3. load a branch's day schedule (20 chairs)"

    def prepare(self, env):
        self.company = self.bench.main_branch(env)
        self.day = self.bench.busiest_day(env, self.company)
        start = datetime.combine(self.day, datetime.min.time()) - UTC_OFFSET
        self.start, self.stop = start, start + timedelta(days=1)
        self.counts = self.bench.day_counts(env, self.company, self.start, self.stop)

    def call(self, env, index):
        return env["dental.schedule"].get_schedule(
            self.company, self.start.strftime("%Y-%m-%d %H:%M:%S"), self.stop.strftime("%Y-%m-%d %H:%M:%S")
        )

    def floor(self, cr, index):
        cr.execute(
            """
            SELECT
              (SELECT json_agg(json_build_object('id', c.id, 'name', c.name, 'room', c.room, 'color', c.color)
                               ORDER BY c.sequence, c.name, c.id)
                 FROM dental_chair c WHERE c.company_id = %(company)s AND c.active),
              (SELECT json_agg(json_build_object('id', s.id, 'chair', s.chair_id, 'employee', e.name,
                                                 'job', e.job_id, 'start', s.start, 'stop', s.stop))
                 FROM dental_shift s JOIN hr_employee e ON e.id = s.employee_id
                WHERE s.company_id = %(company)s AND s.start < %(stop)s AND s.stop > %(start)s),
              (SELECT json_agg(json_build_object('id', ev.id, 'chair', ev.chair_id, 'patient', r.name,
                                                 'phone', coalesce(r.mobile, r.phone), 'doctor', d.name,
                                                 'start', ev.start, 'stop', ev.stop, 'state', ev.dental_state,
                                                 'note', ev.note, 'visit_type', ev.visit_type,
                                                 'last_visit', p.last_visit_date, 'services', sv.names)
                               ORDER BY ev.start, ev.id)
                 FROM calendar_event ev
                 JOIN dental_patient p ON p.id = ev.patient_id JOIN res_partner r ON r.id = p.partner_id
                 LEFT JOIN hr_employee d ON d.id = ev.doctor_id
                 LEFT JOIN LATERAL (SELECT string_agg(pt.name->>'ru_RU', ', ') AS names
                                      FROM calendar_event_dental_service_rel sr
                                      JOIN product_product pp ON pp.id = sr.product_id
                                      JOIN product_template pt ON pt.id = pp.product_tmpl_id
                                     WHERE sr.event_id = ev.id) sv ON true
                WHERE ev.company_id = %(company)s AND ev.start < %(stop)s AND ev.stop > %(start)s AND ev.active),
              (SELECT json_agg(json_build_object('id', e.id, 'name', e.name, 'job', j.name->>'ru_RU'))
                 FROM hr_employee e LEFT JOIN hr_job j ON j.id = e.job_id
                WHERE e.active AND (e.company_id = %(company)s OR e.company_id IS NULL)),
              (SELECT json_agg(w.id) FROM dental_waitlist w
                WHERE w.company_id = %(company)s AND w.state = 'waiting')
            """,
            {"company": self.company, "start": self.start, "stop": self.stop},
        )
        return cr.fetchall()


class Booking(Operation):
    """The chair schedule's booking: ``dental_check_slot``, then the quick form's ``web_save``."""

    key, name = "book", "4. book an appointment (all checks)"

    def prepare(self, env):
        self.spec = view_spec(env, "calendar.event", "form", "dental_calendar.calendar_event_view_form_dental_quick")
        self.company = self.bench.main_branch(env)
        self.slots = self.bench.free_slots(env, self.company, 10)
        env.cr.execute(
            "SELECT id FROM dental_patient WHERE company_id = %s AND active ORDER BY id LIMIT 10", [self.company]
        )
        self.patients = [row[0] for row in env.cr.fetchall()]
        env.cr.execute(
            "SELECT id FROM product_product WHERE product_tmpl_id IN "
            "(SELECT id FROM product_template WHERE is_dental_service AND dental_duration = 20) ORDER BY id LIMIT 1"
        )
        self.service = env.cr.fetchone()[0]
        self.uid, self.lang = env.uid, env.lang

    def values(self, index):
        chair, doctor, start = self.slots[index % len(self.slots)]
        return {
            "patient_id": self.patients[index % len(self.patients)],
            "doctor_id": doctor,
            "service_ids": [(6, 0, [self.service])],
            "start": start.strftime("%Y-%m-%d %H:%M:%S"),
            "stop": (start + timedelta(minutes=20)).strftime("%Y-%m-%d %H:%M:%S"),
            "duration": 20 / 60,
            "chair_id": chair,
            "visit_type": "repeat",
            "note": False,
        }

    def call(self, env, index):
        values = self.values(index)
        check = {k: values[k] for k in ("start", "stop", "doctor_id", "chair_id")}
        warnings = env["calendar.event"].dental_check_slot(check)
        events = env["calendar.event"].with_context(
            default_chair_id=values["chair_id"], default_company_id=self.company, default_doctor_id=values["doctor_id"]
        )
        saved = events.web_save(values, self.spec)
        return warnings, saved

    def floor(self, cr, index):
        # The same checks and rows as the booking: the chair free, the doctor's shift covering the slot (the
        # warnings), the appointment (the exclusion constraints check both chair and doctor on insert), its
        # attendee and partner, its service, the patient and the author following it (default subtype), the
        # creation note in its chatter, then the quick form's fields read back with their names.
        values = self.values(index)
        cr.execute(
            """
            WITH busy AS (
                SELECT id FROM calendar_event
                 WHERE chair_id = %(chair)s AND start < %(stop)s AND stop > %(start)s AND active
                   AND dental_state NOT IN ('no_show', 'cancelled')
            ), shift AS (
                SELECT id FROM dental_shift WHERE employee_id = %(doctor)s AND start <= %(start)s AND stop >= %(stop)s
            ), event AS (
                INSERT INTO calendar_event (name, patient_id, doctor_id, chair_id, company_id, start, stop, duration,
                                            dental_state, visit_type, active, show_as, privacy, user_id,
                                            is_dental_appointment, dental_doctor_exclusive, booking_source,
                                            create_uid, write_uid, create_date, write_date)
                SELECT r.name, p.id, %(doctor)s, %(chair)s, %(company)s, %(start)s, %(stop)s, %(duration)s,
                       'scheduled', 'repeat', true, 'busy', 'public', %(uid)s, true, true, 'phone', %(uid)s, %(uid)s,
                       now() at time zone 'utc', now() at time zone 'utc'
                  FROM dental_patient p JOIN res_partner r ON r.id = p.partner_id
                 WHERE p.id = %(patient)s AND NOT EXISTS (SELECT 1 FROM busy)
                RETURNING id, name, start, stop, duration, visit_type, note
            ), partner AS (
                INSERT INTO calendar_event_res_partner_rel (calendar_event_id, res_partner_id)
                SELECT event.id, p.partner_id FROM event, dental_patient p WHERE p.id = %(patient)s
                RETURNING res_partner_id
            ), attendee AS (
                INSERT INTO calendar_attendee (event_id, partner_id, state, common_name)
                SELECT event.id, partner.res_partner_id, 'accepted', event.name FROM event, partner
                RETURNING id
            ), service AS (
                INSERT INTO calendar_event_dental_service_rel (event_id, product_id)
                SELECT event.id, %(service)s FROM event RETURNING product_id
            ), followers AS (
                INSERT INTO mail_followers (res_model, res_id, partner_id)
                SELECT 'calendar.event', event.id, f.partner_id
                  FROM event, (SELECT res_partner_id AS partner_id FROM partner
                               UNION SELECT partner_id FROM res_users WHERE id = %(uid)s) f
                RETURNING id
            ), follower_subtypes AS (
                INSERT INTO mail_followers_mail_message_subtype_rel (mail_followers_id, mail_message_subtype_id)
                SELECT followers.id, st.id FROM followers,
                       (SELECT id FROM mail_message_subtype WHERE "default" AND res_model IS NULL AND internal IS NOT TRUE
                         ORDER BY sequence, id LIMIT 1) st
                RETURNING mail_followers_id
            ), note AS (
                INSERT INTO mail_message (model, res_id, message_type, subtype_id, body, author_id, date,
                                          record_name, is_internal, create_uid, write_uid, create_date, write_date)
                SELECT 'calendar.event', event.id, 'notification',
                       (SELECT res_id FROM ir_model_data WHERE module = 'mail' AND name = 'mt_note'),
                       '<p>Appointment created</p>', u.partner_id, now() at time zone 'utc', event.name, true,
                       %(uid)s, %(uid)s, now() at time zone 'utc', now() at time zone 'utc'
                  FROM event, res_users u WHERE u.id = %(uid)s
                RETURNING id
            )
            SELECT event.id, event.name, event.start, event.stop, event.duration, event.visit_type, event.note,
                   pr.name AS patient, d.name AS doctor, c.name AS chair,
                   (SELECT array_agg(coalesce(pt.name->>%(lang)s, pt.name->>'en_US')) FROM product_product pp
                      JOIN product_template pt ON pt.id = pp.product_tmpl_id WHERE pp.id = %(service)s) AS services,
                   (SELECT count(*) FROM shift), (SELECT count(*) FROM attendee),
                   (SELECT count(*) FROM service), (SELECT count(*) FROM follower_subtypes), (SELECT count(*) FROM note)
              FROM event
              JOIN dental_patient p ON p.id = %(patient)s JOIN res_partner pr ON pr.id = p.partner_id
              JOIN hr_employee d ON d.id = %(doctor)s JOIN dental_chair c ON c.id = %(chair)s
            """,
            {
                "chair": values["chair_id"],
                "doctor": values["doctor_id"],
                "company": self.company,
                "start": values["start"],
                "stop": values["stop"],
                "duration": values["duration"],
                "patient": values["patient_id"],
                "service": self.service,
                "uid": self.uid,
                "lang": self.lang,
            },
        )
        return cr.fetchall()


class CashSummary(Operation):
    """What "Cash Desk > Today's Summary" does for the main branch's last day before the anchor, then its form."""

    key, name = "cash", "5. daily cash summary of a branch"

    def prepare(self, env):
        """The main branch's summary of the last day with visits before the anchor day (opened by the generator)."""
        if "dental.cash.closing" not in env:
            self.skipped = "dental_cash not installed"
            return
        self.spec = view_spec(env, "dental.cash.closing", "form")
        self.company = self.bench.main_branch(env)
        self.day = summarised_day(env.cr, self.company, self.bench.today) or self.bench.today
        company = env["res.company"].browse(self.company)
        self.start, self.stop = company._dental_day_bounds(self.day)
        journals = env["account.journal"].search(
            [("company_id", "=", self.company), ("dental_payment_kind", "!=", False)]
        )
        self.journals = {j.dental_payment_kind: j.id for j in journals}
        self.cash_account = journals.filtered(lambda j: j.dental_payment_kind == "cash").default_account_id.id
        env.cr.execute(
            "SELECT count(*), sum(amount_total) FROM account_move WHERE company_id = %s AND invoice_date = %s"
            " AND move_type = 'out_invoice' AND state = 'posted'",
            [self.company, self.day],
        )
        invoices, total = env.cr.fetchone()
        self.counts = {"day": self.day.isoformat(), "invoices": invoices, "invoiced": total}

    def call(self, env, index):
        """What "Cash Desk > Today's Summary" does (``action_open_today``) for the chosen day, then the form's read."""
        company = env["res.company"].browse(self.company)
        Closing = env["dental.cash.closing"].with_company(company)
        closing = Closing._dental_get(company, self.day)
        env["ir.actions.act_window"]._for_xml_id("dental_cash.dental_cash_closing_action")
        return closing.web_read(self.spec)

    def floor(self, cr, index):
        """The same figures in one statement (no writes: the floor of computing and reading them)."""
        cr.execute(
            """
            WITH visits AS (
                SELECT DISTINCT patient_id FROM calendar_event
                 WHERE company_id = %(company)s AND dental_state = 'completed' AND patient_id IS NOT NULL
                   AND start >= %(start)s AND start <= %(stop)s
            ), firsts AS (
                SELECT v.patient_id FROM visits v
                 WHERE NOT EXISTS (SELECT 1 FROM calendar_event e WHERE e.patient_id = v.patient_id
                                      AND e.dental_state = 'completed' AND e.start < %(start)s)
            ), invoices AS (
                SELECT m.id, m.move_type, m.amount_total_signed, m.amount_residual_signed FROM account_move m
                 WHERE m.company_id = %(company)s AND m.state = 'posted' AND m.invoice_date = %(day)s
                   AND m.move_type IN ('out_invoice', 'out_refund')
            ), invoice_lines AS (
                SELECT sum(CASE WHEN l.price_subtotal < 0 THEN 0 ELSE round(l.price_unit * l.quantity, 2) END) AS gross,
                       sum(CASE WHEN l.price_subtotal < 0 THEN -l.price_subtotal
                                ELSE round(l.price_unit * l.quantity, 2) - l.price_subtotal END) AS discount
                  FROM account_move_line l JOIN invoices i ON i.id = l.move_id
                 WHERE i.move_type = 'out_invoice' AND l.display_type = 'product'
            ), payments AS (
                SELECT p.id, p.payment_type, p.amount, j.dental_payment_kind AS kind, p.move_id FROM account_payment p
                  JOIN account_journal j ON j.id = p.journal_id
                 WHERE p.company_id = %(company)s AND p.date = %(day)s AND j.dental_payment_kind IS NOT NULL
                   AND p.state IN ('in_process', 'paid') AND p.partner_type = 'customer'
            ), repayments AS (
                SELECT sum(pr.amount) AS amount FROM payments p
                  JOIN account_move_line cl ON cl.move_id = p.move_id
                  JOIN account_partial_reconcile pr ON pr.credit_move_id = cl.id
                  JOIN account_move_line dl ON dl.id = pr.debit_move_id
                  JOIN account_move im ON im.id = dl.move_id
                 WHERE p.payment_type = 'inbound' AND im.move_type IN ('out_invoice', 'out_refund', 'out_receipt')
                   AND im.invoice_date < %(day)s
            ), last_closed AS (
                SELECT date, cash_closing FROM dental_cash_closing
                 WHERE company_id = %(company)s AND state = 'closed' AND date < %(day)s ORDER BY date DESC LIMIT 1
            ), cash AS (
                SELECT coalesce((SELECT cash_closing FROM last_closed), 0)
                       + coalesce(sum(balance) FILTER (WHERE date < %(day)s), 0) AS opening,
                       sum(balance) FILTER (WHERE date = %(day)s AND balance > 0) AS cash_in,
                       sum(balance) FILTER (WHERE date = %(day)s AND balance < 0) AS cash_out
                  FROM account_move_line
                 WHERE journal_id = %(cash_journal)s AND account_id = %(cash_account)s AND parent_state = 'posted'
                   AND date <= %(day)s AND date > coalesce((SELECT date FROM last_closed), '-infinity'::date)
            )
            SELECT (SELECT count(*) FROM visits), (SELECT count(*) FROM firsts),
                   (SELECT gross FROM invoice_lines), (SELECT discount FROM invoice_lines),
                   (SELECT sum(amount_total_signed) FILTER (WHERE move_type = 'out_invoice') FROM invoices),
                   (SELECT -sum(amount_total_signed) FILTER (WHERE move_type = 'out_refund') FROM invoices),
                   (SELECT sum(amount_residual_signed) FILTER (WHERE move_type = 'out_invoice') FROM invoices),
                   (SELECT sum(amount) FILTER (WHERE kind = 'card' AND payment_type = 'inbound') FROM payments),
                   (SELECT sum(amount) FILTER (WHERE kind = 'bank' AND payment_type = 'inbound') FROM payments),
                   (SELECT sum(amount) FILTER (WHERE payment_type = 'outbound') FROM payments),
                   (SELECT amount FROM repayments), cash.opening, cash.cash_in, cash.cash_out
              FROM cash
            """,
            {
                "company": self.company,
                "day": self.day,
                "start": self.start,
                "stop": self.stop,
                "cash_journal": self.journals.get("cash"),
                "cash_account": self.cash_account,
            },
        )
        return cr.fetchall()


class SmsSegment(Operation):
    """An SMS campaign's recipients: age range, last visit over 6 months ago, SMS allowed (and no debt)."""

    key, name = "segment", "6. select an SMS segment (age, last visit, no debt)"

    def prepare(self, env):
        today = self.bench.today
        self.born_after = today.replace(year=today.year - 45)
        self.born_before = today.replace(year=today.year - 25)
        self.visit_before = today - timedelta(days=183)
        self.with_debt = "dental.cash.closing" in env
        self.debt_domain = NO_DEBT_DOMAIN if self.with_debt else []
        if not self.with_debt:
            self.partial = "no-debt condition skipped: dental_cash not installed"

    def domain(self):
        return [
            ("birth_date", ">", self.born_after),
            ("birth_date", "<=", self.born_before),
            ("last_visit_date", "<", self.visit_before),
            ("sms_consent", "=", True),
            ("mobile", "!=", False),
            *self.debt_domain,
        ]

    def call(self, env, index):
        return env["dental.patient"].search(self.domain()).ids

    def floor(self, cr, index):
        if self.with_debt:
            cr.execute(
                """
                SELECT p.id FROM dental_patient p JOIN res_partner r ON r.id = p.partner_id
                 WHERE p.active AND p.birth_date > %s AND p.birth_date <= %s AND p.last_visit_date < %s
                   AND p.sms_consent AND r.mobile IS NOT NULL
                   AND NOT EXISTS (SELECT 1 FROM account_move m WHERE m.dental_patient_id = p.id AND m.state = 'posted'
                                      AND m.move_type = 'out_invoice' AND m.amount_residual > 0)
                 ORDER BY p.last_name, p.first_name, p.patronymic, p.id
                """,
                [self.born_after, self.born_before, self.visit_before],
            )
            return cr.fetchall()
        cr.execute(
            """
            SELECT p.id FROM dental_patient p JOIN res_partner r ON r.id = p.partner_id
             WHERE p.active AND p.birth_date > %s AND p.birth_date <= %s AND p.last_visit_date < %s
               AND p.sms_consent AND r.mobile IS NOT NULL
             ORDER BY p.last_name, p.first_name, p.patronymic, p.id
            """,
            [self.born_after, self.born_before, self.visit_before],
        )
        return cr.fetchall()


class PatientList(Operation):
    key, name = "list", "7. patient list (first page, default order)"

    def prepare(self, env):
        self.spec = view_spec(env, "dental.patient", "list")

    def call(self, env, index):
        return env["dental.patient"].web_search_read([], self.spec, offset=0, limit=80, order="", count_limit=10001)

    def floor(self, cr, index):
        cr.execute(
            """
            SELECT p.id, p.card_number, r.name, p.birth_date, r.mobile, r.email, g.name, s.name, f.name,
                   p.last_visit_date, c.name,
                   (SELECT count(*) FROM (SELECT 1 FROM dental_patient WHERE active LIMIT 10001) n)
              FROM dental_patient p JOIN res_partner r ON r.id = p.partner_id
              LEFT JOIN dental_patient_group g ON g.id = p.group_id LEFT JOIN utm_source s ON s.id = p.source_id
              LEFT JOIN dental_family f ON f.id = p.family_id JOIN res_company c ON c.id = p.company_id
             WHERE p.active
             ORDER BY p.last_name, p.first_name, p.patronymic, p.id LIMIT 80
            """
        )
        return cr.fetchall()


OPERATIONS = [
    PatientCard,
    PatientSearch,
    PatientSearchName,
    PatientNameSearch,
    PatientNameSearchName,
    Schedule,
    Booking,
    CashSummary,
    SmsSegment,
    PatientList,
]
