from datetime import date, timedelta

from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common import DentalPatientCommon


@tagged("post_install", "-at_install")
class TestDentalPatient(DentalPatientCommon):
    def test_name_composed_from_parts(self):
        self.assertEqual(self.patient.name, "Kuznetsov Ivan Petrovich")
        self.assertEqual(self.patient.partner_id.name, "Kuznetsov Ivan Petrovich")
        self.patient.first_name = "Pavel"
        self.assertEqual(self.patient.partner_id.name, "Kuznetsov Pavel Petrovich")

    def test_name_create_splits_the_name(self):
        patient_id, _name = self.env["dental.patient"].name_create("Sidorova Olga Nikolaevna")
        patient = self.env["dental.patient"].browse(patient_id)
        self.assertEqual(
            (patient.last_name, patient.first_name, patient.patronymic),
            ("Sidorova", "Olga", "Nikolaevna"),
        )

    def test_name_required(self):
        with self.assertRaises(UserError):
            self.env["dental.patient"].create({"birth_date": "2000-01-01"})
        with self.assertRaises(UserError):
            self.patient.write({"last_name": False, "first_name": False, "patronymic": False})

    def test_card_numbers_are_unique_and_sequential(self):
        patients = self.env["dental.patient"].create(
            [{"last_name": "A", "first_name": "One"}, {"last_name": "B", "first_name": "Two"}]
        )
        numbers = patients.mapped("card_number")
        self.assertTrue(all(numbers))
        self.assertEqual(len({*numbers, self.patient.card_number}), 3)
        self.assertEqual(int(numbers[1]), int(numbers[0]) + 1)

    def test_partner_is_a_person_in_the_patient_branch(self):
        partner = self.patient.partner_id
        self.assertFalse(partner.is_company)
        self.assertEqual(partner.company_id, self.company)
        self.patient.company_id = self.branch_b
        self.assertEqual(partner.company_id, self.branch_b)

    def test_birth_date_in_future_refused(self):
        with self.assertRaises(ValidationError):
            self.patient.birth_date = date.today() + timedelta(days=1)

    def test_age(self):
        self.patient.birth_date = date.today().replace(year=date.today().year - 30) - timedelta(days=1)
        self.assertEqual(self.patient.age, 30)

    def test_search_by_card_number_and_name_fragment(self):
        Patient = self.env["dental.patient"]
        self.assertIn(self.patient, Patient.search([("name", "ilike", "uznets")]))
        found = Patient.name_search(self.patient.card_number)
        self.assertIn(self.patient.id, [pid for pid, _name in found])

    def test_form_creates_patient(self):
        form = Form(self.env["dental.patient"])
        form.last_name = "Orlova"
        form.first_name = "Daria"
        patient = form.save()
        self.assertEqual(patient.name, "Orlova Daria")
