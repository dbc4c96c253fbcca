from datetime import timedelta
from unittest.mock import patch

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from odoo.addons.sms.tests.common import MockSMS

from ..models import dental_booking_request as booking_module
from .common import DAY, E164, PHONE, DentalPortalCommon


@tagged("post_install", "-at_install")
class TestBooking(DentalPortalCommon):
    """Online booking as the public user: SMS code, the patient found or created, limits, bad input."""

    def events(self):
        return self.env["calendar.event"].search([("chair_id", "=", self.chair_1.id)])

    def test_book_new_patient(self):
        request = self.Requests._dental_request(self.request_values(), "10.0.0.1")
        self.assertEqual(request.state, "pending")
        self.assertEqual(request.phone, E164)
        code = self.sent_code()
        self.assertNotIn(code, request.sudo().code_hash)  # stored hashed
        event = request._dental_confirm(code)
        self.assertEqual(event.booking_source, "online")
        # the registrars' schedule marks it
        self.assertTrue(self.env["dental.schedule"]._appointments_data(event)[0]["online"])
        self.assertEqual((event.start, event.stop), (self.at(10), self.at(10 + 2 / 3)))
        self.assertEqual(event.service_ids, self.service)
        self.assertEqual(event.patient_id.name, "Orlov Pavel")
        self.assertEqual(event.patient_id.mobile, E164)
        self.assertEqual(event.patient_id.company_id, self.company)
        self.assertEqual(request.state, "booked")
        self.assertFalse(request.sudo().code_hash)
        # the manage link went by SMS
        sms = self.env["sms.sms"].search([("number", "=", E164)], order="id desc", limit=1)
        self.assertIn(request._dental_manage_url(), sms.body)

    def test_existing_patient_is_reused(self):
        self.patient.write({"birth_date": "1980-01-02", "mobile": PHONE})
        values = self.request_values(last_name="KUZNETSOV", first_name="ivan", phone="+7 900 000-00-09")
        # another phone, the same name and birth date: the same card
        request = self.Requests._dental_request(dict(values, birth_date="1980-01-02"), "10.0.0.1")
        event = request._dental_confirm(self.sent_code("+79000000009"))
        self.assertEqual(event.patient_id, self.patient)
        # the same phone and name, no birth date: the same card too
        request = self.Requests._dental_request(
            self.request_values(self.at(11), last_name="Kuznetsov", first_name="Ivan"), "10.0.0.1"
        )
        self.assertEqual(request._dental_confirm(self.sent_code()).patient_id, self.patient)
        # a family member on the same phone: a card of their own
        request = self.Requests._dental_request(
            self.request_values(self.at(12), last_name="Kuznetsova", first_name="Anna"), "10.0.0.1"
        )
        self.assertNotEqual(request._dental_confirm(self.sent_code()).patient_id, self.patient)

    def test_wrong_code_attempts_and_expiry(self):
        request = self.Requests._dental_request(self.request_values(), "10.0.0.1")
        code = self.sent_code()
        wrong = "000000" if code != "000000" else "111111"
        for __ in range(4):
            with self.assertRaisesRegex(UserError, "code is wrong"):
                request._dental_confirm(wrong)
        with self.assertRaisesRegex(UserError, "too many times"):
            request._dental_confirm(wrong)
        self.assertEqual(request.state, "refused")
        with self.assertRaises(UserError):
            request._dental_confirm(code)  # refused: the right code no longer books
        self.assertFalse(self.events())
        request = self.Requests._dental_request(self.request_values(), "10.0.0.1")
        code = self.sent_code()
        request.code_expires = fields.Datetime.now() - timedelta(seconds=1)
        with self.assertRaisesRegex(UserError, "expired"):
            request._dental_confirm(code)
        self.assertFalse(self.events())

    def test_bad_input_books_nothing(self):
        cases = [
            ({"phone": "12"}, "phone number is not valid"),
            ({"service_id": self.service_offline.id}, "cannot be booked online"),
            ({"service_id": 999999}, "cannot be booked online"),
            ({"start": "2020-01-01 07:00:00"}, "already passed"),
            ({"start": "not a date"}, "Choose a time"),
            ({"start": self.at(10, days=1)}, "no longer free"),  # no shift that day
            ({"start": self.at(10 + 1 / 6)}, "no longer free"),  # off the grid
            ({"last_name": " "}, "last name"),
            ({"branch_id": self.branch_b.id}, "does not take online bookings"),
            ({"birth_date": "2999-01-01"}, "birth date"),
        ]
        requests = self.env["dental.booking.request"].search_count([])
        for values, message in cases:
            with self.subTest(values=values), self.assertRaisesRegex(UserError, message):
                self.Requests._dental_request(self.request_values(**values), "10.0.0.1")
        self.assertEqual(self.env["dental.booking.request"].search_count([]), requests)
        self.assertFalse(self.env["sms.sms"].search([("number", "=", E164)]))
        self.assertFalse(self.events())

    def test_phone_and_ip_limits(self):
        for hours in (9, 10, 11):
            self.Requests._dental_request(self.request_values(self.at(hours)), "10.0.0.1")
        with self.assertRaisesRegex(UserError, "Too many codes"):
            self.Requests._dental_request(self.request_values(self.at(12)), "10.0.0.2")
        self.env["ir.config_parameter"].set_param("dental_portal.ip_per_hour", "4")
        self.Requests._dental_request(self.request_values(self.at(12), phone="+7 916 555-00-12"), "10.0.0.1")
        with self.assertRaisesRegex(UserError, "from your network"):
            self.Requests._dental_request(self.request_values(self.at(13), phone="+7 916 555-00-13"), "10.0.0.1")
        # older requests no longer count
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE dental_booking_request SET create_date = now() at time zone 'UTC' - interval '2 hours'"
        )
        self.Requests._dental_request(self.request_values(self.at(13), phone="+7 916 555-00-13"), "10.0.0.1")

    def test_registrar_took_the_slot_meanwhile(self):
        request = self.Requests._dental_request(self.request_values(), "10.0.0.1")
        code = self.sent_code()
        self.book(self.at(10), self.at(10 + 2 / 3), patient=self.patient_2, env=self.env(user=self.user_registrar))
        patients = self.env["dental.patient"].search_count([])
        with self.assertRaisesRegex(UserError, "no longer free"):
            request._dental_confirm(code)
        self.assertEqual(request.state, "refused")
        self.assertEqual(len(self.events()), 1)
        self.assertEqual(self.env["dental.patient"].search_count([]), patients)  # no card left behind

    def test_database_refuses_when_the_check_is_passed(self):
        """The schedule's create (and its exclusion constraint) decides, not the slot check alone."""
        request = self.Requests._dental_request(self.request_values(), "10.0.0.1")
        code = self.sent_code()
        self.book(self.at(10), self.at(10 + 2 / 3), patient=self.patient_2)
        slot = {"start": self.at(10), "stop": self.at(10 + 2 / 3), "chair_id": self.chair_1.id}
        with (
            patch.object(type(self.env["dental.booking.request"]), "_dental_free_slot", return_value=slot),
            self.assertRaisesRegex(ValidationError, "already booked"),
        ):
            request._dental_confirm(code)
        self.assertEqual(len(self.events()), 1)
        self.assertEqual(request.state, "refused")

    def test_reschedule_onto_a_slot_overlapping_its_own(self):
        """10:00-10:40 moved to 10:20-11:00 and back: the visit's own time is not busy for its move."""
        request = self.Requests._dental_request(self.request_values(), "10.0.0.1")
        event = request._dental_confirm(self.sent_code())
        booking = self.Requests._dental_by_token(request.sudo().access_token, ["booked"])
        later = self.at(10 + 1 / 3)
        # a new booking cannot take 10:20 (the visit holds the doctor and the chair); the visit's move can
        starts = [s["start"] for s in self.Requests._dental_slots(self.company, self.service, self.doctor, DAY, DAY)]
        self.assertNotIn(later, starts)
        moving = self.Requests._dental_slots(self.company, self.service, self.doctor, DAY, DAY, exclude_event=event)
        self.assertIn(later, [s["start"] for s in moving])
        self.assertEqual(booking._dental_reschedule(later), event)
        self.assertEqual((event.start, event.stop, event.dental_state), (later, self.at(11), "scheduled"))
        self.assertEqual(len(self.events()), 1)  # moved, not copied
        self.assertEqual((request.start, request.stop), (later, self.at(11)))
        booking._dental_reschedule(self.at(10))
        self.assertEqual((event.start, event.stop), (self.at(10), self.at(10 + 2 / 3)))
        # another patient's visit still makes an overlapping slot busy for the move
        self.book(self.at(11), self.at(11 + 2 / 3), patient=self.patient_2)
        with self.assertRaisesRegex(UserError, "no longer free"):
            booking._dental_reschedule(self.at(10 + 2 / 3))
        self.assertEqual(event.start, self.at(10))

    def test_cancel_and_reschedule_by_token(self):
        request = self.Requests._dental_request(self.request_values(), "10.0.0.1")
        request._dental_confirm(self.sent_code())
        with self.assertRaises(UserError):
            self.Requests._dental_by_token("guess", ["booked"])
        booking = self.Requests._dental_by_token(request.sudo().access_token, ["booked"])
        event = booking._dental_reschedule(self.at(13))
        self.assertEqual((event.start, event.chair_id), (self.at(13), self.chair_1))
        with self.assertRaisesRegex(UserError, "no longer free"):
            self.book(self.at(11), self.at(11 + 2 / 3), patient=self.patient_2)
            booking._dental_reschedule(self.at(11))
        booking._dental_cancel()
        self.assertEqual(event.dental_state, "cancelled")
        with self.assertRaisesRegex(UserError, "no longer be changed"):
            booking._dental_cancel()

    def test_token_compared_in_constant_time(self):
        """A booking link's token is found by its first characters and compared whole in constant time: the
        database never compares the secret (no SQL equality on it); a token differing in its secret part, cut
        short, lengthened or not text is refused; the right one works (the manage link of the visitor)."""
        request = self.Requests._dental_request(self.request_values(), "10.0.0.1")
        request._dental_confirm(self.sent_code())
        token = request.sudo().access_token
        self.assertEqual(request.sudo().access_selector, token[:12])
        flipped = token[:-1] + ("A" if token[-1] != "A" else "B")
        for wrong in (flipped, token[:12], token[:-1], token + "x", token[:12] + "x" * 31, "", None, 42, [token]):
            with self.subTest(wrong=wrong), self.assertRaisesRegex(UserError, "not valid"):
                self.Requests._dental_by_token(wrong, ["booked"])
        Cursor = type(self.env.cr)
        execute = Cursor.execute
        with (
            patch.object(Cursor, "execute", autospec=True, side_effect=execute) as executed,
            patch.object(booking_module.webhook, "secret_ok", wraps=booking_module.webhook.secret_ok) as compared,
        ):
            self.assertEqual(self.Requests._dental_by_token(token, ["booked"]), request)
            with self.assertRaises(UserError):
                self.Requests._dental_by_token(flipped, ["booked"])
        compared.assert_any_call(token, token)
        compared.assert_any_call(token, flipped)
        for call in executed.call_args_list:
            self.assertNotIn(token[12:], str(call.args[1:]) + str(call.kwargs))
            self.assertNotIn(flipped[12:], str(call.args[1:]) + str(call.kwargs))


@tagged("post_install", "-at_install")
class TestBookingSms(DentalPortalCommon, MockSMS):
    """The booking's SMS hold secrets: only administrators read them while queued, and the stored message keeps
    neither the code nor the manage link once it has left."""

    def test_code_and_link_are_not_kept_after_sending(self):
        request = self.Requests._dental_request(self.request_values(), "10.0.0.1")
        code = self.sent_code()
        Sms = self.env["sms.sms"].sudo()
        code_sms = Sms.search([("number", "=", E164)], order="id desc", limit=1)
        self.assertEqual(code_sms.state, "outgoing")
        self.assertFalse(code_sms.dental_account_id)  # Odoo's IAP path in this branch
        # queued: no role below the administrators reads it
        users = (self.user_registrar, self.user_doctor, self.user_coordinator, self.user_director, self.public.user)
        for user in users:
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                code_sms.with_user(user).read(["body"])
        with self.mockSMSGateway():
            code_sms.send()
        self.assertIn(code, self._sms[-1]["body"])  # the phone got the code
        self.assertEqual(code_sms.state, "pending")
        self.assertNotIn(code, code_sms.body)
        self.assertTrue(code_sms.body.startswith("****** is your code to book"))
        self.assertFalse(code_sms.dental_masked_body)
        # the manage link's message, left through a gateway (dental_sms keeps it for its delivery status)
        request._dental_confirm(code)
        token = request.sudo().access_token
        link_sms = Sms.search([("number", "=", E164)], order="id desc", limit=1)
        self.assertIn(token, link_sms.body)
        link_sms._dental_set_state("pending")
        self.assertNotIn(token, link_sms.body)
        self.assertIn("/booking/manage/******", link_sms.body)
