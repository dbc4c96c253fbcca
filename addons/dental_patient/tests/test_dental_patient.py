from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common import DentalPatientCommon


@tagged("post_install", "-at_install")
class TestDentalPatient(DentalPatientCommon):
    def test_card_has_no_money_of_its_own(self):
        # the money (dental_cash) and the visit count (dental_calendar) come with their addons: no empty group here
        arch = self.env.ref("dental_patient.dental_patient_view_form").arch_db
        for name in ("kpi_money", "kpi_invoiced", "kpi_paid", "kpi_debt", "kpi_visit_count"):
            self.assertNotIn(f'name="{name}"', arch)
        self.assertFalse(self.env.ref("dental_patient.field_dental_patient__kpi_debt", raise_if_not_found=False))

    def test_card_and_settings_in_the_clinics_words(self):
        # labels a Russian front desk read as foreign (issue 15): the card's identity page and its numbers, the
        # document series, the settings block of the schedule, the visit status
        self.env["res.lang"]._activate_lang("ru_RU")
        Patient = self.env["dental.patient"].with_context(lang="ru_RU")
        card = Patient.get_views([(False, "form")])["views"]["form"]["arch"]
        for word in ("Личные данные", "Номера и полисы"):
            self.assertIn(word, card)
        for word in ("Айдентика", "Числа"):
            self.assertNotIn(word, card)
        self.assertEqual(Patient._fields["id_document_series"].get_description(Patient.env)["string"], "Серия")
        patients = Patient.get_views([(False, "list")])["views"]["list"]["arch"]
        self.assertIn('name="name" string="ФИО"', patients, "a person's name, not a thing's")
        statuses = dict(Patient._fields["visit_status"]._description_selection(Patient.env))
        self.assertEqual(statuses, {"primary": "Первичный", "secondary": "Повторный"})
        settings = self.env["res.config.settings"].with_context(lang="ru_RU").get_views([(False, "form")])
        self.assertNotIn("Запланировать встречу", settings["views"]["form"]["arch"])
        for word in ("Расписание", "Пределы справочников", "строк"):
            self.assertIn(word, settings["views"]["form"]["arch"])

    def test_name_composed_from_parts(self):
        self.assertEqual(self.patient.name, "Kuznetsov Ivan Petrovich")
        self.assertEqual(self.patient.partner_id.name, "Kuznetsov Ivan Petrovich")
        self.patient.first_name = "Pavel"
        self.assertEqual(self.patient.partner_id.name, "Kuznetsov Pavel Petrovich")

    def test_name_create_splits_the_name(self):
        patient_id, _name = self.env["dental.patient"].name_create("Sidorova Olga Nikolaevna")
        patient = self.env["dental.patient"].browse(patient_id)
        self.assertEqual(
            (patient.last_name, patient.first_name, patient.patronymic), ("Sidorova", "Olga", "Nikolaevna")
        )

    def test_name_required(self):
        with self.assertRaises(UserError):
            self.env["dental.patient"].create({"birth_date": "2000-01-01"})
        with self.assertRaises(UserError):
            self.patient.write({"last_name": False, "first_name": False, "patronymic": False})

    def test_card_numbers_sequential_per_branch(self):
        Patient = self.env["dental.patient"]
        first, second = Patient.create(
            [{"last_name": "A", "first_name": "One"}, {"last_name": "B", "first_name": "Two"}]
        )
        self.assertEqual(int(second.card_number), int(first.card_number) + 1)
        other_1 = Patient.create({"last_name": "C", "first_name": "Three", "company_id": self.branch_b.id})
        other_2 = Patient.create({"last_name": "D", "first_name": "Four", "company_id": self.branch_b.id})
        self.assertEqual(other_1.card_number, "000001", "a new branch starts its own numbering")
        self.assertEqual(other_2.card_number, "000002")

    def test_partner_is_a_person_in_the_patient_branch(self):
        partner = self.patient.partner_id
        self.assertFalse(partner.is_company)
        self.assertEqual(partner.company_id, self.company)
        self.patient.company_id = self.branch_b
        self.assertEqual(partner.company_id, self.branch_b)

    @freeze_time("2026-06-15 12:00:00")  # "tomorrow" of the test and of the check are one day, even near midnight
    def test_birth_date_in_future_refused(self):
        with self.assertRaises(ValidationError):
            self.patient.birth_date = fields.Date.context_today(self.patient) + timedelta(days=1)

    @freeze_time("2026-06-15")
    def test_birth_date_precision_and_text(self):
        patient = self.patient
        patient.birth_date_text = "03.04.1985"
        self.assertEqual((patient.birth_date, patient.birth_date_precision), (date(1985, 4, 3), "full"))
        self.assertEqual(patient.age, 41)
        patient.birth_date_text = "07.09"
        self.assertEqual(patient.birth_date_precision, "day_month")
        self.assertEqual((patient.birth_date.day, patient.birth_date.month), (7, 9))
        self.assertEqual(patient.age, 0, "the age is unknown without the year")
        self.assertEqual(patient.birth_date_text, "07.09")
        patient.birth_date_text = "2010"
        self.assertEqual((patient.birth_date_precision, patient.age, patient.is_minor), ("year", 16, True))
        with self.assertRaises(ValidationError):
            patient.birth_date_text = "31.02.2001"
        with self.assertRaises(ValidationError):
            patient.birth_date_text = "yesterday"

    def test_phones_are_stored_in_e164(self):
        patient = self.env["dental.patient"].create(
            {"last_name": "Phone", "first_name": "Test", "mobile": "8 (903) 555-12-34", "phone": "+7 495 123 45 67"}
        )
        self.assertEqual(patient.mobile, "+79035551234")
        self.assertEqual(patient.phone, "+74951234567")
        patient.write({"mobile": "9161112233"})
        self.assertEqual(patient.mobile, "+79161112233")
        patient.phone_ids = [(0, 0, {"number": "8-926-777-01-02", "kind": "relative"})]
        self.assertEqual(patient.phone_ids.number, "+79267770102")

    def test_phone_region_from_the_branch(self):
        self.company.dental_phone_country_id = self.env.ref("base.se")
        patient = self.env["dental.patient"].create(
            {"last_name": "Svensson", "first_name": "Anna", "mobile": "070-123 45 67"}
        )
        self.assertEqual(patient.mobile, "+46701234567")

    def test_invalid_phone_refused_naming_the_field(self):
        with self.assertRaises(ValidationError) as error:
            self.env["dental.patient"].create({"last_name": "Bad", "first_name": "Phone", "mobile": "12"})
        self.assertIn("Mobile", str(error.exception))
        with self.assertRaises(ValidationError):
            self.patient.phone_ids = [(0, 0, {"number": "abc"})]
        self.assertEqual(self.patient.mobile, "+79160000001")

    def test_search_by_phone_in_any_format(self):
        Patient = self.env["dental.patient"]
        self.patient.phone_ids = [(0, 0, {"number": "+7 926 123-00-99"})]
        for typed in ("8 916 000-00-01", "+7(916)000", "000-00-01", "916000", "926 123 00"):
            self.assertIn(self.patient, Patient.search([("any_phone", "ilike", typed)]), typed)
        self.assertNotIn(self.patient, Patient.search([("any_phone", "ilike", "903 555")]))
        self.assertFalse(Patient.search([("any_phone", "ilike", "no digits")]))
        self.assertFalse(Patient.search([("any_phone", "ilike", "a916000")]), "letters: not a phone")
        found = Patient.name_search("916 000 00 01")
        self.assertEqual([row[0] for row in found], [self.patient.id])

    def test_search_by_a_fragment_typed_with_the_trunk_prefix(self):
        # "8 916 000" is how a Russian registrar types the start of +7 916 000...: the list's search box and the
        # autocomplete find it, and a fragment with those digits inside a number is still found
        Patient = self.env["dental.patient"]
        landline = Patient.create({"last_name": "Land", "first_name": "Line", "phone": "+7 495 891 60 00"})
        for typed in ("8 916 000", "8916", "8 (916) 000-00"):
            self.assertIn(self.patient, Patient.search([("any_phone", "ilike", typed)]), typed)
        self.assertIn(landline, Patient.search([("any_phone", "ilike", "8 916 00")]), "digits inside a number")
        self.assertNotIn(self.patient, Patient.search([("any_phone", "ilike", "8 903")]))
        self.assertIn(self.patient.id, [pid for pid, _n in Patient.name_search("8 916 000")])
        search_box = self._search_box_domain("8 916 000")
        self.assertIn(self.patient, Patient.search(search_box, limit=80, order=Patient._order))

    def test_search_by_a_name_typed_first_name_first(self):
        Patient = self.env["dental.patient"]
        other = Patient.create({"last_name": "Ivanova", "first_name": "Olga"})
        for typed in ("Ivan Kuznetsov", "ivan kuznets", "Petrovich Kuznetsov", "Kuznetsov Ivan"):
            found = Patient.search([("search_name", "ilike", typed)])
            self.assertIn(self.patient, found, typed)
            self.assertNotIn(other, found, typed)
            self.assertEqual([pid for pid, _n in Patient.name_search(typed)], [self.patient.id], typed)
            page = Patient.search(self._search_box_domain(typed), limit=80, order=Patient._order)
            self.assertEqual(page, self.patient, typed)
        self.assertFalse(Patient.search([("search_name", "ilike", "Ivan Sidorov")]), "every word must match")

    def _search_box_domain(self, typed):
        """The domain the Patients list's search box ("Patient") makes of ``typed``."""
        return [
            "|",
            "|",
            ("search_name", "ilike", typed),
            ("card_number", "=ilike", typed),
            ("any_phone", "ilike", typed),
        ]

    def test_search_by_card_number_document_and_name_fragment(self):
        Patient = self.env["dental.patient"]
        self.patient.write({"id_document_series": "4519", "id_document_number": "918273"})
        self.assertIn(self.patient, Patient.search([("name", "ilike", "uznets")]))
        self.assertIn(self.patient, Patient.search([("name", "ilike", "Ivan Petr")]))
        self.assertIn(self.patient.id, [pid for pid, _n in Patient.name_search(self.patient.card_number)])
        self.assertEqual(Patient.search([("id_document_number", "ilike", "918273")]), self.patient)

    def test_name_fragment_search_pages_keep_the_list_order(self):
        Patient = self.env["dental.patient"]
        names = [("Zorina", "Anna"), ("Abramova", "Olga"), ("Abramova", "Anna"), ("Kabramov", "Ivan")]
        patients = Patient.create([{"last_name": last, "first_name": first} for last, first in names])
        domain = [("search_name", "ilike", "bramov"), ("id", "in", patients.ids)]
        self.assertTrue(Patient._dental_is_name_fragment_search(domain))
        page = Patient.search(domain, limit=2, order=Patient._order)
        self.assertEqual(page.mapped("search_name"), ["Abramova Anna", "Abramova Olga"])
        everything = Patient.search(domain, order=Patient._order)
        self.assertEqual(everything.mapped("last_name"), ["Abramova", "Abramova", "Kabramov"])
        # the autocomplete takes the same path
        [(first_id, _name)] = Patient.name_search("bramov", [("id", "in", patients.ids)], limit=1)
        self.assertEqual(first_id, everything[0].id)

    def test_duplicates_by_phone_or_name_and_birth_date(self):
        Patient = self.env["dental.patient"]
        form = Form(Patient)
        form.last_name = "Other"
        form.first_name = "Person"
        form.mobile = "8 916 000 00 01"  # the same number as self.patient, typed differently
        self.assertEqual(form.duplicate_count, 1)
        form.mobile = "+7 916 999 99 99"
        self.assertEqual(form.duplicate_count, 0)
        form.last_name, form.first_name, form.patronymic = "kuznetsov", "Ivan", "Petrovich"
        form.birth_date = date(1990, 5, 17)
        self.assertEqual(form.duplicate_count, 1, "same full name and birth date, case-insensitive")
        self.assertEqual(self.patient.duplicate_count, 0, "a patient is not its own duplicate")
        duplicate = form.save()
        action = duplicate.action_open_duplicates()
        self.assertEqual(action["res_id"], self.patient.id)

    def test_identifier_checked_when_the_field_is_left(self):
        # the form warns as soon as the number is typed (onchange), in the user's language; saving still refuses
        self.env["res.lang"]._activate_lang("ru_RU")
        form = Form(self.env["dental.patient"].with_context(lang="ru_RU"))
        form.last_name, form.first_name = "Orlova", "Anna"
        with self.assertLogs("odoo.tests.form", level="WARNING") as logs:
            form.snils = "123-456-789 01"
        self.assertIn("неверное контрольное число", logs.output[0])
        self.assertNotIn("wrong check number", logs.output[0])
        with self.assertRaises(ValidationError):
            form.save()
        form.snils = "112-233-445 95"
        form.id_document_type = "passport_ru"
        with self.assertLogs("odoo.tests.form", level="WARNING") as logs:
            form.id_document_number = "12345"
        self.assertIn("4", logs.output[0])
        form.id_document_series, form.id_document_number = "4512", "345678"
        self.assertEqual(form.save().snils, "112-233-445 95")

    def test_identifier_errors_in_the_users_language(self):
        self.env["res.lang"]._activate_lang("ru_RU")
        patient = self.patient.with_context(lang="ru_RU")
        cases = {"snils": "123-456-789 01", "inn": "123456789037", "oms_policy": "1234567890123456"}
        for fname, value in cases.items():
            with self.subTest(fname=fname), self.assertRaises(ValidationError) as refused:
                patient.write({fname: value})
            message = str(refused.exception)
            self.assertRegex(message, "[а-я]+.*: [а-я ]+\\.$", message)
            self.assertNotRegex(message.split(":")[-1], "[a-z]", "the reason is translated too")

    def test_duplicate_warning_names_the_match_and_saves_nothing(self):
        # the card's warning (widget dental_duplicate_warning) reads the match's name, birth date and phone from
        # the onchange of the unsaved card: no patient is created to show it
        Patient = self.env["dental.patient"]
        count = Patient.search_count([])
        form = Form(Patient)
        form.last_name, form.first_name = "Other", "Person"
        form.mobile = "8 916 000 00 01"
        self.assertEqual(len(form.duplicate_ids), 1)
        match = form.duplicate_ids[0]
        self.assertEqual(match, self.patient)
        self.assertEqual(
            (match.display_name, match.birth_date_text, match.mobile),
            ("Kuznetsov Ivan Petrovich", "17.05.1990", "+79160000001"),
        )
        self.assertEqual(Patient.search_count([]), count, "nothing saved to show the warning")
        # no button of type object (which saves the card before it runs) in the warning
        arch = self.env.ref("dental_patient.dental_patient_view_form").arch_db
        self.assertIn('name="duplicate_ids" widget="dental_duplicate_warning"', arch)
        self.assertNotIn('name="action_open_duplicates"', arch)

    def test_duplicates_by_both_criteria_under_the_branch_rules(self):
        Patient = self.env["dental.patient"]
        same_name = Patient.create(
            {"last_name": "Kuznetsov", "first_name": "Ivan", "patronymic": "Petrovich", "birth_date": "1990-05-17"}
        )
        same_phone_b = Patient.create(
            {"last_name": "Other", "first_name": "Branch", "mobile": "+7 916 000 00 01", "company_id": self.branch_b.id}
        )
        self.patient.invalidate_recordset(["duplicate_ids", "duplicate_count"])
        self.assertEqual(self.patient.duplicate_ids, same_name | same_phone_b, "the phone's and the name's matches")
        # a registrar of the first branch only: the other branch's patient is not offered as a duplicate
        self.user_registrar.write({"company_ids": [(6, 0, self.company.ids)], "company_id": self.company.id})
        as_registrar = self.patient.with_user(self.user_registrar).with_context(allowed_company_ids=self.company.ids)
        self.patient.invalidate_recordset(["duplicate_ids", "duplicate_count"])
        self.assertEqual(as_registrar.duplicate_ids, same_name)
        self.assertEqual(as_registrar.duplicate_count, 1)

    def test_employee_display_name_reads_the_name_only(self):
        doctor = self.env["hr.employee"].create({"name": "Dr. Lebedeva", "job_title": "Surgeon"})
        job_title = doctor._fields["job_title"]
        self.env.invalidate_all()
        with self.assertQueryCount(1):
            self.assertEqual(doctor.display_name, "Dr. Lebedeva")
        self.assertFalse(self.env.cache.contains(doctor, job_title), "the other columns are not prefetched")
        # a clinic user without access to employees reads the public profile: the same name, the name alone
        self.assertFalse(self.user_registrar.has_group("hr.group_hr_user"))
        self.env.invalidate_all()
        self.assertEqual(doctor.with_user(self.user_registrar).display_name, "Dr. Lebedeva")
        public = self.env["hr.employee.public"].browse(doctor.id)
        self.assertFalse(self.env.cache.contains(public, public._fields["job_title"]))

    @freeze_time("2026-06-15")
    def test_visit_status_follows_the_branch_period(self):
        Patient = self.env["dental.patient"]
        self.company.dental_primary_period_months = 12
        self.assertEqual(self.patient.visit_status, "primary", "never visited")
        # the search agrees with the field for a patient never treated (no last visit at all)
        self.assertIn(self.patient, Patient.search([("visit_status", "=", "primary")]))
        self.assertIn(self.patient, Patient.search([("visit_status", "!=", "secondary")]))
        self.assertNotIn(self.patient, Patient.search([("visit_status", "=", "secondary")]))
        self.patient.last_visit_date = date(2026, 1, 10)
        self.patient.invalidate_recordset(["visit_status"])
        self.assertEqual(self.patient.visit_status, "secondary")
        self.assertIn(self.patient, Patient.search([("visit_status", "=", "secondary")]))
        self.assertNotIn(self.patient, Patient.search([("visit_status", "=", "primary")]))
        self.company.dental_primary_period_months = 3
        self.patient.invalidate_recordset(["visit_status"])
        self.assertEqual(self.patient.visit_status, "primary", "primary again after 3 months without visits")
        self.assertIn(self.patient, Patient.search([("visit_status", "=", "primary")]))
        self.assertIn(self.patient, Patient.search([("visit_status", "!=", "secondary")]))

    @freeze_time("2026-06-15")
    def test_configurable_statuses(self):
        Status = self.env["dental.patient.status"]
        Status.search([]).active = False  # only this test's statuses
        vip = Status.create({"name": "VIP", "condition": "manual"})
        lost = Status.create({"name": "Lost", "condition": "no_visit_months", "months": 6})
        kids = Status.create({"name": "Child", "condition": "age_range", "age_min": 0, "age_max": 17})
        june = Status.create({"name": "Birthday", "condition": "birthday_month"})
        group = self.env["dental.patient.group"].create({"name": "Ortho"})
        ortho = Status.create({"name": "Ortho", "condition": "group", "group_id": group.id})
        child = self.env["dental.patient"].create(
            {"last_name": "Small", "first_name": "Kid", "birth_date": "2015-06-01", "group_id": group.id}
        )
        self.patient.write({"manual_status_ids": [(4, vip.id)], "last_visit_date": "2026-05-01"})
        self.assertEqual(self.patient.status_ids, vip)
        self.assertEqual(child.status_ids, kids | june | ortho, "never visited: new, not long absent")
        self.assertNotIn(child, self.env["dental.patient"].search(lost._get_condition_domain()))
        self.patient.last_visit_date = "2025-01-01"
        self.patient.invalidate_recordset(["status_ids"])
        self.assertEqual(self.patient.status_ids, vip | lost)

    def test_consents_drive_the_native_blacklists(self):
        patient = self.patient
        patient.email = "ivan@example.com"
        patient.sms_consent = False
        self.assertTrue(self.env["phone.blacklist"].search([("number", "=", "+79160000001")]))
        patient.partner_id.invalidate_recordset()
        self.assertTrue(patient.partner_id.phone_sanitized_blacklisted)
        patient.email_consent = False
        self.assertTrue(patient.partner_id.is_blacklisted)
        patient.write({"sms_consent": True, "email_consent": True})
        patient.partner_id.invalidate_recordset()
        self.assertFalse(patient.partner_id.phone_sanitized_blacklisted)
        self.assertFalse(patient.partner_id.is_blacklisted)

    def test_family_create_join_leave(self):
        self.patient.action_create_family()
        family = self.patient.family_id
        self.assertTrue(family)
        self.assertIn("Kuznetsov", family.name)
        wife = self.env["dental.patient"].create({"last_name": "Kuznetsova", "first_name": "Olga"})
        family.member_ids = [(4, wife.id)]
        self.assertEqual(wife.family_id, family)
        self.assertEqual(family.member_count, 2)
        self.assertEqual(self.patient.family_member_ids, self.patient | wife)
        self.assertEqual(self.env["dental.family"].search([("member_ids", "in", wife.ids)]), family)
        wife.action_leave_family()
        family.invalidate_recordset()
        self.assertEqual(family.member_ids, self.patient)
        family.member_ids = [(3, self.patient.id)]
        self.assertFalse(self.patient.family_id)

    def test_family_of_another_branch_refused(self):
        family = self.env["dental.family"].create({"name": "Elsewhere", "company_id": self.branch_b.id})
        with self.assertRaises(ValidationError):
            self.patient.family_id = family

    def test_marketing_channel_required_by_setting(self):
        self.company.dental_channel_required = True
        with self.assertRaises(ValidationError):
            self.env["dental.patient"].create({"last_name": "No", "first_name": "Channel"})
        source = self.env["utm.source"].create({"name": "Instagram"})
        patient = self.env["dental.patient"].create(
            {"last_name": "With", "first_name": "Channel", "source_id": source.id}
        )
        self.assertEqual(patient.source_id, source)

    def test_delete_refused_with_history_partner_removed_without(self):
        self.patient.last_visit_date = date.today() - relativedelta(days=3)
        with self.assertRaises(UserError):
            self.patient.unlink()
        self.assertTrue(self.patient.exists())
        mistake = self.env["dental.patient"].create({"last_name": "Typo", "first_name": "Entry"})
        partner = mistake.partner_id
        mistake.unlink()
        self.assertFalse(partner.exists())

    def test_archive_and_restore(self):
        self.patient.action_archive()
        self.assertNotIn(self.patient, self.env["dental.patient"].search([]))
        self.patient.action_unarchive()
        self.assertIn(self.patient, self.env["dental.patient"].search([]))

    def test_show_archived_setting(self):
        self.assertNotIn("active_test", str(self.env["dental.patient"].action_open_patients().get("context")))
        self.company.dental_show_archived = True
        self.assertEqual(self.env["dental.patient"].action_open_patients()["context"], {"active_test": False})

    def test_activate_account_opens_the_portal_wizard(self):
        with self.assertRaises(UserError):
            self.patient.action_grant_portal()
        self.patient.email = "ivan@example.com"
        action = self.patient.action_grant_portal()
        wizard = self.env["portal.wizard"].browse(action["res_id"])
        self.assertEqual(wizard.partner_ids, self.patient.partner_id)
        wizard.user_ids.action_grant_access()
        self.assertTrue(self.patient.partner_id.user_ids._is_portal())

    def test_form_creates_patient(self):
        form = Form(self.env["dental.patient"])
        form.last_name = "Orlova"
        form.first_name = "Daria"
        patient = form.save()
        self.assertEqual(patient.name, "Orlova Daria")

    def test_new_branch_sequence_continues_after_existing_cards(self):
        Patient = self.env["dental.patient"]
        branch = self.env["res.company"].create({"name": "Branch C"})
        Patient.create({"last_name": "Old", "first_name": "Card", "company_id": branch.id, "card_number": "000120"})
        fresh = Patient.create({"last_name": "New", "first_name": "Card", "company_id": branch.id})
        self.assertEqual(fresh.card_number, "000121")
