import json
from datetime import timedelta
from types import SimpleNamespace
from unittest.mock import patch

from odoo.models import BaseModel

from odoo.addons.bus.models.bus import channel_with_db, json_dump

from .common import DAY, DentalCalendarCommon


class TestScheduleBus(DentalCalendarCommon):
    """Open schedules of a branch hear of its changes: one bus notification per branch and batch."""

    def setUp(self):
        super().setUp()
        self.last_bus_id = 0
        self._commit()  # what the fixtures queued

    def _commit(self):
        """The notifications a commit would send now, by branch."""
        self.env.flush_all()
        self.env.cr.precommit.run()
        # Savepoints flush the queue too: every notification since the last call.
        notifications = self.env["bus.bus"].sudo().search([("id", ">", self.last_bus_id)], order="id")
        self.last_bus_id = notifications[-1:].id or self.last_bus_id
        channels = {json_dump(channel_with_db(self.env.cr.dbname, c)): c for c in self.company | self.branch_b}
        sent = {}
        for notification in notifications:
            message = json.loads(notification.message)
            if message["type"] == "dental_calendar.schedule_changed":
                sent.setdefault(channels.get(notification.channel), []).append(message["payload"])
        return sent

    def test_a_batch_of_appointments_notifies_each_branch_once(self):
        self.env["dental.shift"].create(
            {"employee_id": self.doctor_b.id, "chair_id": self.chair_b.id, "start": self.at(9), "stop": self.at(15)}
        )
        self._commit()
        appointments = self.env["calendar.event"].create(
            [
                self._appointment_vals(self.at(10), self.chair_1, self.doctor, self.patient),
                self._appointment_vals(self.at(11), self.chair_2, self.doctor_2, self.patient_2),
                self._appointment_vals(self.at(10), self.chair_b, self.doctor_b, self.patient_b),
            ]
        )
        both = {
            self.company: [{"company_id": self.company.id}],
            self.branch_b: [{"company_id": self.branch_b.id}],
        }
        self.assertEqual(self._commit(), both)
        appointments.write({"note": "Bring the X-ray"})
        self.assertEqual(self._commit(), both)
        appointments[:2].write({"dental_state": "confirmed"})
        self.assertEqual(self._commit(), {self.company: [{"company_id": self.company.id}]})
        appointments.unlink()
        self.assertEqual(self._commit(), both)

    def _appointment_vals(self, start, chair, doctor, patient):
        return {
            "patient_id": patient.id,
            "chair_id": chair.id,
            "doctor_id": doctor.id,
            "start": start,
            "stop": start + timedelta(minutes=40),
        }

    def test_shifts_and_waiting_list_notify_their_branch(self):
        self.env["dental.shift"].create(
            {"employee_id": self.doctor_b.id, "chair_id": self.chair_b.id, "start": self.at(9), "stop": self.at(15)}
        )
        self.assertEqual(self._commit(), {self.branch_b: [{"company_id": self.branch_b.id}]})
        self.env["dental.waitlist"].create({"name": "Waitova Anna", "company_id": self.company.id})
        self.assertEqual(self._commit(), {self.company: [{"company_id": self.company.id}]})

    def test_meetings_do_not_notify(self):
        self.env["calendar.event"].create({"name": "Staff meeting", "start": self.at(18), "stop": self.at(19)})
        self.assertEqual(self._commit(), {})

    def test_another_users_changes_reach_the_branchs_open_schedules(self):
        """A registrar's booking, status change, shift change and restored plan reach the doctor's open schedule:
        the doctor's websocket listens to the branch, where each change is sent; not to another branch."""
        websocket = self.env["ir.websocket"].with_user(self.user_doctor)
        # the websocket's request, as far as building the channel list reads it (a session, no guest cookie)
        request = SimpleNamespace(session=SimpleNamespace(uid=self.user_doctor.id), cookies={}, env=websocket.env)
        with (
            patch("odoo.addons.bus.models.ir_websocket.request", request),
            patch("odoo.addons.mail.models.discuss.mail_guest.request", request),
        ):
            channels = websocket._build_bus_channel_list([])
        branches = [c.id for c in channels if isinstance(c, BaseModel) and c._name == "res.company"]
        self.assertIn(self.company.id, branches)
        self.assertNotIn(self.branch_b.id, branches)
        told = {self.company: [{"company_id": self.company.id}]}
        registrar = self.env(user=self.user_registrar)
        event = self.book(self.at(10), env=registrar)
        self.assertEqual(self._commit(), told, "booked by another user")
        event.action_dental_confirm()
        self.assertEqual(self._commit(), told, "confirmed by another user")
        self.shift.with_user(self.user_registrar).stop = self.at(16)
        self.assertEqual(self._commit(), told, "a shift changed by another user")
        version = registrar["dental.shift.version"].create({"date_from": DAY, "date_to": DAY})
        self.assertEqual(self._commit(), {}, "saving a version changes no shift")
        version.action_restore()
        # the deletions and the creations of a restore are two batches (the shifts' savepoints flush the queue in
        # between): the open schedules hear of both, in one burst they reload once for (static/tests/schedule.test.js)
        sent = self._commit()
        self.assertEqual(list(sent), [self.company], "a restored plan")
        self.assertIn(len(sent[self.company]), (1, 2))
