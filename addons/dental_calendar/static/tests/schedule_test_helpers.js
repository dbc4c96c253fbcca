/** Shared fixtures of the chair schedule's tests: a day of one branch as ``get_schedule`` returns it. */

import { expect } from "@odoo/hoot";
import { mockTimeZone } from "@odoo/hoot-mock";
import { mountWithCleanup, onRpc } from "@web/../tests/web_test_helpers";

import { DentalSchedule } from "@dental_calendar/schedule/schedule";

export const ROW = 24; // px per calendar step

export function scheduleData() {
    return {
        employee_id: false,
        company: {
            id: 1,
            name: "Main Branch",
            work_start: 9,
            work_end: 21,
            step: 20,
            outside_hours: "allow",
            allow_no_doctor: false,
        },
        companies: [{ id: 1, name: "Main Branch" }],
        chairs: [
            { id: 1, name: "Chair 1", room: "101", color: 0, company_id: 1 },
            { id: 2, name: "Chair 2", room: "102", color: 0, company_id: 1 },
        ],
        shifts: [
            {
                id: 7,
                chair_id: 1,
                chair_name: "Chair 1",
                employee_id: 11,
                employee_name: "Dr. Sergeev",
                job_id: 3,
                start: "2030-03-04 09:00:00",
                stop: "2030-03-04 15:00:00",
            },
        ],
        appointments: [
            appointment({ id: 1, chair_id: 1, start: "2030-03-04 10:00:00", stop: "2030-03-04 10:40:00" }),
            appointment({
                id: 2,
                chair_id: 2,
                start: "2030-03-04 09:00:00",
                stop: "2030-03-04 09:20:00",
                patient_name: "Popova Olga",
                state: "confirmed",
                unconfirmed: false,
                is_new: false,
            }),
            appointment({
                id: 3,
                chair_id: 1,
                start: "2030-03-04 11:00:00",
                stop: "2030-03-04 11:20:00",
                state: "cancelled",
            }),
        ],
        employees: [{ id: 11, name: "Dr. Sergeev", job_id: 3, job_name: "Therapist" }],
        waitlist: [
            {
                id: 9,
                name: "Waitova Anna",
                phone: "+7 900",
                employee_id: false,
                employee_name: "",
                job_name: "",
                duration: 40,
                note: "",
                urgent: false,
            },
        ],
        states: [
            { key: "scheduled", label: "Scheduled", color: 4, free: false },
            { key: "confirmed", label: "Confirmed", color: 10, free: false },
            { key: "cancelled", label: "Cancelled", color: 0, free: true },
        ],
    };
}

export function appointment(values) {
    return {
        chair_name: "",
        patient_id: 5,
        patient_name: "Kuznetsov Ivan",
        phone: "",
        doctor_id: 11,
        doctor_name: "Dr. Sergeev",
        job_id: 3,
        state: "scheduled",
        color: 4,
        services: "Filling",
        note: "",
        visit_type: "repeat",
        is_new: true,
        debt: 0,
        unconfirmed: true,
        ...values,
    };
}

/** The browser's zone: an offset in hours (0: UTC). Returns the schedule. */
export async function mountSchedule({ tz = 0 } = {}) {
    mockTimeZone(tz);
    return mountWithCleanup(DentalSchedule, {
        props: { action: { params: { date: "2030-03-04", company_id: 1 }, context: {} } },
    });
}

/**
 * What the server allows in the right-click menu of an appointment (``calendar.event.dental_schedule_menu``):
 * by default a booked visit's (any other status, moving, no extra entry).
 */
export function mockScheduleMenu(menu = {}) {
    onRpc("calendar.event", "dental_schedule_menu", ({ args }) => {
        expect.step(["dental_schedule_menu", args[0]]);
        return { states: ["confirmed", "cancelled"], can_move: true, actions: [], ...menu };
    });
}
