from odoo.tests import tagged

from odoo.addons.dental_patient.tests.common import DentalBookCase

from .common import DentalCalendarCommon


@tagged("post_install", "-at_install")
class TestRecycleBin(DentalBookCase, DentalCalendarCommon):
    """Chairs: deleted only without appointments or shifts, archived to the Recycle Bin and restored."""

    def test_chair_with_appointments(self):
        chair = self.env["dental.chair"].create({"name": "Chair 3", "company_id": self.company.id})
        self.book(self.at(10), chair=chair, doctor=self.doctor_2)
        self.assertDeleteRefused(chair, "appointments", user=self.user_director)
        self.assertBinRestores(chair, "dental_calendar.dental_chair_action_archived", self.user_director)

    def test_chair_with_shifts(self):
        self.assertDeleteRefused(self.chair_1, "doctor shifts", user=self.user_director)
        self.assertTrue(self.shift.exists(), "the shifts are kept with their chair")

    def test_chair_without_history(self):
        chair = self.env["dental.chair"].create({"name": "New chair", "company_id": self.company.id})
        self.assertDeleted(chair, user=self.user_director)

    def test_registrar_cannot_restore_or_delete(self):
        chair = self.env["dental.chair"].create({"name": "Spare chair", "company_id": self.company.id})
        self.assertBinDenied(chair, self.user_registrar)

    def test_bin_menu(self):
        actions = [menu.action for menu in self.env.ref("dental_patient.dental_recycle_bin_menu").child_id]
        self.assertIn(self.env.ref("dental_calendar.dental_chair_action_archived"), actions)
