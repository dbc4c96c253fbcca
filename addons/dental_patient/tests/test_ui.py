from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestDentalPatientUi(HttpCase):
    def test_create_patient_tour(self):
        self.start_tour("/odoo", "dental_patient_create", login="admin")
        patient = self.env["dental.patient"].search([("last_name", "=", "Tourova")])
        self.assertEqual(len(patient), 1)
        self.assertEqual(patient.name, "Tourova Vera Ivanovna")
        self.assertEqual(patient.phone, "+7 916 111-22-33")
        self.assertTrue(patient.card_number)
