/** "My schedule" of a user whose user is linked to no employee says why it is empty. */

import { describe, expect, test } from "@odoo/hoot";
import { mockTimeZone } from "@odoo/hoot-mock";
import { defineMailModels } from "@mail/../tests/mail_test_helpers";
import { mountWithCleanup, onRpc } from "@web/../tests/web_test_helpers";

import { DentalSchedule } from "@dental_calendar/schedule/schedule";
import { scheduleData } from "./schedule_test_helpers";

describe.current.tags("desktop", "dental_calendar");
defineMailModels();

async function mountMySchedule(noEmployee) {
    onRpc("dental.schedule", "get_schedule", ({ args }) => {
        expect.step(["get_schedule", args[3]]);
        const data = scheduleData();
        data.employee_id = noEmployee ? false : 11;
        data.no_employee = noEmployee;
        if (noEmployee) {
            data.appointments = [];
            data.shifts = [];
        }
        return data;
    });
    mockTimeZone(0);
    await mountWithCleanup(DentalSchedule, {
        props: { action: { params: { date: "2030-03-04", my_schedule: true }, context: {} } },
    });
    expect.verifySteps([["get_schedule", "me"]]);
}

test("without an employee: a message says whom to ask and what to link", async () => {
    await mountMySchedule(true);
    expect(".o_dental_no_employee").toHaveCount(1);
    expect(".o_dental_no_employee").toHaveText(/not linked to an employee[\s\S]*Related User/);
    expect(".o_dental_colhead").toHaveCount(7, { message: "the week stays, empty" });
});

test("with an employee: the week, no message", async () => {
    await mountMySchedule(false);
    expect(".o_dental_no_employee").toHaveCount(0);
    expect(".o_dental_appointment").toHaveCount(2);
});
