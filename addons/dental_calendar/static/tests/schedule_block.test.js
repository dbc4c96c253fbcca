/** Blocks: move, resize, the bin of doctors mode, the warning outside working hours. */

import { describe, expect, test } from "@odoo/hoot";
import { animationFrame } from "@odoo/hoot-mock";
import { defineMailModels } from "@mail/../tests/mail_test_helpers";
import { contains, onRpc } from "@web/../tests/web_test_helpers";

import { mountSchedule, scheduleData } from "./schedule_test_helpers";

describe.current.tags("desktop", "dental_calendar");
defineMailModels();

test("dragging a block to another chair and time writes the new slot", async () => {
    onRpc("dental.schedule", "get_schedule", () => {
        expect.step("get_schedule");
        return scheduleData();
    });
    onRpc("calendar.event", "write", ({ args }) => {
        expect.step(["write", args]);
        return true;
    });
    await mountSchedule();
    await contains(".o_dental_appointment[data-id='1']").dragAndDrop(
        ".o_dental_column[data-column='2'] .o_dental_slot[data-row='6']"
    );
    await animationFrame();
    expect.verifySteps([
        "get_schedule",
        ["write", [[1], { start: "2030-03-04 11:00:00", stop: "2030-03-04 11:40:00", chair_id: 2 }]],
        "get_schedule",
    ]);
});

test("resizing a block writes its new end", async () => {
    onRpc("dental.schedule", "get_schedule", () => scheduleData());
    onRpc("calendar.event", "write", ({ args }) => {
        expect.step(["write", args]);
        return true;
    });
    await mountSchedule();
    await contains(".o_dental_appointment[data-id='1'] .o_dental_resize").dragAndDrop(
        ".o_dental_column[data-column='1'] .o_dental_slot[data-row='6']"
    );
    await animationFrame();
    expect.verifySteps([["write", [[1], { start: "2030-03-04 10:00:00", stop: "2030-03-04 11:20:00" }]]]);
});

test("doctors mode: a shift dragged to the bin is deleted, moved to another chair is written", async () => {
    onRpc("dental.schedule", "get_schedule", () => scheduleData());
    onRpc("dental.shift", "write", ({ args }) => {
        expect.step(["write", args]);
        return true;
    });
    onRpc("dental.shift", "unlink", ({ args }) => {
        expect.step(["unlink", args]);
        return true;
    });
    await mountSchedule();
    await contains(".o_dental_mode_doctors").click();
    expect(".o_dental_waitlist").toHaveCount(0);
    await contains(".o_dental_shift_block[data-id='7']").dragAndDrop(
        ".o_dental_column[data-column='2'] .o_dental_slot[data-row='0']"
    );
    await animationFrame();
    await contains(".o_dental_shift_block[data-id='7']").dragAndDrop(".o_dental_trash");
    await animationFrame();
    expect.verifySteps([
        ["write", [[7], { start: "2030-03-04 09:00:00", stop: "2030-03-04 15:00:00", chair_id: 2 }]],
        ["unlink", [[7]]],
    ]);
});

test("outside working hours, the branch that warns asks before moving", async () => {
    onRpc("dental.schedule", "get_schedule", () => {
        const data = scheduleData();
        data.company.outside_hours = "warn";
        return data;
    });
    onRpc("calendar.event", "dental_check_slot", ({ args }) => {
        expect.step(["dental_check_slot", args[0].chair_id, args[1]]);
        return ["Dr. Sergeev has no shift covering this time."];
    });
    onRpc("calendar.event", "write", ({ args }) => {
        expect.step(["write", args[0]]);
        return true;
    });
    await mountSchedule();
    await contains(".o_dental_appointment[data-id='1']").dragAndDrop(
        ".o_dental_column[data-column='2'] .o_dental_slot[data-row='6']"
    );
    await animationFrame();
    expect(".modal").toHaveText(/has no shift covering this time/);
    await contains(".modal .btn-primary").click();
    await animationFrame();
    expect.verifySteps([
        ["dental_check_slot", 2, 1],
        ["write", [1]],
    ]);
});
