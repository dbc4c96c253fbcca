"""The SQL floors of the budgeted operations: for each operation kind, one hand-written statement returning
the same data as the operation on the same database (``bench.Bench`` runs it on a fresh cursor).

Each function returns an ``odoo.tools.SQL`` (named parameters); the search kind's two screens (list and
autocomplete) share one CTE, ``found_patients``, as the segment's two variants share one statement.
"""

from odoo.tools import SQL

# 1. the patient card: everything the form's web_read and the chart return, in one statement: the patient and
# partner columns, the names of every many2one, the statuses (given by hand and by condition), the possible
# duplicates, the smart-button counts, the tags, family, phones, documents, main diagnoses, visit records,
# images, plans, findings and invoices lists (40 rows each, as the form), the chart at the day, and the money
# page (figures, per doctor, per plan).
_CARD = """
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
"""


def card(patient_id, day, lang):
    return SQL(_CARD, id=patient_id, day=day, lang=lang)


# 2. finding a patient: the search view's "Patient" filter (name, card number, phone digits), one CTE for the
# list search and the autocomplete
def found_patients(fragment, card_pattern):
    """The ``found`` CTE: active patients whose name, card number (``card_pattern``) or phone digits match."""
    digits = "".join(ch for ch in fragment if ch.isdigit())
    return SQL(
        """
        found AS (
            SELECT p.id FROM dental_patient p JOIN res_partner r ON r.id = p.partner_id
             WHERE p.active AND r.name ILIKE %(like)s
            UNION
            SELECT p.id FROM dental_patient p WHERE p.active AND p.card_number ILIKE %(card)s
            UNION
            SELECT p.id FROM dental_patient p WHERE p.active AND %(digits)s <> '' AND p.phone_digits ILIKE %(dlike)s
        )
        """,
        like=f"%{fragment}%",
        card=card_pattern,
        digits=digits,
        dlike=f"%{digits}%",
    )


def search_list(fragment):
    """The Patients list's first page (80 rows) with its count; the card number matched as typed."""
    return SQL(
        """
        WITH %(found)s
        SELECT p.id, p.card_number, r.name, p.birth_date, r.mobile, r.email, p.group_id, p.source_id,
               p.family_id, p.last_visit_date, c.name, count(*) OVER () AS total
          FROM found JOIN dental_patient p ON p.id = found.id JOIN res_partner r ON r.id = p.partner_id
          JOIN res_company c ON c.id = p.company_id
         ORDER BY p.last_name, p.first_name, p.patronymic, p.id LIMIT 80
        """,
        found=found_patients(fragment, fragment),
    )


def search_autocomplete(fragment):
    """The patient field's 8 suggestions; the card number matched anywhere."""
    return SQL(
        """
        WITH %(found)s
        SELECT p.id, r.name FROM found JOIN dental_patient p ON p.id = found.id
          JOIN res_partner r ON r.id = p.partner_id
         ORDER BY p.last_name, p.first_name, p.patronymic, p.id LIMIT 8
        """,
        found=found_patients(fragment, f"%{fragment}%"),
    )


# 3. the day schedule: chairs, shifts, appointments with their names and services, doctors, waiting list
_SCHEDULE = """
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
"""


def schedule(company, start, stop):
    return SQL(_SCHEDULE, company=company, start=start, stop=stop)


# 4. booking: the same checks and rows as the booking: the chair free, the doctor's shift covering the slot (the
# warnings), the appointment (the exclusion constraints check both chair and doctor on insert), its attendee and
# partner, its service, the patient and the author following it (default subtype), the creation note in its
# chatter, then the quick form's fields read back with their names.
_BOOKING = """
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
"""


def booking(values, company, service, uid, lang):
    """``values``: the quick form's values (``operations.Booking.values``)."""
    return SQL(
        _BOOKING,
        chair=values["chair_id"],
        doctor=values["doctor_id"],
        company=company,
        start=values["start"],
        stop=values["stop"],
        duration=values["duration"],
        patient=values["patient_id"],
        service=service,
        uid=uid,
        lang=lang,
    )


# 5. the daily cash summary: the same figures in one statement (no writes: the floor of computing and reading
# them), the opening from the last closed day as dental_cash does
_CASH_SUMMARY = """
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
"""


def cash_summary(company, day, start, stop, cash_journal, cash_account):
    return SQL(
        _CASH_SUMMARY,
        company=company,
        day=day,
        start=start,
        stop=stop,
        cash_journal=cash_journal,
        cash_account=cash_account,
    )


# 6. the SMS segment (with dental_cash: and no open debt; with dental_marketing: the campaign's 4 criteria)
def segment(born_after, born_before, visit_before, no_debt, campaign=False):
    no_debt_condition = SQL(
        """
        AND NOT EXISTS (SELECT 1 FROM account_move m WHERE m.dental_patient_id = p.id AND m.state = 'posted'
                           AND m.move_type = 'out_invoice' AND m.amount_residual > 0)
        """
    )
    if campaign:
        return SQL(
            """
            SELECT p.id FROM dental_patient p JOIN res_partner r ON r.id = p.partner_id
             WHERE p.active AND p.birth_date > %(born_after)s AND p.birth_date <= %(born_before)s
               AND p.birth_date_precision != 'day_month' AND p.gender = 'female'
               AND p.last_visit_date <= %(visit_before)s AND p.sms_consent
               AND (r.mobile IS NOT NULL OR r.phone IS NOT NULL)
               %(no_debt)s
             ORDER BY p.last_name, p.first_name, p.patronymic, p.id
            """,
            born_after=born_after,
            born_before=born_before,
            visit_before=visit_before,
            no_debt=no_debt_condition,
        )
    return SQL(
        """
        SELECT p.id FROM dental_patient p JOIN res_partner r ON r.id = p.partner_id
         WHERE p.active AND p.birth_date > %(born_after)s AND p.birth_date <= %(born_before)s
           AND p.last_visit_date < %(visit_before)s AND p.sms_consent AND r.mobile IS NOT NULL
           %(no_debt)s
         ORDER BY p.last_name, p.first_name, p.patronymic, p.id
        """,
        born_after=born_after,
        born_before=born_before,
        visit_before=visit_before,
        no_debt=no_debt_condition if no_debt else SQL(),
    )


# 8. one coordinator's funnel: leads per stage and the first 40 cards of each stage
def lead_funnel(user_id):
    return SQL(
        """
        SELECT l.stage_id, count(*) OVER (PARTITION BY l.stage_id), l.id, l.name, l.contact_name, l.phone,
               l.dental_lead_kind, l.dental_stale, s.name
          FROM crm_lead l LEFT JOIN utm_source s ON s.id = l.source_id
         WHERE l.active AND l.is_dental_lead AND l.user_id = %(user)s
         ORDER BY l.stage_id, l.priority DESC, l.id DESC
        """,
        user=user_id,
    )


# 7. the patient list: first page in the default order, its count (bounded as the web client's)
PATIENT_LIST = SQL(
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


# 5b. a cash payment of part of an invoice: the payment, its posted entry (numbered after the journal's last),
# the liquidity and receivable lines, the partial reconciliation with the invoice's oldest open receivable line,
# and the invoice's residual and payment state
_PAY_INVOICE = """
WITH receivable AS (
    SELECT l.id, l.account_id, l.partner_id, l.amount_residual FROM account_move_line l
      JOIN account_account a ON a.id = l.account_id
     WHERE l.move_id = %(invoice)s AND a.account_type = 'asset_receivable' AND NOT l.reconciled
     ORDER BY l.date_maturity, l.id LIMIT 1
), method AS (
    SELECT payment_method_line_id, payment_method_id, outstanding_account_id FROM account_payment
     WHERE journal_id = %(journal)s AND payment_type = 'inbound' ORDER BY id DESC LIMIT 1
), last AS (
    SELECT sequence_prefix, max(sequence_number) AS number FROM account_move
     WHERE journal_id = %(journal)s AND sequence_prefix = (SELECT sequence_prefix FROM account_move
                                                            WHERE journal_id = %(journal)s ORDER BY id DESC LIMIT 1)
     GROUP BY sequence_prefix
), journal AS (
    SELECT j.id, j.company_id, c.currency_id FROM account_journal j JOIN res_company c ON c.id = j.company_id
     WHERE j.id = %(journal)s
), invoice AS (
    SELECT id, name FROM account_move WHERE id = %(invoice)s
), move AS (
    INSERT INTO account_move (journal_id, company_id, partner_id, commercial_partner_id, currency_id, name,
                              sequence_prefix, sequence_number, ref, state, move_type, auto_post, payment_state,
                              date, amount_total, amount_total_signed, amount_total_in_currency_signed,
                              always_tax_exigible, checked, posted_before, create_uid, write_uid, create_date,
                              write_date)
    SELECT j.id, j.company_id, r.partner_id, r.partner_id, j.currency_id, l.sequence_prefix || (l.number + 1),
           l.sequence_prefix, l.number + 1, i.name, 'posted', 'entry', 'no', 'not_paid', %(day)s, %(amount)s,
           %(amount)s, %(amount)s, true, true, true, %(uid)s, %(uid)s, now(), now()
      FROM journal j, receivable r, last l, invoice i
    RETURNING id, name, journal_id, company_id, currency_id, partner_id, ref
), payment AS (
    INSERT INTO account_payment (move_id, journal_id, company_id, payment_method_line_id, payment_method_id,
                                 currency_id, partner_id, outstanding_account_id, destination_account_id, name, state,
                                 payment_type, partner_type, memo, date, amount, amount_company_currency_signed,
                                 is_reconciled, is_matched, dental_patient_id, dental_payer_id, dental_kind,
                                 create_uid, write_uid, create_date, write_date)
    SELECT m.id, m.journal_id, m.company_id, me.payment_method_line_id, me.payment_method_id, m.currency_id,
           m.partner_id, me.outstanding_account_id, r.account_id, m.name, 'in_process', 'inbound', 'customer', m.ref,
           %(day)s, %(amount)s, %(amount)s, true, true, %(patient)s, %(patient)s, 'payment', %(uid)s, %(uid)s, now(),
           now()
      FROM move m, method me, receivable r
    RETURNING id, move_id
), lines AS (
    INSERT INTO account_move_line (move_id, journal_id, company_id, company_currency_id, currency_id, sequence,
                                   account_id, partner_id, payment_id, move_name, parent_state, ref, name,
                                   display_type, date, date_maturity, debit, credit, balance, amount_currency,
                                   amount_residual, amount_residual_currency, quantity, price_unit, price_subtotal,
                                   price_total, discount, reconciled, create_uid, write_uid, create_date, write_date)
    SELECT m.id, m.journal_id, m.company_id, m.currency_id, m.currency_id, 100, x.account_id, m.partner_id, p.id,
           m.name, 'posted', m.ref, 'Manual Payment: ' || m.ref, 'product', %(day)s, %(day)s,
           greatest(x.balance, 0), greatest(-x.balance, 0), x.balance, x.balance, x.residual, x.residual, 1, 0,
           x.balance, x.balance, 0, false, %(uid)s, %(uid)s, now(), now()
      FROM move m, payment p, method me, receivable r,
           LATERAL (VALUES (me.outstanding_account_id, %(amount)s::numeric, %(amount)s::numeric, 1),
                           (r.account_id, -%(amount)s::numeric, 0::numeric, 2)) x(account_id, balance, residual, n)
    RETURNING id, balance
), partial AS (
    INSERT INTO account_partial_reconcile (debit_move_id, credit_move_id, debit_currency_id, credit_currency_id,
                                           company_id, max_date, amount, debit_amount_currency,
                                           credit_amount_currency, create_uid, write_uid, create_date, write_date)
    SELECT r.id, l.id, m.currency_id, m.currency_id, m.company_id, %(day)s, %(amount)s, %(amount)s, %(amount)s,
           %(uid)s, %(uid)s, now(), now()
      FROM receivable r, move m, lines l WHERE l.balance < 0
    RETURNING id
), invoice_line AS (
    UPDATE account_move_line l SET amount_residual = l.amount_residual - %(amount)s,
                                   amount_residual_currency = l.amount_residual_currency - %(amount)s
      FROM receivable r WHERE l.id = r.id
    RETURNING l.id
), invoice_move AS (
    UPDATE account_move SET amount_residual = amount_residual - %(amount)s,
                            amount_residual_signed = amount_residual_signed - %(amount)s,
                            payment_state = 'partial'
     WHERE id = %(invoice)s
    RETURNING id, amount_residual
)
SELECT (SELECT id FROM payment), (SELECT id FROM partial), (SELECT amount_residual FROM invoice_move),
       (SELECT count(*) FROM invoice_line)
"""


def pay_invoice(invoice, patient, journal, day, amount, uid):
    return SQL(_PAY_INVOICE, invoice=invoice, patient=patient, journal=journal, day=day, amount=amount, uid=uid)
