"""Generate a clinic chain's data: branches, chairs, doctors, shifts, patients, appointments,
findings, treatment plans, visit records (and invoices and payments once dental_cash is installed).

Deterministic for a seed and an anchor day (``--today``, default: the current day): every
random choice comes from ``random.Random`` seeded by (seed, stage). Each stage commits per
batch and is recorded in ``ir.config_parameter`` (``dental_bench.stage.<name>``), so an
interrupted run resumes at the stage it was in (re-run the command), and a later addon
(dental_cash) adds its stage to a database generated before it was installed.

What goes through the ORM (``create`` in batches, every check and compute of the addons):
branches, chairs, doctors, services, shifts, patients and families, treatment plans (created,
approved), the completion of planned procedures (``sale.order.line._dental_complete``: delivered
quantities and findings that resolve what they treat), and every appointment from today on.
What is bulk-loaded with COPY because the ORM path takes ~10 ms per record (hours for 1M):
past appointments with their attendees and services, initial-exam findings, visit records.
The bulk rows take the ORM's default columns from a prototype record created (and rolled
back) through the ORM, and the generator itself guarantees what the ORM checks (chair of the
branch, within one day, doctor of the shift); the PostgreSQL exclusion constraints on chairs
and doctors still guard every row.
"""

import json
import logging
import math
import random
import time
from collections import defaultdict
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta
from types import SimpleNamespace

from odoo.tools import SQL

from . import names, odoo_env
from .cash import close_days, generate_cash
from .lab import generate_lab
from .marketing import generate_marketing
from .odoo_env import TZ, UTC_OFFSET, copy_rows, orm_prototype, reserve_ids
from .stock import generate_stock

_logger = logging.getLogger("dental_bench.generator")

PRESETS = {
    "1k": {"patients": 1_000, "appointments": 10_000, "years": 0.25},
    "10k": {"patients": 10_000, "appointments": 100_000, "years": 1.0},
    "100k": {"patients": 100_000, "appointments": 1_000_000, "years": 5.0},
}
WORK_START, WORK_END, STEP = 9, 21, 20  # hours, hours, minutes
SHIFT_SPLIT = 15  # morning shift 9-15, evening 15-21
PARAM_PREFIX = "dental_bench."
STAGES = (  # in order: Generator.stage_<name>
    "setup",
    "shifts",
    "patients",
    "findings",
    "plans",
    "appointments",
    "future_appointments",
    "completion",
    "visit_records",
    "cash",
    "closings",
    "dms",
    "lab",
    "stock",
    "leads",
    "marketing",
    "analyze",
)
LEAD_RATIO, LEAD_COORDINATORS = 0.05, 10  # dental_marketing: leads per patient, coordinators sharing them
CANCEL_EXTRA = 0.10  # appointments cancelled and replaced in their slot
CTX = {
    "tracking_disable": True,
    "mail_create_nolog": True,
    "mail_create_nosubscribe": True,
    "mail_notrack": True,
    "mail_auto_subscribe_no_notify": True,
    "no_reset_password": True,
    "no_mail_to_attendees": True,
    "dont_notify": True,
}

# calendar_event columns of the bulk appointments (the fixed ones, EVENT_FIXED_COLUMNS, before the dates)
EVENT_COLUMNS = [
    "id",
    "name",
    "patient_id",
    "doctor_id",
    "chair_id",
    "company_id",
    "start",
    "stop",
    "duration",
    "dental_state",
    "visit_type",
    "dental_completion_done",
    "create_date",
    "write_date",
]
EVENT_FIXED_COLUMNS = (  # the same in every appointment the ORM books (from a prototype)
    "user_id",
    "privacy",
    "show_as",
    "active",
    "allday",
    "recurrency",
    "follow_recurrence",
    "booking_source",
    "dental_doctor_exclusive",
    "is_dental_appointment",
)
FINDING_COLUMNS = [
    "id",
    "patient_id",
    "company_id",
    "date",
    "condition_id",
    "diagnosis_id",
    "doctor_id",
    "state",
    "origin",
    "confidence",
    "create_uid",
    "write_uid",
    "create_date",
    "write_date",
]
RECORD_COLUMNS = [
    "id",
    "name",
    "patient_id",
    "company_id",
    "date",
    "doctor_id",
    "complaints",
    "objective",
    "treatment",
    "recommendations",
    "has_recommendations",
    "diagnosis_id",
    "state",
    "signed_date",
    "signed_by_id",
    "version",
    "create_uid",
    "write_uid",
    "create_date",
    "write_date",
]
ATTENDEE_COLUMNS = [
    "id",
    "event_id",
    "partner_id",
    "common_name",
    "access_token",
    "state",
    "availability",
    "create_uid",
    "write_uid",
    "create_date",
    "write_date",
]

# (code, name, category, minutes, price, condition, diagnoses treated, per tooth, x-ray)
SERVICES = [
    ("C01", "Консультация стоматолога", "consultation", 20, 1000, None, [], False, False),
    ("C02", "Первичный осмотр, план лечения", "consultation", 40, 1500, None, [], False, False),
    ("X01", "Прицельный рентгеновский снимок", "xray", 20, 600, None, [], False, True),
    ("X02", "Ортопантомограмма", "xray", 20, 1800, None, [], False, True),
    ("H01", "Профессиональная гигиена полости рта", "hygiene", 60, 6500, None, ["K03.6"], False, False),
    ("T01", "Лечение кариеса, пломба светового отверждения", "therapy", 60, 6500, "filling", ["K02.1"], True, False),
    ("T02", "Лечение поверхностного кариеса", "therapy", 40, 4500, "filling", ["K02.0"], True, False),
    ("T03", "Временная пломба", "therapy", 20, 1200, "temporary_filling", [], True, False),
    ("E01", "Лечение пульпита, один канал", "endodontics", 60, 9500, "rct", ["K04.0"], True, False),
    ("E02", "Лечение пульпита, три канала", "endodontics", 60, 16000, "rct", ["K04.0"], True, False),
    ("S01", "Удаление зуба простое", "surgery", 40, 3500, "missing", ["K08.3"], True, False),
    ("S02", "Удаление зуба сложное", "surgery", 60, 7000, "missing", ["K08.3"], True, False),
    ("I01", "Установка импланта", "implantology", 60, 45000, "implant", [], True, False),
    ("P01", "Коронка металлокерамическая", "prosthetics", 60, 18000, "crown", [], True, False),
    ("P02", "Коронка из диоксида циркония", "prosthetics", 60, 32000, "crown", [], True, False),
    ("P03", "Винир керамический", "prosthetics", 60, 35000, "veneer", [], True, False),
    ("D01", "Герметизация фиссуры", "pediatric", 20, 1500, "sealant", [], True, False),
    ("A01", "Анестезия инфильтрационная", "anesthesia", 0, 800, None, [], False, False),
    ("R01", "Кюретаж пародонтального кармана", "periodontics", 40, 3000, None, ["K05.3"], True, False),
    ("O01", "Брекет-система, одна челюсть", "orthodontics", 60, 60000, None, [], False, False),
]
JOBS = ["Стоматолог-терапевт", "Стоматолог-хирург", "Стоматолог-ортопед", "Стоматолог-ортодонт", "Гигиенист"]
CHANNELS = ["Рекомендация", "Яндекс.Карты", "2ГИС", "Сайт клиники", "ВКонтакте", "Вывеска", "Страховая компания"]
BRANCH_NAMES = ["Улыбка на Тверской", "Улыбка в Химках", "Улыбка на Ленинском", "Улыбка в Одинцово", "Улыбка в Мытищах"]
PERMANENT_TEETH = [q * 10 + p for q in (1, 2, 3, 4) for p in range(1, 9)]
PRIMARY_TEETH = [q * 10 + p for q in (5, 6, 7, 8) for p in range(1, 6)]
RECORD_TEXTS = {
    "complaints": [
        "Жалоб нет, профилактический осмотр.",
        "Боль от холодного.",
        "Кровоточивость дёсен.",
        "Выпала пломба.",
        "Ноющая боль, усиливается ночью.",
        "Эстетический дефект.",
    ],
    "objective": [
        "Слизистая бледно-розовая, влажная.",
        "Кариозная полость в пределах дентина.",
        "Зубные отложения, гиперемия десны.",
        "Перкуссия безболезненна.",
    ],
    "treatment": [
        "Проведена анестезия, препарирование, пломбирование.",
        "Снятие зубных отложений, полировка.",
        "Эндодонтическое лечение, временная пломба.",
        "Удаление зуба, гемостаз.",
    ],
    "recommendations": [
        "Гигиена полости рта, повторный осмотр через 6 месяцев.",
        "Не принимать пищу 2 часа.",
        "Контрольный снимок через месяц.",
        "",
    ],
}


@dataclass
class Spec:
    patients: int
    appointments: int
    years: float
    branches: int = 3
    chairs: int = 30
    seed: int = 7
    today: str | None = None
    future_days: int = 30
    plan_ratio: float = 0.2
    family_ratio: float = 0.15

    @classmethod
    def from_preset(cls, size, **overrides):
        values = dict(PRESETS[size])
        values.update({k: v for k, v in overrides.items() if v is not None})
        values.setdefault("today", date.today().isoformat())
        return cls(**values)

    def chairs_per_branch(self):
        """The first branch is the big one (20 of 30 chairs), the others share the rest."""
        if self.branches == 1:
            return [self.chairs]
        first = max(math.ceil(self.chairs * 2 / 3), self.chairs - 5 * (self.branches - 1))
        first = min(first, self.chairs - (self.branches - 1))
        rest = self.chairs - first
        others = [
            rest // (self.branches - 1) + (1 if i < rest % (self.branches - 1) else 0) for i in range(self.branches - 1)
        ]
        return [first, *others]


class _Tickets:
    """Patients to book per branch: tickets by visit frequency (Pareto), from their join day to their leave day."""

    def __init__(self, rng, joins, leave):
        self.rng, self.joins, self.leave = rng, joins, leave
        self.tickets = defaultdict(list)
        self.next_join = defaultdict(int)

    def admit(self, offset):
        """The patients joining by day ``offset`` get their tickets."""
        for branch, queue in self.joins.items():
            while self.next_join[branch] < len(queue) and queue[self.next_join[branch]][0] <= offset:
                __, index, weight = queue[self.next_join[branch]]
                self.tickets[branch].extend([index] * min(weight, 20))
                self.next_join[branch] += 1

    def pick(self, branch, offset):
        """A random ticket's patient still coming on day ``offset`` (the tickets of those gone are dropped)."""
        pool = self.tickets[branch]
        while pool:
            position = self.rng.randrange(len(pool))
            index = pool[position]
            if self.leave[index] >= offset:
                return index
            pool[position] = pool[-1]
            pool.pop()
        return None


def rng_for(spec, stage):
    return random.Random(f"{spec.seed}:{stage}")


class Generator:
    def __init__(self, db, spec, log=print, batch=1000):
        self.db = db
        self.spec = spec
        self.log = log
        self.batch = batch
        self.registry = odoo_env.registry(db)
        self.timings = []
        self.today = date.fromisoformat(spec.today)
        self.now = (
            datetime.now().replace(microsecond=0)
            if self.today == date.today()
            else datetime.combine(self.today, datetime.min.time()) + timedelta(hours=12)
        )
        self.first_day = self.today - timedelta(days=round(spec.years * 365.25))
        self.last_day = self.today + timedelta(days=spec.future_days)

    # ------------------------------------------------------------ plumbing
    def env(self, cr):
        """The administrator (Director of every branch) in superuser mode, without mail side effects."""
        from odoo import SUPERUSER_ID, api

        env = api.Environment(cr, SUPERUSER_ID, dict(CTX))
        return env(user=env.ref("base.user_admin").id, su=True)

    def stage_done(self, env, name):
        return bool(env["ir.config_parameter"].sudo().get_param(PARAM_PREFIX + "stage." + name))

    def mark_done(self, env, name, info):
        env["ir.config_parameter"].sudo().set_param(PARAM_PREFIX + "stage." + name, json.dumps(info))

    def run(self, stages=None):
        with self.registry.cursor() as cr:
            env = self.env(cr)
            params = env["ir.config_parameter"].sudo()
            previous = params.get_param(PARAM_PREFIX + "spec")
            if previous and json.loads(previous) != asdict(self.spec):
                raise SystemExit(
                    f"{self.db} was generated with another spec ({previous}); drop it or use another database"
                )
            params.set_param(PARAM_PREFIX + "spec", json.dumps(asdict(self.spec)))
        plan = [(name, getattr(self, f"stage_{name}")) for name in STAGES]
        total0 = time.monotonic()
        with odoo_env.audit_trail_off(self.registry):
            self._run_stages(plan, stages)
        total = time.monotonic() - total0
        self.log(f"  {'total':<22} {total:8.1f} s")
        return total

    def _run_stages(self, plan, stages):
        for name, method in plan:
            if stages and name not in stages:
                continue
            with self.registry.cursor() as cr:
                env = self.env(cr)
                # statistics are refreshed whenever a stage added data (e.g. a later addon's stage)
                if self.stage_done(env, name) and not (name == "analyze" and self.timings):
                    self.log(f"  {name:<22} already done")
                    continue
            t0 = time.monotonic()
            info = method() or {}
            elapsed = time.monotonic() - t0
            if info.get("skipped"):
                self.log(f"  {name:<22} skipped: {info['skipped']}")
                continue
            info["seconds"] = round(elapsed, 1)
            with self.registry.cursor() as cr:
                self.mark_done(self.env(cr), name, info)
            self.timings.append((name, elapsed, info))
            details = ", ".join(f"{k} {v}" for k, v in info.items() if k != "seconds")
            self.log(f"  {name:<22} {elapsed:8.1f} s  {details}")

    # ------------------------------------------------------------ calendar helpers
    def working_days(self):
        day, days = self.first_day, []
        while day <= self.last_day:
            if day.weekday() != 6:  # closed on Sundays
                days.append(day)
            day += timedelta(days=1)
        return days

    @staticmethod
    def utc(day, minutes):
        """UTC datetime of ``minutes`` after local midnight of ``day`` in the branches' zone."""
        return datetime.combine(day, datetime.min.time()) + timedelta(minutes=minutes) - UTC_OFFSET

    # ------------------------------------------------------------ stage: setup
    def stage_setup(self):
        with self.registry.cursor() as cr:
            env = self.env(cr)
            branches = self._setup_companies(env)
            jobs = self._setup_catalogue(env)
            doctors = self._setup_chairs(env, branches, jobs)
        return {
            "branches": self.spec.branches,
            "chairs": self.spec.chairs,
            "doctors": doctors,
            "services": len(SERVICES),
        }

    def _setup_companies(self, env):
        """The head company and its branches (RUB, Moscow time, the schedule's hours); the administrator in all."""
        russia = env.ref("base.ru")
        rub = env.ref("base.RUB")
        rub.active = True
        head = env.ref("base.main_company")
        head.write({"name": "Сеть стоматологий «Улыбка»", "country_id": russia.id, "city": "Москва"})
        if head.currency_id != rub:
            head.currency_id = rub
        head.resource_calendar_id.tz = TZ
        branches = env["res.company"]
        for index in range(self.spec.branches):
            name = BRANCH_NAMES[index] if index < len(BRANCH_NAMES) else f"Улыбка, филиал {index + 1}"
            branches |= env["res.company"].create(
                {
                    "name": name,
                    "parent_id": head.id,
                    "country_id": russia.id,
                    "currency_id": rub.id,
                    "city": "Москва",
                }
            )
        for company in head | branches:
            if not company.resource_calendar_id:
                company.resource_calendar_id = env["resource.calendar"].create(
                    {"name": f"{company.name}", "company_id": company.id, "tz": TZ}
                )
            company.resource_calendar_id.tz = TZ
            company.write(
                {
                    "dental_work_start": WORK_START,
                    "dental_work_end": WORK_END,
                    "dental_calendar_step": STEP,
                    "dental_outside_hours": "warn",
                    "dental_phone_country_id": russia.id,
                }
            )
        admin = env.ref("base.user_admin")
        lang = "ru_RU" if env["res.lang"]._lang_get("ru_RU") else admin.lang
        admin.write({"company_ids": [(4, c.id) for c in head | branches], "tz": TZ, "lang": lang})
        return branches

    def _setup_catalogue(self, env):
        """Channels, jobs and the dental services (codes, durations, prices, conditions, diagnoses treated)."""
        for channel in CHANNELS:
            env["utm.source"].create({"name": channel})
        jobs = env["hr.job"].create([{"name": name} for name in JOBS])
        categories = {key: env.ref(f"dental_chart.product_category_{key}") for key in {s[2] for s in SERVICES}}
        conditions = {c.code: c for c in env["dental.condition"].search([])}
        diagnoses = {d.code: d for d in env["dental.diagnosis"].search([])}
        service_vals = []
        for code, name, categ, minutes, price, condition, treated, per_tooth, xray in SERVICES:
            service_vals.append(
                {
                    "name": name,
                    "type": "service",
                    "is_dental_service": True,
                    "dental_code": code,
                    "categ_id": categories[categ].id,
                    "dental_duration": minutes,
                    "list_price": price,
                    "dental_condition_id": conditions[condition].id if condition else False,
                    "dental_diagnosis_ids": [(6, 0, [diagnoses[c].id for c in treated])],
                    "dental_per_tooth": per_tooth,
                    "dental_is_xray": xray,
                    "dental_job_id": jobs[0].id,
                    "taxes_id": [(5, 0, 0)],
                }
            )
        env["product.template"].create(service_vals)
        return jobs

    def _setup_chairs(self, env, branches, jobs):
        """Chairs of every branch, two doctors per chair (seeded names); the number of doctors."""
        rng = rng_for(self.spec, "setup")
        chairs_vals, employees_vals = [], []
        for branch, count in zip(branches, self.spec.chairs_per_branch()):
            for number in range(1, count + 1):
                chairs_vals.append(
                    {
                        "name": f"Кресло {number}",
                        "company_id": branch.id,
                        "room": f"Каб. {100 + number}",
                        "sequence": number,
                        "color": number % 12,
                    }
                )
                for __ in range(2):  # a morning and an evening doctor per chair
                    female = rng.random() < 0.6
                    first = rng.choice(names.FEMALE_FIRST_NAMES if female else names.MALE_FIRST_NAMES)
                    last = rng.choice(names.LAST_NAMES)
                    last = names.feminine_last_name(last) if female else last
                    job = jobs[0] if number % 5 else jobs[(number // 5) % len(jobs)]
                    employees_vals.append(
                        {
                            "name": f"{last} {first} {names.patronymic(rng.choice(names.MALE_FIRST_NAMES), female)}",
                            "company_id": branch.id,
                            "job_id": job.id,
                            "job_title": job.name,
                        }
                    )
        env["dental.chair"].create(chairs_vals)
        env["hr.employee"].create(employees_vals)
        return len(employees_vals)

    # ------------------------------------------------------------ reference data read back
    def load_reference(self, env):
        head = env.ref("base.main_company")
        branches = env["res.company"].search([("parent_id", "=", head.id)], order="id")
        chairs = env["dental.chair"].search([], order="company_id, sequence, id")
        doctors = env["hr.employee"].search([("company_id", "in", branches.ids)], order="id")
        services = env["product.product"].search([("is_dental_service", "=", True)], order="id")
        return {
            "head": head,
            "branches": branches,
            "chairs": chairs,
            "doctors_by_chair": self._doctors_by_chair(chairs, doctors),
            "services": {s.dental_code: s for s in services},
            "sources": env["utm.source"].search([("name", "in", CHANNELS)], order="id"),
        }

    @staticmethod
    def _doctors_by_chair(chairs, doctors):
        per_branch = defaultdict(list)
        for doctor in doctors:
            per_branch[doctor.company_id.id].append(doctor.id)
        result = {}
        counters = defaultdict(int)
        for chair in chairs:
            index = counters[chair.company_id.id]
            counters[chair.company_id.id] += 1
            pool = per_branch[chair.company_id.id]
            result[chair.id] = (pool[2 * index], pool[2 * index + 1])
        return result

    def shift_doctor(self, doctors, day, morning):
        """The chair's two doctors swap morning and evening every day."""
        return doctors[(day.toordinal() + (0 if morning else 1)) % 2]

    # ------------------------------------------------------------ stage: shifts
    def stage_shifts(self):
        days = self.working_days()
        count = 0
        with self.registry.cursor() as cr:
            env = self.env(cr)
            ref = self.load_reference(env)
            chair_ids = [c.id for c in ref["chairs"]]
            Shift = env["dental.shift"]
            batch = []
            for day in days:
                for chair_id in chair_ids:
                    doctors = ref["doctors_by_chair"][chair_id]
                    for morning in (True, False):
                        start_h, stop_h = (WORK_START, SHIFT_SPLIT) if morning else (SHIFT_SPLIT, WORK_END)
                        batch.append(
                            {
                                "employee_id": self.shift_doctor(doctors, day, morning),
                                "chair_id": chair_id,
                                "start": self.utc(day, start_h * 60),
                                "stop": self.utc(day, stop_h * 60),
                            }
                        )
                if len(batch) >= 2000:
                    Shift.create(batch)
                    count += len(batch)
                    batch = []
                    cr.commit()
                    env.invalidate_all()
            if batch:
                Shift.create(batch)
                count += len(batch)
        return {"shifts": count, "days": len(days)}

    # ------------------------------------------------------------ stage: patients
    def patient_profiles(self):
        """Deterministic list of patient dicts (names, birth, phones, branch index, family key)."""
        spec = self.spec
        rng = rng_for(spec, "patients")
        weights = spec.chairs_per_branch()
        phones = set()
        profiles = []
        family_left = 0
        family = None
        for index in range(spec.patients):
            branch = rng.choices(range(spec.branches), weights)[0]
            female = rng.random() < 0.57
            in_family = family_left > 0
            if not in_family and rng.random() < spec.family_ratio / 2.5:
                family = {
                    "key": index,
                    "last": rng.choice(names.LAST_NAMES),
                    "branch": branch,
                    "street": rng.choice(names.STREETS),
                    "house": rng.randint(1, 120),
                }
                family_left = rng.choice([2, 2, 3, 3, 4])
                in_family = True
            if in_family:
                family_left -= 1
                last = family["last"]
                branch = family["branch"]
            else:
                last = rng.choice(names.LAST_NAMES)
            age_days = int(rng.triangular(2, 88, 35) * 365.25)
            birth = self.today - timedelta(days=age_days + rng.randint(0, 364))
            mobile = self._unique_mobile(rng, phones)
            first = rng.choice(names.FEMALE_FIRST_NAMES if female else names.MALE_FIRST_NAMES)
            profile = {
                "last_name": names.feminine_last_name(last) if female else last,
                "first_name": first,
                "patronymic": names.patronymic(rng.choice(names.MALE_FIRST_NAMES), female),
                "gender": "female" if female else "male",
                "birth_date": birth,
                "mobile": mobile,
                "branch": branch,
                "family": family["key"] if in_family else None,
                "source": rng.randrange(len(CHANNELS)),
                "sms_consent": rng.random() < 0.9,
            }
            self._add_contacts(rng, profile, first, family if in_family else None)
            profiles.append(profile)
        return profiles

    @staticmethod
    def _unique_mobile(rng, phones):
        """A mobile number not in ``phones`` (added to it)."""
        while True:
            mobile = f"+79{rng.randint(0, 999_999_999):09d}"
            if mobile not in phones:
                phones.add(mobile)
                return mobile

    @staticmethod
    def _add_contacts(rng, profile, first, family):
        """Some landlines and e-mails; the family's address, or the patient's own."""
        if rng.random() < 0.15:
            profile["phone"] = f"+7495{rng.randint(0, 9_999_999):07d}"
        if rng.random() < 0.35:
            profile["email"] = (
                f"{names.translit(profile['last_name'])}.{names.translit(first)[:1]}{rng.randint(1, 999)}"
                f"@{rng.choice(names.EMAIL_DOMAINS)}"
            )
        if family:
            profile["street"] = f"ул. {family['street']}, д. {family['house']}"
        else:
            profile["street"] = f"ул. {rng.choice(names.STREETS)}, д. {rng.randint(1, 120)}"

    def stage_patients(self):
        profiles = self.patient_profiles()
        created = families = 0
        with self.registry.cursor() as cr:
            env = self.env(cr)
            ref = self.load_reference(env)
            branches, sources = ref["branches"], ref["sources"]
            family_ids = {}
            Patient = env["dental.patient"]
            for start in range(0, len(profiles), self.batch):
                chunk = profiles[start : start + self.batch]
                families += self._create_families(env, chunk, family_ids, branches)
                vals_list = [self._patient_vals(env, p, branches, sources, family_ids) for p in chunk]
                Patient.create(vals_list)
                created += len(vals_list)
                cr.commit()
                env.invalidate_all()
                if created % (self.batch * 10) == 0:
                    self.log(f"    patients: {created}")
        return {"patients": created, "families": families}

    @staticmethod
    def _create_families(env, chunk, family_ids, branches):
        """The families first met in ``chunk`` (named after their first member), added to ``family_ids``."""
        new_families = [p for p in chunk if p["family"] is not None and p["family"] not in family_ids]
        keys = []
        for p in new_families:
            if p["family"] not in keys:
                keys.append(p["family"])
        if not keys:
            return 0
        first_of = {p["family"]: p for p in reversed(new_families)}
        records = env["dental.family"].create(
            [
                {
                    "name": f"Семья {first_of[k]['last_name']}",
                    "company_id": branches[first_of[k]["branch"]].id,
                }
                for k in keys
            ]
        )
        family_ids.update(zip(keys, records.ids))
        return len(records)

    @staticmethod
    def _patient_vals(env, p, branches, sources, family_ids):
        """``dental.patient.create`` values of a profile."""
        keys = ("last_name", "first_name", "patronymic", "gender", "birth_date", "mobile", "sms_consent", "street")
        vals = {key: p[key] for key in keys}
        vals.update(
            company_id=branches[p["branch"]].id,
            source_id=sources[p["source"]].id,
            city="Москва",
            country_id=env.ref("base.ru").id,
            family_id=family_ids.get(p["family"], False),
        )
        for key in ("phone", "email"):
            if p.get(key):
                vals[key] = p[key]
        return vals

    # ------------------------------------------------------------ the schedule (computed, not stored)
    def schedule(self, env):
        """Every appointment slot of the period and its patient: a deterministic plan in memory.

        Returns a list of dicts sorted by start: chair, doctor, branch index, start, stop (UTC),
        patient index, state, visit type, services (codes), extra (True for a cancelled
        appointment sharing the slot with the one that replaced it).
        """
        if getattr(self, "_schedule", None) is not None:
            return self._schedule
        rng = rng_for(self.spec, "schedule")
        ref = self.load_reference(env)
        chairs = [(c.id, ref["branches"].ids.index(c.company_id.id)) for c in ref["chairs"]]
        days = self.working_days()
        slots_total = self.spec.appointments / (1 + CANCEL_EXTRA)
        per_shift = slots_total / (len(days) * len(chairs) * 2)
        tickets = _Tickets(rng, *self._patient_arrivals())
        slots = []
        for day in days:
            offset = (day - self.first_day).days
            tickets.admit(offset)
            for chair_id, branch in chairs:
                doctors = ref["doctors_by_chair"][chair_id]
                for morning in (True, False):
                    doctor = self.shift_doctor(doctors, day, morning)
                    shift = (chair_id, doctor, branch, day, morning)
                    slots.extend(self._shift_slots(rng, tickets, offset, shift, per_shift))
        slots.sort(key=lambda s: (s["start"], s["chair"], s["extra"]))
        self._visit_types(rng, slots)
        self._schedule = slots
        return slots

    def _patient_arrivals(self):
        """Patients' join day (offset in the period) and visit frequency per branch, and their leave day."""
        patient_rng = rng_for(self.spec, "patients-activity")
        profiles_branch = [p["branch"] for p in self.patient_profiles()]
        period = (self.last_day - self.first_day).days
        joins = defaultdict(list)  # branch -> [(join day offset, patient index, weight)]
        leave = {}
        for index, branch in enumerate(profiles_branch):
            if patient_rng.random() < 0.05:
                continue  # registered, never came
            join = 0 if patient_rng.random() < 0.3 else patient_rng.randrange(period)
            leave[index] = join + int(patient_rng.expovariate(1 / (3 * 365))) + 60
            joins[branch].append((join, index, 1 + int(patient_rng.paretovariate(1.5))))
        for branch in joins:
            joins[branch].sort()
        return joins, leave

    @staticmethod
    def _shift_cells(rng, per_shift, cells):
        """How many appointments fill a shift, their lengths in cells and the free cells before each."""
        k = max(0, min(cells, round(rng.gauss(per_shift, per_shift * 0.15))))
        lengths = [rng.choices((1, 2, 3), (0.45, 0.4, 0.15))[0] for __ in range(k)]
        while sum(lengths) > cells:
            longest = max(range(k), key=lambda i: lengths[i])
            lengths[longest] -= 1
            if lengths[longest] == 0:
                lengths.pop(longest)
                k -= 1
        free = cells - sum(lengths)
        gaps = [0] * (k + 1)
        for __ in range(free):
            gaps[rng.randrange(k + 1)] += 1
        return lengths, gaps

    def _shift_slots(self, rng, tickets, offset, shift, per_shift):
        """The appointments of one shift (``shift``: chair, doctor, branch index, day, morning) and their patients."""
        chair_id, doctor, branch, day, morning = shift
        base = (WORK_START if morning else SHIFT_SPLIT) * 60
        cells = (SHIFT_SPLIT - WORK_START) * 60 // STEP
        lengths, gaps = self._shift_cells(rng, per_shift, cells)
        slots = []
        cell = 0
        for i, length in enumerate(lengths):
            cell += gaps[i]
            start = self.utc(day, base + cell * STEP)
            stop = start + timedelta(minutes=length * STEP)
            cell += length
            patient = tickets.pick(branch, offset)
            if patient is None:
                continue
            slot = {
                "chair": chair_id,
                "doctor": doctor,
                "branch": branch,
                "start": start,
                "stop": stop,
                "patient": patient,
                "extra": False,
            }
            slot["state"] = self._state(rng, start, stop, self.now)
            slots.append(slot)
            if rng.random() < CANCEL_EXTRA:
                other = tickets.pick(branch, offset)
                if other is not None and other != patient:
                    slots.append(dict(slot, patient=other, extra=True, state="cancelled"))
        return slots

    @staticmethod
    def _visit_types(rng, slots):
        """Visit types and services along each patient's history (``slots`` in time order)."""
        seen = set()
        for slot in slots:
            patient = slot["patient"]
            if slot["state"] == "cancelled" or slot["extra"]:
                slot["visit_type"] = "repeat" if patient in seen else "primary"
            elif patient not in seen:
                slot["visit_type"] = "primary"
                if slot["state"] == "completed":
                    seen.add(patient)
            else:
                slot["visit_type"] = "consultation" if rng.random() < 0.08 else "repeat"
            minutes = (slot["stop"] - slot["start"]).seconds // 60
            if slot["visit_type"] == "primary":
                slot["services"] = ["C02", "X02"] if minutes >= 60 else ["C02"]
            elif slot["visit_type"] == "consultation":
                slot["services"] = ["C01"]
            else:
                pool = [s for s in SERVICES if 0 < s[3] <= minutes and s[2] not in ("consultation",)]
                slot["services"] = [rng.choice(pool)[0]]
                if rng.random() < 0.3:
                    slot["services"].append("A01")

    @staticmethod
    def _state(rng, start, stop, now):
        if stop <= now:
            return rng.choices(["completed", "no_show"], [94, 6])[0]
        if start <= now:
            return "in_chair"
        if start - now < timedelta(hours=1):
            return rng.choice(["arrived", "confirmed"])
        return rng.choices(["scheduled", "confirmed"], [60, 40])[0]

    def patient_ids(self, env):
        return env["dental.patient"].with_context(active_test=False).search([], order="id").ids

    def patient_visits(self, slots):
        """{patient index: [completed slots in time order]}"""
        visits = defaultdict(list)
        for slot in slots:
            if slot["state"] == "completed" and not slot["extra"]:
                visits[slot["patient"]].append(slot)
        return visits

    # ------------------------------------------------------------ stage: findings (bulk)
    def exam_findings(self, env):
        """{patient index: [finding dicts]} found at each patient's first completed visit."""
        if getattr(self, "_findings", None) is not None:
            return self._findings
        rng = rng_for(self.spec, "findings")
        profiles = self.patient_profiles()
        visits = self.patient_visits(self.schedule(env))
        result = {}
        for index, history in sorted(visits.items()):
            exam = history[0]
            birth = profiles[index]["birth_date"]
            age = (exam["start"].date() - birth).days / 365.25
            teeth = PRIMARY_TEETH if age < 6 else PERMANENT_TEETH
            chosen = rng.sample(teeth, min(len(teeth), 12))
            items = []
            for __ in range(rng.choice([0, 1, 1, 2, 2, 3, 4])):
                items.append(
                    {
                        "tooth": chosen.pop(),
                        "condition": "caries",
                        "diagnosis": "K02.1",
                        "surfaces": rng.sample("MDOBL", rng.choice([1, 1, 2])),
                    }
                )
            if age >= 6:
                for __ in range(rng.choice([0, 0, 1, 2, 3])):
                    items.append(
                        {
                            "tooth": chosen.pop(),
                            "condition": "filling",
                            "diagnosis": None,
                            "surfaces": rng.sample("MDOBL", rng.choice([1, 2])),
                        }
                    )
                if rng.random() < 0.12:
                    items.append({"tooth": chosen.pop(), "condition": "pulpitis", "diagnosis": "K04.0", "surfaces": []})
                if age > 30:
                    for __ in range(rng.choice([0, 0, 0, 1, 2])):
                        items.append({"tooth": chosen.pop(), "condition": "missing", "diagnosis": None, "surfaces": []})
                    if rng.random() < 0.2:
                        items.append({"tooth": chosen.pop(), "condition": "crown", "diagnosis": None, "surfaces": []})
                if rng.random() < 0.15:
                    items.append({"tooth": None, "condition": None, "diagnosis": "K05.3", "surfaces": []})
            for item in items:
                item["date"] = exam["start"].date()
                item["doctor"] = exam["doctor"]
            result[index] = items
        self._findings = result
        return result

    def stage_findings(self):
        with self.registry.cursor() as cr:
            env = self.env(cr)
            findings = self.exam_findings(env)
            patient_ids = self.patient_ids(env)
            branch_of = dict(
                env["dental.patient"]
                .with_context(active_test=False)
                .search_fetch([], ["company_id"])
                .mapped(lambda p: (p.id, p.company_id.id))
            )
            conditions = {c.code: c.id for c in env["dental.condition"].search([])}
            diagnoses = {d.code: d.id for d in env["dental.diagnosis"].search([])}
            teeth = {t.code: t.id for t in env["dental.tooth"].search([])}
            surfaces = {s.code: s.id for s in env["dental.tooth.surface"].search([])}
            first_patient = patient_ids[0]
            proto = orm_prototype(
                env,
                "dental.chart.finding",
                {"patient_id": first_patient, "condition_id": conditions["caries"], "date": self.today},
            )
            total = sum(len(items) for items in findings.values())
            next_id = reserve_ids(cr, "dental_chart_finding", total)
            refs = (conditions, diagnoses, teeth, surfaces)
            rows, tooth_rows, surface_rows = self._finding_rows(findings, patient_ids, branch_of, refs, proto, next_id)
            copy_rows(cr, "dental_chart_finding", FINDING_COLUMNS, rows)
            copy_rows(cr, "dental_chart_finding_tooth_rel", ["finding_id", "tooth_id"], tooth_rows)
            copy_rows(cr, "dental_chart_finding_surface_rel", ["finding_id", "surface_id"], surface_rows)
        return {"findings": len(rows)}

    @staticmethod
    def _finding_rows(findings, patient_ids, branch_of, refs, proto, next_id):
        """Rows of the findings (FINDING_COLUMNS) from ``next_id`` on, their teeth and surfaces."""
        conditions, diagnoses, teeth, surfaces = refs
        rows, tooth_rows, surface_rows = [], [], []
        for index, items in sorted(findings.items()):
            patient_id = patient_ids[index]
            for item in items:
                stamp = datetime.combine(item["date"], datetime.min.time()) + timedelta(hours=10)
                rows.append(
                    (
                        next_id,
                        patient_id,
                        branch_of[patient_id],
                        item["date"],
                        conditions.get(item["condition"]),
                        diagnoses.get(item["diagnosis"]),
                        item["doctor"],
                        "active",
                        "manual",
                        proto["confidence"] or 0.0,
                        proto["create_uid"],
                        proto["write_uid"],
                        stamp,
                        stamp,
                    )
                )
                if item["tooth"]:
                    tooth_rows.append((next_id, teeth[str(item["tooth"])]))
                surface_rows.extend((next_id, surfaces[code]) for code in item["surfaces"])
                next_id += 1
        return rows, tooth_rows, surface_rows

    # ------------------------------------------------------------ stage: plans (ORM)
    PLAN_SERVICES = {"caries": "T01", "pulpitis": "E01", "missing": "I01", "K05.3": "R01"}

    def plan_specs(self, env):
        """{patient index: {date, doctor, approved, lines: [(visit, code, tooth, surfaces)]}}"""
        rng = rng_for(self.spec, "plans")
        findings = self.exam_findings(env)
        visits = self.patient_visits(self.schedule(env))
        specs = {}
        for index, items in sorted(findings.items()):
            if len(visits[index]) < 2 or rng.random() >= self.spec.plan_ratio * 2:
                continue
            lines = []
            for item in items:
                key = item["diagnosis"] if item["diagnosis"] == "K05.3" else item["condition"]
                code = self.PLAN_SERVICES.get(key)
                if code:
                    lines.append([code, item["tooth"], item["surfaces"] if code == "T01" else []])
                if key == "missing" and rng.random() < 0.7:
                    lines.append(["P02", item["tooth"], []])
            if not lines:
                continue
            rng.shuffle(lines)
            for number, line in enumerate(lines):
                line.insert(0, 1 + number // 2)  # two procedures per visit
            exam = visits[index][0]
            specs[index] = {
                "date": exam["start"],
                "doctor": exam["doctor"],
                "branch": exam["branch"],
                "approved": rng.random() < 0.8,
                "lines": lines,
            }
        return specs

    def stage_plans(self):
        created = approved = 0
        with self.registry.cursor() as cr:
            env = self.env(cr)
            specs = self.plan_specs(env)
            ref = self.load_reference(env)
            services = ref["services"]
            teeth = {t.code: t.id for t in env["dental.tooth"].search([])}
            surfaces = {s.code: s.id for s in env["dental.tooth.surface"].search([])}
            patient_ids = self.patient_ids(env)
            patients = env["dental.patient"].browse(patient_ids)
            items = sorted(specs.items())
            for start in range(0, len(items), 200):
                chunk = items[start : start + 200]
                vals_list = []
                for index, plan in chunk:
                    patient = patients[index]
                    lines = []
                    for visit, code, tooth, surf in plan["lines"]:
                        product = services[code]
                        lines.append(
                            (
                                0,
                                0,
                                {
                                    "product_id": product.id,
                                    "product_uom_qty": 1,
                                    "visit_number": visit,
                                    "tooth_ids": [(6, 0, [teeth[str(tooth)]] if tooth else [])],
                                    "surface_ids": [(6, 0, [surfaces[c] for c in surf])],
                                    "doctor_id": plan["doctor"],
                                    "tax_id": [(5, 0, 0)],
                                },
                            )
                        )
                    vals_list.append(
                        {
                            "is_treatment_plan": True,
                            "patient_id": patient.id,
                            "partner_id": patient.partner_id.id,
                            "company_id": ref["branches"][plan["branch"]].id,
                            "doctor_id": plan["doctor"],
                            "date_order": plan["date"],
                            "order_line": lines,
                        }
                    )
                orders = env["sale.order"].create(vals_list)
                to_approve = env["sale.order"].browse([o.id for o, (__, p) in zip(orders, chunk) if p["approved"]])
                to_approve.action_confirm()
                for order, (__, plan) in zip(orders, chunk):
                    if plan["approved"]:
                        order.date_order = plan["date"]  # confirming stamps "now"
                created += len(orders)
                approved += len(to_approve)
                cr.commit()
                env.invalidate_all()
        return {"plans": created, "approved": approved}

    # ------------------------------------------------------------ stage: appointments (bulk, past)
    def plan_line_links(self, env):
        """{slot id(): [sale.order.line ids]}: the approved plans' visits on the patient's next visits."""
        specs = self.plan_specs(env)
        slots = self.schedule(env)
        patient_ids = self.patient_ids(env)
        by_patient = defaultdict(list)
        for slot in slots:
            if not slot["extra"] and slot["state"] not in ("cancelled", "no_show"):
                by_patient[slot["patient"]].append(slot)
        orders = env["sale.order"].search_fetch([("is_treatment_plan", "=", True)], ["patient_id", "state"])
        order_of = {o.patient_id.id: o for o in orders}
        links = {}
        for index, plan in specs.items():
            order = order_of.get(patient_ids[index])
            if not order or order.state != "sale":
                continue
            later = [s for s in by_patient[index] if s["start"] > plan["date"]]
            lines_by_visit = defaultdict(list)
            for line in order.order_line:
                lines_by_visit[line.visit_number].append(line)
            for visit, slot in zip(sorted(lines_by_visit), later):
                links[id(slot)] = lines_by_visit[visit]
        return links

    def _event_vals(self, slot, ref, patient_id, partner_of, name_of):
        return {
            "name": name_of[patient_id],
            "patient_id": patient_id,
            "doctor_id": slot["doctor"],
            "chair_id": slot["chair"],
            "company_id": ref["branches"][slot["branch"]].id,
            "start": slot["start"],
            "stop": slot["stop"],
            "duration": (slot["stop"] - slot["start"]).seconds / 3600,
            "dental_state": slot["state"],
            "visit_type": slot["visit_type"],
        }

    def stage_appointments(self):
        with self.registry.cursor() as cr:
            env = self.env(cr)
            today_local = (self.now + UTC_OFFSET).date()
            slots = [s for s in self.schedule(env) if (s["start"] + UTC_OFFSET).date() < today_local]
            ctx = self._appointment_context(env, slots[0])
            columns = [*EVENT_COLUMNS[:-2], *ctx.fixed, *EVENT_COLUMNS[-2:]]
            rng = rng_for(self.spec, "appointments")
            total = 0
            for start in range(0, len(slots), 50_000):
                chunk = slots[start : start + 50_000]
                first_id = reserve_ids(cr, "calendar_event", len(chunk))
                first_att = reserve_ids(cr, "calendar_attendee", len(chunk))
                out = {"rows": [], "rel": [], "att": [], "svc": [], "plan_rel": []}
                for offset, slot in enumerate(chunk):
                    self._appointment_rows(rng, ctx, slot, first_id + offset, first_att + offset, out)
                copy_rows(cr, "calendar_event", columns, out["rows"])
                copy_rows(cr, "calendar_event_res_partner_rel", ["calendar_event_id", "res_partner_id"], out["rel"])
                copy_rows(cr, "calendar_attendee", ATTENDEE_COLUMNS, out["att"])
                copy_rows(cr, "calendar_event_dental_service_rel", ["event_id", "product_id"], out["svc"])
                if out["plan_rel"]:
                    copy_rows(cr, "calendar_event_dental_plan_line_rel", ["event_id", "line_id"], out["plan_rel"])
                total += len(out["rows"])
                cr.commit()
                self.log(f"    appointments: {total}")
        return {"appointments": total}

    def _appointment_context(self, env, sample):
        """What every bulk appointment row takes: patients' partners and names, services, plan links, and the
        columns the ORM fills alike (from a prototype made of ``sample``)."""
        ref = self.load_reference(env)
        patient_ids = self.patient_ids(env)
        patients = env["dental.patient"].with_context(active_test=False).browse(patient_ids)
        patients.fetch(["partner_id", "name"])
        partner_of = {p.id: p.partner_id.id for p in patients}
        name_of = {p.id: p.name for p in patients}
        links = self.plan_line_links(env)
        proto, proto_att = self._event_prototype(
            env, self._event_vals(sample, ref, patient_ids[sample["patient"]], partner_of, name_of)
        )
        fixed = {k: proto[k] for k in EVENT_FIXED_COLUMNS}
        admin_id = env.ref("base.user_admin").id
        fixed.update(user_id=admin_id, create_uid=admin_id, write_uid=admin_id)
        return SimpleNamespace(
            ref=ref,
            patient_ids=patient_ids,
            partner_of=partner_of,
            name_of=name_of,
            services=ref["services"],
            links=links,
            fixed=fixed,
            admin_id=admin_id,
            proto_att=proto_att,
        )

    @staticmethod
    def _appointment_rows(rng, ctx, slot, event_id, attendee_id, out):
        """The rows of one past appointment: event, partner, attendee, services, plan lines (into ``out``)."""
        patient_id = ctx.patient_ids[slot["patient"]]
        booked = slot["start"] - timedelta(days=rng.randint(0, 20), hours=rng.randint(0, 8))
        completed = slot["state"] == "completed"
        fixed_values = dict(
            ctx.fixed, booking_source=rng.choices(["phone", "walk_in", "online", "crm"], [60, 10, 20, 10])[0]
        )
        out["rows"].append(
            (
                event_id,
                ctx.name_of[patient_id],
                patient_id,
                slot["doctor"],
                slot["chair"],
                ctx.ref["branches"][slot["branch"]].id,
                slot["start"],
                slot["stop"],
                (slot["stop"] - slot["start"]).seconds / 3600,
                slot["state"],
                slot["visit_type"],
                completed,
                *fixed_values.values(),
                booked,
                slot["stop"] if completed else booked,
            )
        )
        out["rel"].append((event_id, ctx.partner_of[patient_id]))
        out["att"].append(
            (
                attendee_id,
                event_id,
                ctx.partner_of[patient_id],
                ctx.name_of[patient_id],
                "%032x" % rng.getrandbits(128),
                ctx.proto_att["state"],
                ctx.proto_att["availability"],
                ctx.admin_id,
                ctx.admin_id,
                booked,
                booked,
            )
        )
        product_ids = {ctx.services[c].id for c in slot["services"]}
        for line in ctx.links.get(id(slot), []):
            out["plan_rel"].append((event_id, line.id))
            product_ids.add(line.product_id.id)
        out["svc"].extend((event_id, p) for p in sorted(product_ids))
        slot["event_id"] = event_id

    @staticmethod
    def _event_prototype(env, vals):
        """Rows of calendar_event and calendar_attendee written by the ORM for ``vals`` (rolled back)."""
        cr = env.cr
        cr.execute("SAVEPOINT dental_bench_event")
        try:
            event = env["calendar.event"].create(vals)
            event.flush_recordset()
            rows = []
            for table, column in (("calendar_event", "id"), ("calendar_attendee", "event_id")):
                cr.execute(
                    SQL(
                        "SELECT * FROM %s WHERE %s = %s LIMIT 1",
                        SQL.identifier(table),
                        SQL.identifier(column),
                        event.id,
                    )
                )
                rows.append(dict(zip([d[0] for d in cr.description], cr.fetchone())))
        finally:
            cr.execute("ROLLBACK TO SAVEPOINT dental_bench_event")
            env.invalidate_all()
        return rows

    # ------------------------------------------------------------ stage: future appointments (ORM)
    def stage_future_appointments(self):
        """From today on, appointments are booked through the ORM, every check included."""
        created = 0
        with self.registry.cursor() as cr:
            env = self.env(cr)
            ref = self.load_reference(env)
            today_local = (self.now + UTC_OFFSET).date()
            slots = [s for s in self.schedule(env) if (s["start"] + UTC_OFFSET).date() >= today_local]
            patient_ids = self.patient_ids(env)
            patients = env["dental.patient"].with_context(active_test=False).browse(patient_ids)
            name_of = {p.id: p.name for p in patients}
            links = self.plan_line_links(env)
            services = ref["services"]
            Event = env["calendar.event"]
            rng = rng_for(self.spec, "future")
            # Active ones first: a cancelled appointment shares its slot with the one that replaced it.
            slots.sort(key=lambda s: (s["extra"], s["start"], s["chair"]))
            for start in range(0, len(slots), 500):
                chunk = slots[start : start + 500]
                vals_list = []
                for slot in chunk:
                    patient_id = patient_ids[slot["patient"]]
                    vals = self._event_vals(slot, ref, patient_id, None, name_of)
                    vals["booking_source"] = rng.choices(["phone", "walk_in", "online", "crm"], [60, 10, 20, 10])[0]
                    product_ids = {services[c].id for c in slot["services"]}
                    lines = links.get(id(slot), [])
                    if lines:
                        vals["plan_line_ids"] = [(6, 0, [line.id for line in lines])]
                    vals["service_ids"] = [(6, 0, sorted(product_ids))]
                    vals_list.append(vals)
                events = Event.create(vals_list)  # created completed: the completion hook runs
                created += len(events)
                cr.commit()
                env.invalidate_all()
        return {"appointments": created}

    # ------------------------------------------------------------ stage: completion
    def stage_completion(self):
        """Completed past visits: planned procedures done (ORM), patients' last visit day."""
        completed_lines = 0
        with self.registry.cursor() as cr:
            env = self.env(cr)
            cr.execute(
                """
                SELECT e.id, e.start, e.doctor_id, array_agg(r.line_id ORDER BY r.line_id)
                  FROM calendar_event e
                  JOIN calendar_event_dental_plan_line_rel r ON r.event_id = e.id
                  JOIN sale_order_line l ON l.id = r.line_id
                 WHERE e.dental_state = 'completed' AND l.qty_delivered < l.product_uom_qty
                 GROUP BY e.id ORDER BY e.start, e.id
                """
            )
            todo = cr.fetchall()
            Line = env["sale.order.line"]
            for position, (__, start, doctor_id, line_ids) in enumerate(todo, 1):
                day = (start + UTC_OFFSET).date()
                Line.browse(line_ids)._dental_complete(date=day, doctor=env["hr.employee"].browse(doctor_id))
                completed_lines += len(line_ids)
                if position % 500 == 0:
                    cr.commit()
                    env.invalidate_all()
            cr.execute(
                """
                UPDATE dental_patient p SET last_visit_date = v.day
                  FROM (SELECT patient_id, max((start + %s)::date) AS day
                          FROM calendar_event WHERE dental_state = 'completed' AND patient_id IS NOT NULL
                         GROUP BY patient_id) v
                 WHERE v.patient_id = p.id AND (p.last_visit_date IS NULL OR p.last_visit_date < v.day)
                """,
                [UTC_OFFSET],
            )
            patients = cr.rowcount
        return {"plan_lines_done": completed_lines, "patients_with_visits": patients}

    # ------------------------------------------------------------ stage: visit records (bulk)
    def stage_visit_records(self):
        with self.registry.cursor() as cr:
            env = self.env(cr)
            rng = rng_for(self.spec, "records")
            admin = env.ref("base.user_admin")
            lang_env = env(context=dict(env.context, lang=admin.lang))
            events = self._visits_to_record(cr)
            lines_of, line_diag = self._plan_diagnoses(env)
            diagnoses = {d.code: d.id for d in env["dental.diagnosis"].search([])}
            proto = (
                orm_prototype(
                    env,
                    "dental.visit.record",
                    {"patient_id": events[0][1], "doctor_id": events[0][4], "date": self.today},
                )
                if events
                else {}
            )
            name_format = lang_env._("Record %(date)s", date="%s")
            total = 0
            for start in range(0, len(events), 50_000):
                chunk = events[start : start + 50_000]
                first = reserve_ids(cr, "dental_visit_record", len(chunk))
                rows = []
                for offset, event in enumerate(chunk):
                    event_id, __, __, __, __, visit_type = event
                    diag = next((line_diag[i] for i in lines_of.get(event_id, []) if line_diag.get(i)), None)
                    if not diag:
                        diag = (
                            diagnoses["K02.1"]
                            if visit_type == "primary"
                            else diagnoses.get(rng.choice(["K03.6", "K02.1", "K05.1"]))
                        )
                    rows.append(self._visit_record_row(rng, first + offset, event, diag, name_format, admin, proto))
                copy_rows(cr, "dental_visit_record", RECORD_COLUMNS, rows)
                self._freeze_signed_names(cr, first, first + len(rows) - 1, admin, lang_env.lang)
                total += len(rows)
                cr.commit()
        return {"visit_records": total}

    @staticmethod
    def _freeze_signed_names(cr, first, last, admin, lang):
        """What signing freezes on a record (dental_chart's ``_signed_snapshot``), for the records first..last."""
        cr.execute(
            SQL(
                """
                UPDATE dental_visit_record r
                   SET signed_by_name = %(signer)s,
                       signed_patient_name = partner.name,
                       signed_card_number = patient.card_number,
                       signed_doctor_name = doctor.name,
                       signed_diagnosis = (SELECT trim(d.code || ' ' || COALESCE(d.name->>%(lang)s, d.name->>'en_US'))
                                             FROM dental_diagnosis d WHERE d.id = r.diagnosis_id)
                  FROM dental_patient patient, res_partner partner, hr_employee doctor
                 WHERE r.id BETWEEN %(first)s AND %(last)s
                   AND patient.id = r.patient_id AND partner.id = patient.partner_id AND doctor.id = r.doctor_id
                """,
                signer=admin.name,
                lang=lang or "en_US",
                first=first,
                last=last,
            )
        )

    @staticmethod
    def _visits_to_record(cr):
        """Completed appointments without a visit record that day: (event, patient, branch, start, doctor, type)."""
        cr.execute(
            """
            SELECT e.id, e.patient_id, p.company_id, e.start, e.doctor_id, e.visit_type
              FROM calendar_event e JOIN dental_patient p ON p.id = e.patient_id
             WHERE e.dental_state = 'completed'
               AND NOT EXISTS (SELECT 1 FROM dental_visit_record r
                                WHERE r.patient_id = e.patient_id AND r.date = (e.start + %s)::date)
             ORDER BY e.start, e.id
            """,
            [UTC_OFFSET],
        )
        return cr.fetchall()

    @staticmethod
    def _plan_diagnoses(env):
        """{completed event: its plan lines}, {plan line: the first diagnosis its service treats}."""
        env.cr.execute(
            """
            SELECT e.id, array_agg(DISTINCT l.id) FROM calendar_event e
              JOIN calendar_event_dental_plan_line_rel r ON r.event_id = e.id
              JOIN sale_order_line l ON l.id = r.line_id
             WHERE e.dental_state = 'completed' GROUP BY e.id
            """
        )
        lines_of = dict(env.cr.fetchall())
        line_diag = {}
        for line in env["sale.order.line"].browse(sorted({i for ids in lines_of.values() for i in ids})):
            treated = line.product_id.dental_diagnosis_ids[:1]
            line_diag[line.id] = treated.id or False
        return lines_of, line_diag

    @staticmethod
    def _visit_record_row(rng, record_id, event, diag, name_format, admin, proto):
        """A signed visit record of ``event`` (RECORD_COLUMNS), texts drawn from RECORD_TEXTS."""
        __, patient_id, company_id, begin, doctor_id, __ = event
        day = (begin + UTC_OFFSET).date()
        recommendation = rng.choice(RECORD_TEXTS["recommendations"])
        signed = begin + timedelta(hours=1)
        return (
            record_id,
            name_format % day.isoformat(),
            patient_id,
            company_id,
            day,
            doctor_id,
            rng.choice(RECORD_TEXTS["complaints"]),
            rng.choice(RECORD_TEXTS["objective"]),
            rng.choice(RECORD_TEXTS["treatment"]),
            recommendation,
            bool(recommendation),
            diag,
            "signed",
            signed,
            admin.id,
            1,
            proto["create_uid"],
            proto["write_uid"],
            begin,
            signed,
        )

    # ------------------------------------------------------------ stage: cash (dental_cash)
    def stage_cash(self):
        return self._cash_stage(generate_cash)

    def stage_closings(self):
        return self._cash_stage(close_days)

    def _cash_stage(self, stage):
        """dental_cash's stages (``cash.py``) run where dental_cash is installed."""
        with self.registry.cursor() as cr:
            if "dental.cash.closing" not in self.env(cr):
                return {"skipped": "dental_cash not installed"}
        return stage(self)

    # ------------------------------------------------------------ stage: dms (dental_dms)
    def stage_dms(self):
        from .dms import generate_dms  # dms.py comes after operations.py (its operations subclass them)

        return generate_dms(self)

    # ------------------------------------------------------------ stage: lab (dental_lab, lab.py)
    def stage_lab(self):
        return generate_lab(self)

    # ------------------------------------------------------------ stage: stock (dental_stock, stock.py)
    def stage_stock(self):
        return generate_stock(self)

    # ------------------------------------------------------------ stage: leads (dental_marketing)
    def stage_leads(self):
        """Leads of the clinic's funnel (5 per 100 patients) in its stages, shared by 10 coordinators."""
        with self.registry.cursor() as cr:
            env = self.env(cr)
            if "dental.marketing.campaign" not in env:
                return {"skipped": "dental_marketing not installed"}
            rng = random.Random(22)
            team = env.ref("dental_marketing.crm_team_dental")
            stages = env["crm.stage"].search([("team_id", "=", team.id)])
            Users = env["res.users"].with_context(no_reset_password=True)
            group = env.ref("dental_patient.group_coordinator")
            users = []
            for index in range(LEAD_COORDINATORS):
                login = f"bench.coordinator.{index}"
                user = Users.search([("login", "=", login)]) or Users.create(
                    {"name": f"Coordinator {index}", "login": login, "groups_id": [(6, 0, group.ids)]}
                )
                users.append(user.id)
            sources = env["utm.source"].search([], limit=10).ids
            total = int(self.spec.patients * LEAD_RATIO)
            Lead = env["crm.lead"]
            for start in range(0, total, self.batch):
                Lead.create(
                    [
                        {
                            "name": f"Request {number}",
                            "contact_name": f"Contact {number}",
                            "phone": f"+7916{number:07d}",
                            "type": "opportunity",
                            "team_id": team.id,
                            "stage_id": rng.choice(stages.ids),
                            "user_id": rng.choice(users),
                            "source_id": rng.choice(sources) if sources else False,
                        }
                        for number in range(start, min(start + self.batch, total))
                    ]
                )
                cr.commit()
        return {"leads": total}

    # ------------------------------------------------------------ stage: marketing (dental_marketing, marketing.py)
    def stage_marketing(self):
        return generate_marketing(self)

    # ------------------------------------------------------------ stage: analyze
    def stage_analyze(self):
        reg = odoo_env.registry(self.db)
        with reg.cursor() as cr:
            cr._cnx.autocommit = True
            cr._obj.execute("VACUUM ANALYZE")
            cr._cnx.autocommit = False
        return {}
