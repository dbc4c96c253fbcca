from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import float_round


class LoyaltyProgram(models.Model):
    """A clinic discount programme is an Odoo promotion programme extended with what a clinic needs.

    Odoo's programme keeps the name, branch, validity (``date_from``/``date_to``), activity and one
    discount reward (kept in sync for Odoo's reports); the clinic adds the scope (whole invoice, listed
    services, all services except listed ones) and the recipients (everyone, an age range, listed
    patients, patient groups; optionally of one gender). Billing applies it to invoice lines (the bill dialog,
    :meth:`account.move._dental_apply_program` when a plan is billed). A cumulative programme gives the percentage
    of the highest threshold the patient's total paid reaches (``dental_threshold_ids``).
    """

    _name = "loyalty.program"
    _inherit = ["loyalty.program", "dental.book.mixin"]

    dental_discount = fields.Boolean(string="Clinic Discount", index=True)
    dental_scope = fields.Selection(
        [("all", "Whole Invoice"), ("listed", "Listed Services"), ("except", "All Services Except Listed")],
        string="Applies To",
        default="all",
    )
    dental_product_ids = fields.Many2many(
        "product.product",
        "loyalty_program_dental_product_rel",
        "program_id",
        "product_id",
        string="Services",
        domain=[("type", "=", "service")],
    )
    dental_recipient = fields.Selection(
        [("all", "Everyone"), ("age", "Age Range"), ("patients", "Listed Patients"), ("groups", "Patient Groups")],
        string="Recipients",
        default="all",
    )
    dental_gender = fields.Selection(
        [("male", "Male"), ("female", "Female")],
        string="Gender",
        help="Only patients of this gender (with any kind of recipients); empty: both.",
    )
    dental_age_min = fields.Integer(string="Age From")
    dental_age_max = fields.Integer(string="Age To", default=120)
    dental_patient_ids = fields.Many2many(
        "dental.patient", "loyalty_program_dental_patient_rel", "program_id", "patient_id", string="Patients"
    )
    dental_group_ids = fields.Many2many(
        "dental.patient.group", "loyalty_program_dental_group_rel", "program_id", "group_id", string="Patient Groups"
    )
    dental_discount_mode = fields.Selection(
        [("percent", "Percentage"), ("amount", "Fixed Amount"), ("cumulative", "Cumulative (by Total Paid)")],
        string="Discount Type",
        default="percent",
        help="Cumulative: the percentage of the highest threshold reached by what the patient paid in total.",
    )
    dental_discount_value = fields.Float(string="Discount", default=10.0)
    dental_threshold_ids = fields.One2many("dental.discount.threshold", "program_id", string="Thresholds", copy=True)

    @api.constrains(
        "dental_discount",
        "dental_discount_mode",
        "dental_discount_value",
        "dental_age_min",
        "dental_age_max",
        "dental_threshold_ids",
    )
    def _check_dental_discount(self):
        for program in self.filtered("dental_discount"):
            if program.dental_discount_mode == "cumulative":
                if not program.dental_threshold_ids:
                    raise ValidationError(_("A cumulative discount needs at least one threshold."))
            elif program.dental_discount_value <= 0:
                raise ValidationError(_("The discount must be positive."))
            if program.dental_discount_mode == "percent" and program.dental_discount_value > 100:
                raise ValidationError(_("A percentage discount cannot exceed 100%."))
            if program.dental_recipient == "age" and program.dental_age_min > program.dental_age_max:
                raise ValidationError(_("The age range is empty."))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("dental_discount"):
                vals.setdefault("program_type", "promotion")
                vals.setdefault("trigger", "auto")
                vals.setdefault("applies_on", "current")
                if not vals.get("reward_ids"):
                    vals["reward_ids"] = [fields.Command.create({"reward_type": "discount"})]
                if not vals.get("rule_ids"):
                    vals["rule_ids"] = [fields.Command.create({"minimum_qty": 0})]
        programs = super().create(vals_list)
        programs.filtered("dental_discount")._dental_sync_reward()
        return programs

    def write(self, vals):
        res = super().write(vals)
        if any(fname.startswith("dental_") for fname in vals):
            self.filtered("dental_discount")._dental_sync_reward()
        return res

    def toggle_active(self):
        dental = self.filtered("dental_discount")
        # the programme's own right is the user's: only its parts are switched as superuser below
        dental.check_access("write")
        res = super(LoyaltyProgram, self - dental).toggle_active()
        # sudo: Odoo archives and restores a programme's parts along with it (rules, rewards and the rewards'
        # technical discount products, on which the Director has no right: created for him likewise, loyalty.reward)
        super(LoyaltyProgram, dental.sudo()).toggle_active()
        return res

    def _dental_book_records(self):
        # the clinic's discount programmes are its book; Odoo's other programmes keep Odoo's own deletion
        return self.filtered("dental_discount")

    def _dental_history_sources(self):
        return [
            *super()._dental_history_sources(),
            ("account.move", "dental_discount_program_id", _("invoices")),
            ("account.move.line", "dental_discount_program_id", _("invoices")),
        ]

    def _dental_sync_reward(self):
        """Keep Odoo's discount reward in line with the clinic fields (Odoo's reports read the reward; a cumulative
        programme shows its highest percentage)."""
        for program in self:
            reward = program.reward_ids[:1]
            if not reward:
                continue
            value = program.dental_discount_value
            if program.dental_discount_mode == "cumulative":
                value = max(program.dental_threshold_ids.mapped("percent"), default=0.0) or value
            reward.write(
                {
                    "reward_type": "discount",
                    "discount": value,
                    "discount_mode": "per_order" if program.dental_discount_mode == "amount" else "percent",
                    "discount_applicability": "order" if program.dental_scope != "listed" else "specific",
                    "discount_product_ids": [fields.Command.set(program.dental_product_ids.ids)],
                }
            )

    # ------------------------------------------------------------------ applying
    @api.model
    def _dental_applicable(self, patient, day, company):
        """Active clinic programmes of the branch valid on ``day`` whose recipients include ``patient``."""
        return self._dental_applicable_by_patient(patient, day, company)[patient.id]

    @api.model
    def _dental_applicable_by_patient(self, patients, day, company):
        """{patient id: programmes applying to the patient}: one search and one query of the totals paid for
        all ``patients`` (the patient card and lists ask for several)."""
        programs = self.search(self._dental_applicable_domain(day, company))
        paid = {}
        if programs.filtered(lambda p: p.dental_discount_mode == "cumulative"):
            paid = patients._dental_paid_totals(company)
        return {
            patient.id: programs.filtered(lambda p, patient=patient: p._dental_is_recipient(patient, day, paid))
            for patient in patients
        }

    @api.model
    def _dental_applicable_domain(self, day, company):
        return [
            ("dental_discount", "=", True),
            ("company_id", "in", [False, *company.parent_ids.ids]),
            "|",
            ("date_from", "=", False),
            ("date_from", "<=", day),
            "|",
            ("date_to", "=", False),
            ("date_to", ">=", day),
        ]

    def _dental_applies(self, patient, day, company):
        """Whether this programme really applies to ``patient`` on ``day`` in ``company``: a clinic programme,
        active, valid that day, of the branch (or a company above it) and whose recipients include the patient."""
        self.ensure_one()
        return self in self._dental_applicable(patient, day, company)

    def _dental_is_recipient(self, patient, day, paid=None):
        """Whether ``patient`` is among the recipients on ``day``; ``paid``: {patient id: total paid} for a
        cumulative programme (read when not given)."""
        self.ensure_one()
        if patient.sudo().dental_discount_program_id == self:
            return True  # activated on the patient's card (by a Director when the recipients leave him out)
        return self._dental_meets_criteria(patient, day, paid)

    def _dental_meets_criteria(self, patient, day, paid=None):
        """The recipients' criteria (gender, total paid of a cumulative programme, the kind of recipients),
        without the activation on the patient's card."""
        self.ensure_one()
        if self.dental_gender and patient.gender != self.dental_gender:
            return False
        if self.dental_discount_mode == "cumulative" and not self._dental_patient_percent(patient, paid):
            return False
        return self._dental_is_recipient_kind(patient, day)

    def _dental_is_recipient_kind(self, patient, day):
        self.ensure_one()
        if self.dental_recipient == "all":
            return True
        if self.dental_recipient == "patients":
            return patient in self.dental_patient_ids
        if self.dental_recipient == "groups":
            return bool(patient.group_id) and patient.group_id in self.dental_group_ids
        if self.dental_recipient == "age":
            if not patient.birth_date:
                return False
            age = (
                day.year
                - patient.birth_date.year
                - ((day.month, day.day) < (patient.birth_date.month, patient.birth_date.day))
            )
            return self.dental_age_min <= age <= self.dental_age_max
        return False

    def _dental_patient_percent(self, patient, paid=None):
        """Percentage this programme gives ``patient``: its value, or for a cumulative programme the highest
        threshold his total paid reaches (0 below the first)."""
        self.ensure_one()
        if self.dental_discount_mode != "cumulative":
            return self.dental_discount_value
        if not patient:
            return 0.0
        if paid is None or patient.id not in paid:
            paid = patient._dental_paid_totals(self.company_id or self.env.company)
        total = paid.get(patient.id, 0.0)
        reached = self.dental_threshold_ids.filtered(lambda t: t.amount_paid <= total)
        return max(reached.mapped("percent"), default=0.0)

    def _dental_product_eligible(self, product):
        self.ensure_one()
        if self.dental_scope == "listed":
            return product in self.dental_product_ids
        if self.dental_scope == "except":
            return product not in self.dental_product_ids
        return True

    def _dental_line_discount_percent(self, line, patient=None):
        """Percentage this programme gives an invoice/wizard line (None: the line is not eligible)."""
        self.ensure_one()
        if self.dental_discount_mode == "amount" or not self._dental_product_eligible(line.product_id):
            return None
        return self._dental_patient_percent(patient)

    def _dental_discount_amount(self, lines, patient=None):
        """Discount this programme gives ``lines`` (objects with product_id, quantity, price_unit) of ``patient``
        (needed by a cumulative programme)."""
        self.ensure_one()
        eligible = [line for line in lines if self._dental_product_eligible(line.product_id)]
        base = sum(line.price_unit * line.quantity for line in eligible)
        if self.dental_discount_mode == "amount":
            return min(self.dental_discount_value, base)
        return float_round(base * self._dental_patient_percent(patient) / 100.0, precision_digits=2)

    @api.model
    def _dental_best(self, programs, lines, patient=None):
        """The programme giving the largest discount on ``lines`` (empty when none gives anything)."""
        best, best_amount = self.browse(), 0.0
        for program in programs:
            amount = program._dental_discount_amount(lines, patient)
            if amount > best_amount:
                best, best_amount = program, amount
        return best

    @api.model
    def _dental_pick(self, programs, lines, patient, company):
        """The programme billing applies: the patient's current discount (card) when it applies, else the best
        one when the branch picks it, else none."""
        chosen = patient.sudo().dental_discount_program_id.with_env(self.env)
        if chosen and chosen in programs and chosen._dental_discount_amount(lines, patient) > 0:
            return chosen
        if company.dental_best_discount:
            return self._dental_best(programs, lines, patient)
        return self.browse()

    def _dental_fixed_line_vals(self, amount):
        """An invoice line taking a fixed-amount programme's ``amount`` off (untaxed, a line of its own)."""
        self.ensure_one()
        return {
            "product_id": self.reward_ids[:1].discount_line_product_id.id,
            "name": _("Discount: %s", self.name),
            "quantity": 1.0,
            "price_unit": -amount,
            "tax_ids": [fields.Command.clear()],
            "dental_discount_program_id": self.id,
        }
