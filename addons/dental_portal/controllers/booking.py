from odoo import _, fields, http
from odoo.exceptions import UserError, ValidationError
from odoo.http import request

from odoo.addons.dental_patient.tools.localtime import utc_to_local


def _answer(call):
    """Run ``call``; a refused input becomes ``{"error": message}`` (the transaction still commits what the
    refusal records: a wrong code's attempt, an expired request)."""
    try:
        return call()
    except (UserError, ValidationError) as error:
        return {"error": error.args[0]}


class DentalBooking(http.Controller):
    """The online booking page and its JSON slot API (docs/booking_api.md), public.

    Every answer comes from ``dental.booking.request``'s methods, which read the clinic's public timetable
    as the system and never return anything about patients; the booking itself is ``calendar.event``'s
    create, so the schedule's checks and the database's exclusion constraints apply to it.
    """

    def _requests(self):
        return request.env["dental.booking.request"]

    # ------------------------------------------------------------------ pages

    @http.route("/booking", type="http", auth="public", website=True, sitemap=True)
    def booking_page(self, **kw):
        return request.render("dental_portal.booking_page", {"manage_token": False})

    @http.route("/booking/manage/<string:token>", type="http", auth="public", website=True, sitemap=False)
    def booking_manage_page(self, token, **kw):
        return request.render("dental_portal.booking_page", {"manage_token": token})

    # ------------------------------------------------------------------ slot API

    @http.route("/booking/api/branches", type="json", auth="public", website=True, csrf=False)
    def api_branches(self):
        return [{"id": c.id, "name": c.name} for c in self._requests()._dental_branches()]

    @http.route("/booking/api/services", type="json", auth="public", website=True, csrf=False)
    def api_services(self, branch_id):
        def call():
            Requests = self._requests()
            company = Requests._dental_branch(branch_id)
            return [
                {"id": s.id, "name": s.name, "minutes": Requests._dental_minutes(company, s)}
                for s in Requests._dental_services(company)
            ]

        return _answer(call)

    @http.route("/booking/api/doctors", type="json", auth="public", website=True, csrf=False)
    def api_doctors(self, branch_id, service_id=None):
        def call():
            Requests = self._requests()
            company = Requests._dental_branch(branch_id)
            service = Requests._dental_service(company, service_id) if service_id else None
            return [
                {"id": e.id, "name": e.name, "job": e.job_id.name or ""}
                for e in Requests._dental_doctors(company, service)
            ]

        return _answer(call)

    @http.route("/booking/api/slots", type="json", auth="public", website=True, csrf=False)
    def api_slots(self, branch_id, service_id, doctor_id=None, date_from=None, date_to=None, token=None):
        def call():
            Requests = self._requests()
            company = Requests._dental_branch(branch_id)
            service = Requests._dental_service(company, service_id)
            doctor = Requests._dental_doctor(company, service, doctor_id) if doctor_id else None
            # a booking being moved (its manage token): its own appointment's time is free for it
            moved = Requests._dental_by_token(token, ["booked"]).event_id if token else None
            slots = Requests._dental_slots(company, service, doctor, date_from, date_to, exclude_event=moved)
            return Requests._dental_slot_data(company, slots)

        return _answer(call)

    # ------------------------------------------------------------------ booking

    @http.route("/booking/api/request", type="json", auth="public", website=True, csrf=False)
    def api_request(self, **values):
        def call():
            booking = self._requests()._dental_request(values, request.httprequest.remote_addr)
            return {"token": booking.access_token, "phone": booking.phone}

        return _answer(call)

    @http.route("/booking/api/confirm", type="json", auth="public", website=True, csrf=False)
    def api_confirm(self, token, code):
        def call():
            booking = self._requests()._dental_by_token(token)
            booking._dental_confirm(code)
            return self._booking_data(booking)

        return _answer(call)

    @http.route("/booking/api/manage", type="json", auth="public", website=True, csrf=False)
    def api_manage(self, token):
        return _answer(lambda: self._booking_data(self._requests()._dental_by_token(token, ["booked"])))

    @http.route("/booking/api/cancel", type="json", auth="public", website=True, csrf=False)
    def api_cancel(self, token):
        def call():
            booking = self._requests()._dental_by_token(token, ["booked"])
            booking._dental_cancel()
            return self._booking_data(booking)

        return _answer(call)

    @http.route("/booking/api/reschedule", type="json", auth="public", website=True, csrf=False)
    def api_reschedule(self, token, start, doctor_id=None):
        def call():
            booking = self._requests()._dental_by_token(token, ["booked"])
            booking._dental_reschedule(start, doctor_id)
            return self._booking_data(booking)

        return _answer(call)

    def _booking_data(self, booking):
        event = booking.event_id.sudo()
        tz = booking.company_id._dental_tz()
        states = dict(event._fields["dental_state"]._description_selection(request.env))
        return {
            "token": booking.access_token,
            "manage_url": booking._dental_manage_url(),
            "branch_id": booking.company_id.id,
            "branch": booking.company_id.name,
            "service_id": booking.service_id.id,
            "service": booking.service_id.name,
            "doctor_id": booking.doctor_id.id,
            "doctor": booking.doctor_id.name,
            "start": fields.Datetime.to_string(event.start),
            "local_start": utc_to_local(event.start, tz).strftime("%Y-%m-%d %H:%M"),
            "state": event.dental_state,
            "state_label": states.get(event.dental_state, ""),
            "message": _("Your appointment is booked.") if event.dental_state in ("scheduled", "confirmed") else "",
        }
