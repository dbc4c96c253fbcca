import io
import random
from collections import defaultdict
from datetime import timedelta

from PIL import Image, ImageDraw, ImageFilter

from odoo import Command, api, fields, models

# Treatment plans of the demo: (title, [(service of dental_chart's demo, visit number, tooth code or None)]).
PLANS = [
    (
        "Лечение кариеса 36, 37",
        [
            ("service_anesthesia_infiltration", 1, "36"),
            ("service_filling_class2", 1, "36"),
            ("service_filling_class1", 2, "37"),
        ],
    ),
    (
        "Эндодонтия 46 и коронка",
        [("service_endo_2canals", 1, "46"), ("service_post_core", 2, "46"), ("service_crown_metal_ceramic", 3, "46")],
    ),
    ("Профессиональная гигиена", [("service_hygiene_full", 1, None), ("service_hygiene_fluoride", 1, None)]),
    (
        "Удаление 38",
        [
            ("service_xray_periapical", 1, "38"),
            ("service_extraction_wisdom", 1, "38"),
            ("service_suture_removal", 2, None),
        ],
    ),
    ("Коронка на 16", [("service_impression_digital", 1, "16"), ("service_crown_zirconia", 2, "16")]),
]
# Each branch gets a plan in every state (plan_state), in this order.
PLAN_STATES = ["done", "in_progress", "approved", "draft", "cancel", "in_progress", "done"]
DIAGNOSES = ["K02_1", "K02_1", "K02_2", "K04_0", "K05_1", "K03_6", "K08_1"]
COMPLAINTS = [
    "Жалобы на кратковременную боль от холодного.",
    "Жалоб нет, плановый осмотр.",
    "Кровоточивость дёсен при чистке зубов.",
    "Застревание пищи между зубами.",
    "Боль при накусывании.",
]
OBJECTIVE = [
    "Кариозная полость в пределах дентина, зондирование болезненно по эмалево-дентинной границе.",
    "Слизистая бледно-розовая, зубные отложения в области нижних резцов.",
    "Перкуссия безболезненна, на снимке изменений периапикальных тканей нет.",
    "Гиперемия и отёчность десневых сосочков, пародонтальные карманы до 3 мм.",
]
RECOMMENDATIONS = [
    "Гигиена полости рта, контроль через 6 месяцев.",
    "Не принимать пищу 2 часа.",
    "Явка для продолжения лечения по плану.",
    "Ирригатор, зубная нить, паста с фтором.",
]
# Images of the demo: (kind, name, X-ray service of dental_chart's demo or None, dose).
IMAGES = [
    ("periapical", "Прицельный снимок", "service_xray_periapical", 5),
    ("panoramic", "ОПТГ", "service_xray_opg", 16),
    ("photo", "Фото до лечения", None, 0),
]


class DentalCalendarChartDemo(models.AbstractModel):
    """Demo data of the schedule and the chart together: plans booked and done at the demo's visits, visit
    records of the completed visits, a few images."""

    _name = "dental.calendar.chart.demo"
    _description = "Schedule and Chart Demo Data"

    @api.model
    def _dental_generate_demo(self):
        """Plans in every state, visit records of the completed visits and images in both branches.

        Called from demo/dental_calendar_chart_demo.xml once dental_calendar's demo appointments exist; seeded,
        relative to the day of installation. The records stay drafts: dental_clinic's demo has them signed by
        their doctors (``_dental_sign_demo_records``) once the doctors have their users.
        """
        env = self.sudo().env  # demo set-up
        rng = random.Random(16)
        companies = env.ref("base.main_company") | env.ref("dental_patient.demo_branch_south")
        events = env["calendar.event"].search(
            [("company_id", "in", companies.ids), ("patient_id", "!=", False), ("doctor_id", "!=", False)],
            order="start, id",
        )
        for company in companies:
            self._dental_demo_plans(rng, company, events.filtered(lambda e, c=company: e.company_id == c))
        completed = events.filtered(lambda e: e.dental_state == "completed" and e.patient_id.company_id == e.company_id)
        self._dental_demo_records(rng, completed)
        self._dental_demo_images(rng, completed)

    @api.model
    def _dental_demo_plans(self, rng, company, events):
        """A plan in every state for the branch's patients seen most, its procedures booked at their visits and
        completed at the visits already done."""
        env = self.env
        now = fields.Datetime.now()
        past, future = defaultdict(list), defaultdict(list)
        for event in events:
            if event.dental_state == "completed":
                past[event.patient_id].append(event)
            elif event.start > now and event.dental_state in ("scheduled", "confirmed"):
                future[event.patient_id].append(event)
        patients = sorted(events.patient_id, key=lambda p: (-len(past[p]), -len(future[p]), p.id))
        teeth = {tooth.code: tooth for tooth in env["dental.tooth"].search([])}
        plans = []
        orders_vals = []
        for state, patient in zip(PLAN_STATES, patients):
            # a plan in progress has a visit still to come
            choices = [plan for plan in PLANS if state != "in_progress" or len({p[1] for p in plan[1]}) > 1]
            title, procedures = choices[rng.randrange(len(choices))]
            visits = past[patient] + future[patient]
            first = (visits or events.filtered(lambda e, p=patient: e.patient_id == p))[0]
            doctor = first.doctor_id
            plans.append((state, patient))
            orders_vals.append(
                {
                    "patient_id": patient.id,
                    "partner_id": patient.partner_id.id,
                    "company_id": company.id,
                    "is_treatment_plan": True,
                    "plan_title": title,
                    "doctor_id": doctor.id,
                    "date_order": first.start - timedelta(days=rng.randint(1, 5)),
                    "order_line": [
                        Command.create(
                            {
                                "product_id": env.ref(f"dental_chart.{service}").id,
                                "product_uom_qty": 1,
                                "visit_number": visit,
                                "doctor_id": doctor.id,
                                "tooth_ids": [Command.set([teeth[tooth].id] if tooth else [])],
                            }
                        )
                        for service, visit, tooth in procedures
                    ],
                }
            )
        orders = env["sale.order"].with_context(mail_create_nolog=True, tracking_disable=True).create(orders_vals)
        by_state = defaultdict(lambda: env["sale.order"])
        for order, (state, _patient) in zip(orders, plans):
            by_state[state] |= order
        # the approved plan was chosen among alternatives: its other option is rejected by the approval
        approved = by_state["approved"][:1]
        if approved:
            approved.copy({"plan_title": PLANS[rng.randrange(len(PLANS))][0], "dental_alternative_of_id": approved.id})
        (orders - by_state["draft"] - by_state["cancel"]).action_confirm()
        by_state["cancel"].with_context(disable_cancel_warning=True).action_cancel()
        for order, (state, patient) in zip(orders, plans):
            if state in ("draft", "cancel"):
                continue
            lines = order.order_line
            visits = sorted(set(lines.mapped("visit_number")))
            done = {"approved": 0, "in_progress": 1, "done": len(visits)}[state]
            booked = past[patient][:done] + future[patient]
            for visit, event in zip(visits, booked):
                visit_lines = lines.filtered(lambda line, v=visit: line.visit_number == v)
                event.plan_line_ids = [Command.link(line.id) for line in visit_lines]
                if event.dental_state == "completed":
                    day = company._dental_local_date(event.start)
                    visit_lines._dental_complete(date=day, doctor=event.doctor_id)

    @api.model
    def _dental_demo_records(self, rng, events):
        """A visit record of each completed visit, written by its doctor (drafts)."""
        env = self.env
        vals_list = []
        for event in events:
            services = event.service_ids
            vals_list.append(
                {
                    "patient_id": event.patient_id.id,
                    "date": event.company_id._dental_local_date(event.start),
                    "doctor_id": event.doctor_id.id,
                    "tooth_ids": [Command.set(event.plan_line_ids.tooth_ids.ids)],
                    "diagnosis_id": env.ref(f"dental_chart.diagnosis_{rng.choice(DIAGNOSES)}").id,
                    "complaints": rng.choice(COMPLAINTS),
                    "objective": rng.choice(OBJECTIVE),
                    "treatment": "; ".join(services.mapped("name")) or "Осмотр, консультация.",
                    "recommendations": rng.choice(RECOMMENDATIONS),
                }
            )
        env["dental.visit.record"].with_context(mail_create_nolog=True, tracking_disable=True).create(vals_list)

    @api.model
    def _dental_demo_images(self, rng, events):
        """A few images (small generated pictures) of patients seen in each branch."""
        env = self.env
        xray = env.ref("dental_calendar.demo_service_xray")
        teeth = env["dental.tooth"].search([("dentition", "=", "permanent")], order="sequence")
        images_vals, pictures = [], []
        for company in events.company_id:
            seen = events.filtered(lambda e, c=company: e.company_id == c).sorted(
                lambda e: (xray not in e.service_ids, -e.start.timestamp())
            )
            patients = []
            for event in seen:
                if event.patient_id in patients:
                    continue
                patients.append(event.patient_id)
                kind, name, service, dose = IMAGES[len(patients) - 1]
                images_vals.append(
                    {
                        "name": name,
                        "patient_id": event.patient_id.id,
                        "date": company._dental_local_date(event.start),
                        "kind": kind,
                        "product_id": service and env.ref(f"dental_chart.{service}").id,
                        "dose": dose,
                        "doctor_id": event.doctor_id.id,
                        "tooth_ids": [Command.set([rng.choice(teeth).id] if kind == "periapical" else [])],
                    }
                )
                pictures.append(self._dental_demo_picture(rng, kind))
                if len(patients) == len(IMAGES):
                    break
        images = env["dental.image"].with_context(mail_create_nolog=True, tracking_disable=True).create(images_vals)
        attachments = env["ir.attachment"].create(
            [
                {
                    "name": f"{image.name}.png",
                    "raw": picture,
                    "mimetype": "image/png",
                    "res_model": "dental.image",
                    "res_id": image.id,
                }
                for image, picture in zip(images, pictures)
            ]
        )
        for image, attachment in zip(images, attachments):
            image.attachment_ids = [Command.link(attachment.id)]

    @api.model
    def _dental_demo_picture(self, rng, kind):
        """A small PNG: a dark X-ray with light teeth, or a photo of white teeth on pink gums."""
        width, height = 320, 200
        photo = kind == "photo"
        picture = Image.new("RGB" if photo else "L", (width, height), (190, 90, 100) if photo else 25)
        draw = ImageDraw.Draw(picture)
        count = 4 if kind == "periapical" else 12
        tooth_width = width // count
        for index in range(count):
            left = index * tooth_width + rng.randint(2, 6)
            right = left + tooth_width - rng.randint(6, 10)
            for top, bottom in ((20, height // 2 - 6), (height // 2 + 6, height - 20)):
                shade = rng.randint(170, 230)
                draw.rounded_rectangle(
                    (left, top + rng.randint(0, 10), right, bottom - rng.randint(0, 10)),
                    radius=8,
                    fill=(245, 240, 225) if photo else shade,
                )
        picture = picture.filter(ImageFilter.GaussianBlur(1 if photo else 3))
        output = io.BytesIO()
        picture.save(output, format="PNG", optimize=True)
        return output.getvalue()

    @api.model
    def _dental_sign_demo_records(self):
        """Sign the demo's generated visit records of the days before yesterday as their doctors: a doctor with
        a user signs their own, the administrator the others (doctors who do not log in). Called from
        dental_clinic's demo, which gives the demo doctors their users; yesterday's records stay drafts."""
        env = self.sudo().env
        static = env["ir.model.data"].search([("model", "=", "dental.visit.record")]).mapped("res_id")
        drafts = env["dental.visit.record"].search([("state", "=", "draft"), ("id", "not in", static)])
        admin = env.ref("base.user_admin")
        to_sign = defaultdict(lambda: env["dental.visit.record"])
        for record in drafts:
            if record.date < record.company_id._dental_today() - timedelta(days=1):
                user = record.doctor_id.user_id
                if not (user and user.has_group("dental_patient.group_doctor")):
                    user = admin
                to_sign[user, record.company_id] |= record
        for (user, company), records in to_sign.items():
            records.with_user(user).with_company(company).action_sign()
