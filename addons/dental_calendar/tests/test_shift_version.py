from datetime import timedelta

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common import DAY, DentalCalendarCommon


@tagged("post_install", "-at_install")
class TestShiftVersion(DentalCalendarCommon):
    """A period's shift plan saved as a version and restored, all or nothing."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Shift = cls.env["dental.shift"]
        cls.shift_tue = Shift.create(
            {
                "employee_id": cls.doctor.id,
                "chair_id": cls.chair_1.id,
                "start": cls.at(9, days=1),
                "stop": cls.at(15, days=1),
            }
        )
        cls.shift_next_week = Shift.create(
            {
                "employee_id": cls.doctor.id,
                "chair_id": cls.chair_1.id,
                "start": cls.at(9, days=7),
                "stop": cls.at(15, days=7),
            }
        )
        cls.newcomer = cls.env["hr.employee"].create({"name": "Dr. Novikov"})

    def _save(self, user=None, company=None, date_from=DAY, date_to=DAY + timedelta(days=6)):
        Version = self.env["dental.shift.version"].with_user(user or self.user_registrar)
        return Version.create({"company_id": (company or self.company).id, "date_from": date_from, "date_to": date_to})

    def _plan(self, company=None, date_from=DAY, days=7):
        """The branch's shifts starting in the period, as comparable tuples."""
        shifts = self.env["dental.shift"].search(
            [
                ("company_id", "=", (company or self.company).id),
                ("start", ">=", self.at(0, day=date_from)),
                ("start", "<", self.at(0, day=date_from, days=days)),
            ]
        )
        return {(s.employee_id, s.chair_id, s.start, s.stop) for s in shifts}

    def test_save_and_restore_round_trip(self):
        saved_plan = self._plan()
        version = self._save()
        self.assertEqual(version.name, "Shifts 04.03.2030 – 10.03.2030")
        self.assertEqual(version.user_id, self.user_registrar)
        self.assertEqual(len(version.line_ids), 3, "the week's shifts, not the next week's")
        self.assertEqual(
            {(line.employee_id, line.chair_id, line.start, line.stop) for line in version.line_ids}, saved_plan
        )
        self.assertEqual(version.employee_ids, self.doctor | self.doctor_2)

        # The plan changes: a shift shortened, one deleted, one added; a newcomer gets a shift of their own.
        self.shift.stop = self.at(12)
        self.shift_2.unlink()
        Shift = self.env["dental.shift"]
        added = Shift.create(
            {
                "employee_id": self.doctor_2.id,
                "chair_id": self.chair_2.id,
                "start": self.at(9, days=2),
                "stop": self.at(15, days=2),
            }
        )
        newcomer_shift = Shift.create(
            {
                "employee_id": self.newcomer.id,
                "chair_id": self.chair_2.id,
                "start": self.at(9, days=3),
                "stop": self.at(15, days=3),
            }
        )
        self.assertNotEqual(
            self._plan(), saved_plan | {(self.newcomer, self.chair_2, self.at(9, days=3), self.at(15, days=3))}
        )

        result = version.with_user(self.user_registrar).action_restore()
        self.assertEqual(result["params"]["type"], "success")
        self.assertEqual(
            self._plan(),
            saved_plan | {(self.newcomer, self.chair_2, self.at(9, days=3), self.at(15, days=3))},
            "the version's doctors have their saved shifts back; the newcomer, absent from it, keeps theirs",
        )
        self.assertFalse(added.exists())
        self.assertTrue(newcomer_shift.exists())
        self.assertTrue(self.shift_next_week.exists(), "outside the period")
        self.assertEqual(len(version.line_ids), 3, "the version itself is kept")

    def test_restore_refused_where_an_appointment_would_lose_its_shift(self):
        version = self._save()
        self.shift.stop = self.at(18)
        late = self.book(self.at(16))  # the branch warns only: booked in the longer shift
        before = self._plan()
        with self.assertRaisesRegex(
            UserError, r"outside every shift(.|\n)*04\.03\.2030 16:00 Kuznetsov Ivan \(Dr\. Sergeev\)"
        ):
            version.with_user(self.user_registrar).action_restore()
        self.assertEqual(self._plan(), before, "nothing changed")
        self.assertEqual(self.shift.stop, self.at(18))
        # Within a saved shift or freed, an appointment does not hold the restore back.
        self.book(self.at(10))
        late.action_dental_cancel()
        version.with_user(self.user_registrar).action_restore()
        self.assertEqual(
            self.env["dental.shift"].search([("employee_id", "=", self.doctor.id), ("start", "=", self.at(9))]).stop,
            self.at(15),
        )

    def test_restore_refused_for_an_archived_doctor(self):
        version = self._save()
        self.shift_2.unlink()
        self.doctor_2.active = False
        before = self._plan()
        with self.assertRaisesRegex(UserError, "Dr. Orlova"):
            version.with_user(self.user_registrar).action_restore()
        self.assertEqual(self._plan(), before)
        self.doctor_2.active = True
        version.with_user(self.user_registrar).action_restore()
        self.assertEqual(len(self.env["dental.shift"].search([("employee_id", "=", self.doctor_2.id)])), 1)

    def test_restore_refused_where_it_would_overlap_a_newcomer(self):
        version = self._save()
        self.shift_2.unlink()
        self.env["dental.shift"].create(
            {"employee_id": self.newcomer.id, "chair_id": self.chair_2.id, "start": self.at(9), "stop": self.at(12)}
        )
        before = self._plan()
        with self.assertRaisesRegex(ValidationError, "overlap in the same chair"):
            version.with_user(self.user_registrar).action_restore()
        self.assertEqual(self._plan(), before, "nothing changed: the deletions were rolled back too")

    def test_closed_period_is_not_restored(self):
        version = self._save()
        self.shift.stop = self.at(12)
        self.company.dental_past_edit_until = DAY
        with self.assertRaisesRegex(UserError, "period until 04.03.2030 is closed"):
            version.with_user(self.user_registrar).action_restore()
        self.assertEqual(self.shift.stop, self.at(12))
        # Saving a closed period's plan changes nothing: allowed. A Director corrects a past period.
        self._save()
        version.with_user(self.user_director).action_restore()
        self.assertFalse(self.shift.exists())
        self.assertIn((self.doctor, self.chair_1, self.at(9), self.at(15)), self._plan())

    def test_empty_period_and_fixed_snapshot(self):
        with self.assertRaisesRegex(UserError, "no shifts in this period"):
            self._save(date_from=DAY + timedelta(days=20), date_to=DAY + timedelta(days=21))
        with self.assertRaisesRegex(ValidationError, "end of the period is before its start"):
            self._save(date_to=DAY - timedelta(days=1))
        version = self._save()
        registrar = version.with_user(self.user_registrar)
        registrar.write({"name": "Before the summer", "note": "Plan A"})
        self.assertEqual(version.name, "Before the summer")
        for vals in (
            {"date_to": DAY},
            {"company_id": self.branch_b.id},
            {"line_ids": [(5, 0, 0)]},
        ):
            with self.subTest(vals=vals), self.assertRaisesRegex(UserError, "keeps its branch, period and shifts"):
                registrar.write(vals)
        # lines sent by a client are ignored: the snapshot is the server's
        forged = (
            self.env["dental.shift.version"]
            .with_user(self.user_registrar)
            .create(
                {
                    "date_from": DAY,
                    "date_to": DAY,
                    "line_ids": [
                        (
                            0,
                            0,
                            {
                                "employee_id": self.doctor.id,
                                "chair_id": self.chair_2.id,
                                "start": self.at(0),
                                "stop": self.at(23),
                            },
                        )
                    ],
                }
            )
        )
        self.assertEqual(len(forged.line_ids), 2)
        self.assertNotIn(self.at(0), forged.line_ids.mapped("start"))
        with self.assertRaises(AccessError):
            self.env["dental.shift.version.line"].with_user(self.user_registrar).create(
                {
                    "version_id": version.id,
                    "employee_id": self.doctor.id,
                    "chair_id": self.chair_2.id,
                    "start": self.at(0),
                    "stop": self.at(1),
                }
            )
        with self.assertRaises(AccessError):
            version.line_ids[:1].with_user(self.user_registrar).write({"start": self.at(0)})

    def test_access_per_role(self):
        version = self._save()
        for role in ("assistant", "doctor", "coordinator"):
            user = getattr(self, f"user_{role}")
            with self.subTest(role=role):
                with self.assertRaises(AccessError):
                    self._save(user=user)
                with self.assertRaises(AccessError):
                    version.with_user(user).read(["name"])
                with self.assertRaises(AccessError):
                    version.with_user(user).action_restore()
        with self.assertRaises(AccessError):
            version.with_user(self.user_registrar).unlink()
        self.assertEqual(version.with_user(self.user_registrar).line_ids.employee_id, self.doctor | self.doctor_2)
        self._save(user=self.user_director).with_user(self.user_director).action_restore()
        version.with_user(self.user_director).unlink()
        self.assertFalse(version.exists())

    def test_branch_isolation(self):
        self.env["dental.shift"].create(
            {"employee_id": self.doctor_b.id, "chair_id": self.chair_b.id, "start": self.at(9), "stop": self.at(15)}
        )
        version = self._save()
        version_b = self._save(user=self.user_registrar_b, company=self.branch_b)
        self.assertEqual(version_b.line_ids.employee_id, self.doctor_b, "the branch's shifts only")
        self.assertEqual(version.line_ids.chair_id, self.chair_1 | self.chair_2)
        Version = self.env["dental.shift.version"]
        self.assertEqual(
            Version.with_user(self.user_registrar_b).search([("id", "in", (version | version_b).ids)]), version_b
        )
        self.assertFalse(
            self.env["dental.shift.version.line"]
            .with_user(self.user_registrar_b)
            .search([("version_id", "=", version.id)])
        )
        with self.assertRaises(AccessError):
            version.with_user(self.user_registrar_b).read(["name"])
        with self.assertRaises(AccessError):
            version.with_user(self.user_registrar_b).action_restore()
        with self.assertRaises(AccessError):
            self._save(user=self.user_registrar, company=self.branch_b)

    def test_save_as_version_from_the_shifts_action_menu(self):
        action = self.env.ref("dental_calendar.dental_shift_version_action_save")
        self.assertEqual(action.binding_model_id.model, "dental.shift")
        form = Form(
            self.env["dental.shift.version"].with_user(self.user_registrar),
            view="dental_calendar.dental_shift_version_view_form_save",
        )
        form.date_from = DAY
        form.date_to = DAY + timedelta(days=1)
        version = form.save()
        self.assertEqual(version.name, "Shifts 04.03.2030 – 05.03.2030")
        self.assertEqual(version.company_id, self.company)
        self.assertEqual(len(version.line_ids), 3)
