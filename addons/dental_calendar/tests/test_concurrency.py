import threading
from datetime import datetime, timedelta

from odoo import SUPERUSER_ID, api
from odoo.exceptions import ValidationError
from odoo.modules.registry import Registry
from odoo.sql_db import db_connect
from odoo.tests import BaseCase, get_db_name, tagged
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestBookingConcurrency(BaseCase):
    """Two database connections book the same chair slot at the same time.

    A TransactionCase cannot show uncommitted fixtures to a second connection, so
    this test commits its own fixtures in separate cursors and removes them after.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Taken here: in a thread, Registry() would wait for the lock the test runner holds.
        cls.test_registry = Registry(get_db_name())

    def _cursor(self):
        return db_connect(get_db_name()).cursor()

    def _env(self, cr):
        cr.transaction = api.Transaction(self.test_registry)
        return api.Environment(cr, SUPERUSER_ID, {"tz": "UTC", "tracking_disable": True, "lang": "en_US"})

    def test_two_connections_one_slot(self):
        with self._cursor() as cr:
            env = self._env(cr)
            chair = env["dental.chair"].create({"name": "Race Chair"})
            doctors = env["hr.employee"].create([{"name": f"Race Doctor {i}"} for i in range(2)])
            patients = env["dental.patient"].create(
                [{"last_name": f"Race{i}", "first_name": "Patient"} for i in range(2)]
            )
            fixtures = (chair.id, doctors.ids, patients.ids)
        try:
            with mute_logger("odoo.sql_db"):  # the losing INSERT is logged as a bad query
                self._race(*fixtures)
        finally:
            with self._cursor() as cr:
                env = self._env(cr)
                chair_id, doctor_ids, patient_ids = fixtures
                cr.execute("DELETE FROM calendar_event WHERE chair_id = %s", [chair_id])
                env["dental.chair"].browse(chair_id).unlink()
                env["hr.employee"].browse(doctor_ids).unlink()
                patients = env["dental.patient"].browse(patient_ids)
                partners = patients.partner_id
                patients.unlink()
                partners.unlink()

    def _race(self, chair_id, doctor_ids, patient_ids):
        start = datetime(2031, 5, 6, 10, 0)
        first_inserted = threading.Event()
        results = {}

        def book(index):
            with self._cursor() as cr:
                env = self._env(cr)
                try:
                    if index:
                        first_inserted.wait(10)
                    event = env["calendar.event"].create(
                        {
                            "patient_id": patient_ids[index],
                            "doctor_id": doctor_ids[index],
                            "chair_id": chair_id,
                            "start": start,
                            "stop": start + timedelta(minutes=40),
                        }
                    )
                    if not index:
                        first_inserted.set()
                        # Hold the transaction open: the other connection now waits on the constraint.
                        threading.Event().wait(1.0)
                    results[index] = event.id
                except ValidationError as error:
                    results[index] = error
                finally:
                    first_inserted.set()

        threads = [threading.Thread(target=book, args=(index,)) for index in (0, 1)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
        self.assertIsInstance(results.get(0), int, results)
        self.assertIsInstance(results.get(1), ValidationError, results)
        self.assertIn("already booked", str(results[1]))
        with self._cursor() as cr:
            cr.execute(
                "SELECT count(*) FROM calendar_event "
                "WHERE chair_id = %s AND dental_state NOT IN ('cancelled', 'no_show')",
                [chair_id],
            )
            self.assertEqual(cr.fetchone()[0], 1)
