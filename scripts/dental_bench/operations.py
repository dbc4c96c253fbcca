"""The budgeted operations of ARCHITECTURE.md ("Quality bars") and their SQL floors.

Each operation is called the way the web client calls it (the same model methods with the
same arguments: ``web_read`` with the form's specification, ``web_search_read`` with the
list's, ``get_schedule``, ``web_save``...); ``bench.Bench`` runs it in-process, as the
administrator (Director of every branch) with the web client's context, on a fresh cursor
and environment per run like one request, rolled back afterwards (booking leaves nothing
behind).

The floor of each operation is hand-written SQL returning the same data on the same
database (one statement per operation kind, ``floors.py``, run on a fresh cursor too).
"""

from datetime import datetime, timedelta

from lxml import etree

from odoo.tools import SQL

from . import floors
from .cash import summarised_day
from .odoo_env import UTC_OFFSET, view_spec
from .stock import operations as stock_operations

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
        cr.execute(floors.card(self.patients[index % len(self.patients)], self.day, self.lang))
        return cr.fetchall()


class FragmentSearch(Operation):
    """Finding a patient by what the front desk types (``kind``: a phone or a name fragment) on a ``screen``."""

    key = "search"
    kind = "phone"
    screen = ""

    @property
    def name(self):
        return f"2. find a patient by a {self.kind} fragment ({self.screen})"

    def prepare(self, env):
        self.fragments = self.bench.fragments(self.kind)

    def inputs(self):
        return len(self.fragments)

    def fragment(self, index):
        return self.fragments[index % len(self.fragments)]


class PatientSearch(FragmentSearch):
    """The Patients screen's search box: the "Patient" filter of the search view, first page."""

    screen = "list search"

    def prepare(self, env):
        self.spec = view_spec(env, "dental.patient", "list")
        super().prepare(env)
        # the search view's "Patient" field: its filter_domain is what the search box sends
        arch = etree.fromstring(env["dental.patient"].get_views([(False, "search")])["views"]["search"]["arch"])
        node = arch.xpath("//field[@name='name'][@filter_domain]")
        self.filter_domain = node[0].get("filter_domain") if node else "[('name', 'ilike', self)]"

    def domain(self, fragment):
        from odoo.tools.safe_eval import safe_eval

        return safe_eval(self.filter_domain, {"self": fragment})

    def call(self, env, index):
        return env["dental.patient"].web_search_read(
            self.domain(self.fragment(index)), self.spec, offset=0, limit=80, order="", count_limit=10001
        )

    def floor(self, cr, index):
        cr.execute(floors.search_list(self.fragment(index)))
        return cr.fetchall()


class PatientSearchName(PatientSearch):
    kind = "name"


class PatientNameSearch(FragmentSearch):
    """The patient field's autocomplete (booking dialog): ``name_search`` with 8 results."""

    screen = "autocomplete"

    def call(self, env, index):
        return env["dental.patient"].name_search(self.fragment(index), [], "ilike", 8)

    def floor(self, cr, index):
        cr.execute(floors.search_autocomplete(self.fragment(index)))
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
        cr.execute(floors.schedule(self.company, self.start, self.stop))
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
        cr.execute(floors.booking(self.values(index), self.company, self.service, self.uid, self.lang))
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
        cr.execute(
            floors.cash_summary(
                self.company, self.day, self.start, self.stop, self.journals.get("cash"), self.cash_account
            )
        )
        return cr.fetchall()


class PayInvoice(Operation):
    """The cash desk's "Pay an Invoice": the dialog saved (``web_save``), then its Confirm button: a cash payment
    of part of a patient's open invoice, posted and allocated to the invoice."""

    key, name = "pay", "5b. take a payment of an invoice at the cash desk"

    def prepare(self, env):
        if "dental.payment.wizard" not in env:
            self.skipped = "dental_cash not installed"
            return
        self.spec = view_spec(env, "dental.payment.wizard", "form")
        self.company = self.bench.main_branch(env)
        env.cr.execute(
            """
            SELECT m.id, m.dental_patient_id FROM account_move m
             WHERE m.company_id = %s AND m.state = 'posted' AND m.move_type = 'out_invoice'
               AND m.dental_patient_id IS NOT NULL AND m.amount_residual > 100
             ORDER BY m.id DESC LIMIT 10
            """,
            [self.company],
        )
        self.invoices = env.cr.fetchall()
        if not self.invoices:
            self.skipped = "no open invoice in the main branch"
            return
        company = env["res.company"].browse(self.company)
        self.journal = company._dental_payment_journal("cash").id
        self.day = company._dental_today()
        self.uid = env.uid

    def inputs(self):
        return len(self.invoices)

    def call(self, env, index):
        invoice, patient = self.invoices[index % len(self.invoices)]
        Wizard = env["dental.payment.wizard"].with_company(self.company)
        saved = Wizard.web_save(
            {"mode": "pay", "patient_id": patient, "invoice_id": invoice, "cash_amount": 100}, self.spec
        )
        return Wizard.browse(saved[0]["id"]).action_confirm()

    def floor(self, cr, index):
        invoice, patient = self.invoices[index % len(self.invoices)]
        cr.execute(floors.pay_invoice(invoice, patient, self.journal, self.day, 100, self.uid))
        return cr.fetchall()


class SmsSegment(Operation):
    """An SMS campaign's recipients. With dental_marketing: the campaign's own segment domain with 4 criteria
    (age 25-45, women, last visit over 6 months ago, no debt) and its consent rule (SMS consent, a phone);
    without it: age range, last visit over 6 months ago, SMS allowed (and no debt)."""

    key, name = "segment", "6. select an SMS segment (age, gender, last visit, no debt)"

    def prepare(self, env):
        today = self.bench.today
        self.born_after = today.replace(year=today.year - 46)
        self.born_before = today.replace(year=today.year - 25)
        self.visit_before = today - timedelta(days=183)
        self.with_debt = "dental.cash.closing" in env
        self.debt_domain = NO_DEBT_DOMAIN if self.with_debt else []
        self.campaign = None
        if "dental.marketing.campaign" in env:
            # the same bounds as the campaign computes them from its ages and months
            self.campaign = env["dental.marketing.campaign"].new(
                {"name": "bench", "body": "bench", "age_min": 25, "age_max": 45, "gender": "female",
                 "visit_months_min": 6, "money": "no_debt"}
            )  # fmt: skip
            domain = self.campaign.with_context(date=today)._dental_segment_domain()
            bounds = {(leaf[0], leaf[1]): leaf[2] for leaf in domain if isinstance(leaf, tuple)}
            self.born_after = bounds[("birth_date", ">")]
            self.born_before = bounds[("birth_date", "<=")]
            self.visit_before = bounds[("last_visit_date", "<=")]
        elif not self.with_debt:
            self.partial = "no-debt condition skipped: dental_cash not installed"
        else:
            self.partial = "gender skipped: dental_marketing not installed"

    def domain(self):
        if self.campaign:
            return self.campaign._dental_segment_domain()
        return [
            ("birth_date", ">", self.born_after),
            ("birth_date", "<=", self.born_before),
            ("last_visit_date", "<", self.visit_before),
            ("sms_consent", "=", True),
            ("mobile", "!=", False),
            *self.debt_domain,
        ]

    def call(self, env, index):
        if self.campaign:
            self.campaign = self.campaign.with_env(env).with_context(date=self.bench.today)
        return env["dental.patient"].search(self.domain()).ids

    def floor(self, cr, index):
        cr.execute(
            floors.segment(
                self.born_after,
                self.born_before,
                self.visit_before,
                no_debt=self.with_debt,
                campaign=bool(self.campaign),
            )
        )
        return cr.fetchall()


class LeadFunnel(Operation):
    """One coordinator's funnel (dental_marketing): the kanban's groups by stage and the first cards of each."""

    key, name = "funnel", "8. one coordinator's lead funnel (kanban)"

    def prepare(self, env):
        if "dental.marketing.campaign" not in env:
            self.skipped = "dental_marketing not installed"
            return
        groups = env["crm.lead"]._read_group(
            [("is_dental_lead", "=", True)], ["user_id"], ["__count"], order="__count desc", limit=1
        )
        self.user = groups[0][0].id if groups else False
        self.spec = view_spec(env, "crm.lead", "kanban", "dental_marketing.crm_lead_view_kanban_dental")
        self.domain = [("is_dental_lead", "=", True), ("user_id", "=", self.user)]

    def call(self, env, index):
        # the context of the funnel's action (dental_marketing.crm_lead_action_dental)
        Lead = env["crm.lead"].with_context(dental_funnel=True, default_type="opportunity")
        groups = Lead.web_read_group(self.domain, ["stage_id"], ["stage_id"], lazy=True)["groups"]
        cards = []
        for group in groups:
            if group.get("__fold"):
                continue
            stage = group["stage_id"][0] if group["stage_id"] else False
            cards.append(Lead.web_search_read([*self.domain, ("stage_id", "=", stage)], self.spec, limit=40)["records"])
        return groups, cards

    def floor(self, cr, index):
        cr.execute(floors.lead_funnel(self.user))
        return cr.fetchall()


class PatientList(Operation):
    key, name = "list", "7. patient list (first page, default order)"

    def prepare(self, env):
        self.spec = view_spec(env, "dental.patient", "list")

    def call(self, env, index):
        return env["dental.patient"].web_search_read([], self.spec, offset=0, limit=80, order="", count_limit=10001)

    def floor(self, cr, index):
        cr.execute(floors.PATIENT_LIST)
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
    PayInvoice,
    SmsSegment,
    PatientList,
    LeadFunnel,
]
OPERATIONS += stock_operations(Operation)  # dental_stock (stock.py)
