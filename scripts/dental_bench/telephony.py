"""dental_telephony's budgeted operation (issue 23): the incoming-call lookup of a number.

``CallLookup``: what the incoming-call popup reads when a call rings (``dental.call._dental_lookup``): the
patient of the number (any of their phones, the digits on the trigram index of ``phone_digits``), their tags,
next booked visit, last visit, last reminder and debt at the branch. The numbers are the mobiles of patients
with appointments, dialled as the PBX gives them (E.164), plus unknown numbers (one in five), which find nothing
and look for a lead. No generated call is needed: the lookup reads patients, appointments and invoices.
"""

from odoo.tools import SQL

from .operations import Operation

UNKNOWN_EVERY = 5


class CallLookup(Operation):
    key, name = "call_lookup", "13. incoming-call lookup of a number (popup)"
    runs = 50

    def prepare(self, env):
        if "dental.call" not in env:
            self.skipped = "dental_telephony not installed"
            return
        env.cr.execute(
            """
            SELECT rp.mobile, p.company_id FROM dental_patient p
              JOIN res_partner rp ON rp.id = p.partner_id
             WHERE rp.mobile LIKE '+%%' AND p.company_id IS NOT NULL
               AND EXISTS (SELECT 1 FROM calendar_event e WHERE e.patient_id = p.id)
             ORDER BY p.id DESC LIMIT 40
            """
        )
        rows = env.cr.fetchall()
        if not rows:
            self.skipped = "no patient with a mobile and appointments"
            return
        self.numbers = []
        for index, (mobile, company) in enumerate(rows):
            if index % UNKNOWN_EVERY == UNKNOWN_EVERY - 1:
                mobile = "+7999" + mobile[-7:][::-1]  # a number nobody has (reversed digits)
            self.numbers.append((mobile, company))
        self.counts = {"numbers": len(self.numbers), "unknown": len(self.numbers) // UNKNOWN_EVERY}

    def inputs(self):
        return len(self.numbers)

    def call(self, env, index):
        number, company = self.numbers[index % len(self.numbers)]
        company = env["res.company"].browse(company)
        return env["dental.call"].with_company(company)._dental_lookup(number, company)

    def floor(self, cr, index):
        """The same by hand in one statement: the patient of the whole number, tags, next visit, last reminder,
        debt (the residual of the patient's posted invoices at the branch); a lead when no patient."""
        number, company = self.numbers[index % len(self.numbers)]
        digits = "".join(ch for ch in number if ch.isdigit())
        cr.execute(
            SQL(
                """
            WITH patient AS (
                SELECT p.id, p.partner_id, p.last_visit_date FROM dental_patient p
                 WHERE p.phone_digits ILIKE %(like)s AND %(digits)s = ANY(string_to_array(p.phone_digits, ' '))
                 ORDER BY p.id DESC LIMIT 1
            )
            SELECT patient.id, rp.name, patient.last_visit_date,
                   (SELECT array_agg(c.name) FROM res_partner_res_partner_category_rel r
                      JOIN res_partner_category c ON c.id = r.category_id WHERE r.partner_id = patient.partner_id),
                   (SELECT e.start FROM calendar_event e WHERE e.patient_id = patient.id AND e.active
                       AND e.start >= now() AT TIME ZONE 'UTC' AND e.dental_state IN ('scheduled', 'confirmed')
                     ORDER BY e.start LIMIT 1),
                   (SELECT max(e.dental_reminder_date) FROM calendar_event e WHERE e.patient_id = patient.id),
                   (SELECT sum(m.amount_residual_signed) FROM account_move m
                     WHERE m.partner_id = patient.partner_id AND m.company_id = %(company)s AND m.state = 'posted'
                       AND m.move_type IN ('out_invoice', 'out_refund')),
                   (SELECT l.id FROM crm_lead l WHERE patient.id IS NULL AND l.phone_sanitized = %(number)s
                     ORDER BY l.id DESC LIMIT 1)
              FROM (SELECT 1) one
              LEFT JOIN patient ON TRUE
              LEFT JOIN res_partner rp ON rp.id = patient.partner_id
                """,
                like=f"%{digits}%",
                digits=digits,
                company=company,
                number=number,
            )
        )
        return cr.fetchall()
