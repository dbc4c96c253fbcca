/** The schedule as a whole: the day reloads itself when the server says it changed (other registrars book too). */

import { describe, expect, test } from "@odoo/hoot";
import { pointerDown, pointerUp } from "@odoo/hoot-dom";
import { advanceTime } from "@odoo/hoot-mock";
import { defineMailModels } from "@mail/../tests/mail_test_helpers";
import { getService, MockServer, onRpc } from "@web/../tests/web_test_helpers";

import { SCHEDULE_CHANGED } from "@dental_calendar/schedule/schedule";
import { mountSchedule, scheduleData } from "./schedule_test_helpers";

describe.current.tags("desktop", "dental_calendar");
defineMailModels();

/** What models/schedule_bus.py sends when a branch's appointments, shifts or waiting list change. */
async function notifyBranch(companyId, times = 1) {
    const steps = [];
    for (let i = 0; i < times; i++) {
        MockServer.env["bus.bus"]._sendone("broadcast", SCHEDULE_CHANGED, { company_id: companyId });
        steps.push(`notified ${companyId}`);
    }
    await expect.waitForSteps(steps); // delivered to the page
}

async function mountListening() {
    onRpc("dental.schedule", "get_schedule", () => {
        expect.step("get_schedule");
        return scheduleData();
    });
    await mountSchedule();
    getService("bus_service").subscribe(SCHEDULE_CHANGED, ({ company_id }) => expect.step(`notified ${company_id}`));
    expect.verifySteps(["get_schedule"]);
}

test("the day reloads when the server says the branch's day changed (other registrars book too)", async () => {
    await mountListening();
    await advanceTime(60000);
    expect.verifySteps([], { message: "no polling" });
    await notifyBranch(2);
    await advanceTime(1000);
    expect.verifySteps([], { message: "another branch's day" });
    await notifyBranch(1, 2);
    await advanceTime(1000);
    await expect.waitForSteps(["get_schedule"]);
    await advanceTime(1000);
    expect.verifySteps([], { message: "one reload for a burst" });
});

test("a change heard during a drag reloads the day once the drag is over", async () => {
    await mountListening();
    await pointerDown(".o_dental_appointment[data-id='1']");
    await notifyBranch(1);
    await advanceTime(1000);
    expect.verifySteps([], { message: "not under the user's pointer" });
    await pointerUp(".o_dental_appointment[data-id='1']");
    await expect.waitForSteps(["get_schedule"]);
    await advanceTime(1000);
    expect.verifySteps([], { message: "once" });
});
