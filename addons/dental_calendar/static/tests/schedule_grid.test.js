/** The grid and its columns: layout, the branch's time, a doctor's week, booking by dragging over free time. */

import { describe, expect, test } from "@odoo/hoot";
import { queryOne } from "@odoo/hoot-dom";
import { animationFrame, mockTimeZone } from "@odoo/hoot-mock";
import { defineMailModels } from "@mail/../tests/mail_test_helpers";
import { contains, mockService, mountWithCleanup, onRpc } from "@web/../tests/web_test_helpers";

import { DentalSchedule } from "@dental_calendar/schedule/schedule";
import { ROW, appointment, mountSchedule, scheduleData } from "./schedule_test_helpers";

describe.current.tags("desktop", "dental_calendar");
defineMailModels();

test("blocks are laid out in their chair's column at their time", async () => {
    onRpc("dental.schedule", "get_schedule", ({ args }) => {
        expect.step(`get_schedule ${args[1]} ${args[2]}`);
        return scheduleData();
    });
    await mountSchedule();
    expect.verifySteps(["get_schedule 2030-03-04 00:00:00 2030-03-05 00:00:00"]);
    expect(".o_dental_colhead").toHaveCount(2);
    // 9:00–21:00 by 20 minutes
    expect(".o_dental_column[data-column='1'] .o_dental_slot").toHaveCount(36);
    expect(".o_dental_column[data-column='1'] .o_dental_appointment").toHaveCount(1, {
        message: "the cancelled appointment is hidden",
    });
    const first = queryOne(".o_dental_appointment[data-id='1']");
    expect(first.style.top).toBe(`${3 * ROW + 1}px`);
    expect(first.style.height).toBe(`${2 * ROW - 3}px`);
    expect(first).toHaveText(/Kuznetsov Ivan/);
    expect(".o_dental_appointment[data-id='1'] .o_dental_icon_new").toHaveCount(1);
    expect(".o_dental_appointment[data-id='1'] .o_dental_icon_unconfirmed").toHaveCount(1);
    expect(".o_dental_column[data-column='2'] .o_dental_appointment[data-id='2']").toHaveCount(1);
    expect(queryOne(".o_dental_appointment[data-id='2']").style.top).toBe("1px");
    expect(".o_dental_appointment[data-id='2'] .o_dental_icon_unconfirmed").toHaveCount(0);
    // The shift is the background of chair 1, with the doctor's name.
    expect(".o_dental_column[data-column='1'] .o_dental_shift_band").toHaveText("Dr. Sergeev");
    expect(".o_dental_column[data-column='2'] .o_dental_shift_band").toHaveCount(0);
    // Showing cancelled appointments.
    await contains("#o_dental_show_cancelled").click();
    expect(".o_dental_column[data-column='1'] .o_dental_appointment").toHaveCount(2);
    expect(".o_dental_appointment[data-id='3']").toHaveClass("o_dental_state_cancelled");
    // Doctors mode shows the shifts as blocks.
    await contains(".o_dental_mode_doctors").click();
    expect(".o_dental_appointment").toHaveCount(0);
    expect(".o_dental_shift_block").toHaveCount(1);
});

test("dragging over free time opens the quick booking form with the slot", async () => {
    onRpc("dental.schedule", "get_schedule", () => scheduleData());
    mockService("dialog", {
        add(dialogClass, props) {
            const { context } = props;
            expect.step([
                props.resModel,
                context.default_start,
                context.default_stop,
                context.default_chair_id,
                context.default_doctor_id,
            ]);
            return () => {};
        },
    });
    await mountSchedule();
    await contains(".o_dental_column[data-column='1'] .o_dental_slot[data-row='6']").dragAndDrop(
        ".o_dental_column[data-column='1'] .o_dental_slot[data-row='8']"
    );
    await animationFrame();
    expect.verifySteps([["calendar.event", "2030-03-04 11:00:00", "2030-03-04 12:00:00", 1, 11]]);
});

test("a doctor's week: one column per day, the appointments in their day", async () => {
    onRpc("dental.schedule", "get_schedule", ({ args }) => {
        expect.step(["get_schedule", args[1], args[2], args[3]]);
        const data = scheduleData();
        data.employee_id = 11;
        data.appointments[1].start = "2030-03-06 09:00:00"; // Wednesday
        data.appointments[1].stop = "2030-03-06 09:20:00";
        return data;
    });
    mockTimeZone(0);
    await mountWithCleanup(DentalSchedule, {
        props: { action: { params: { date: "2030-03-06", employee_id: 11 }, context: {} } },
    });
    expect.verifySteps([["get_schedule", "2030-03-04 00:00:00", "2030-03-11 00:00:00", 11]]);
    expect(".o_dental_colhead").toHaveCount(7);
    expect(".o_dental_column[data-column='2030-03-04'] .o_dental_appointment[data-id='1']").toHaveCount(1);
    expect(".o_dental_column[data-column='2030-03-06'] .o_dental_appointment[data-id='2']").toHaveCount(1);
    await contains(".o_dental_back").click();
    expect.verifySteps([["get_schedule", "2030-03-06 00:00:00", "2030-03-07 00:00:00", false]]);
    expect(".o_dental_colhead").toHaveCount(2);
});

test("the schedule shows the branch's local time, whatever the browser's zone", async () => {
    onRpc("dental.schedule", "get_schedule", ({ args }) => {
        expect.step(["get_schedule", args[1], args[2]]);
        const data = scheduleData();
        data.company.tz = "Europe/Moscow"; // UTC+3, the browser is in UTC
        data.appointments = [
            appointment({ id: 1, chair_id: 1, start: "2030-03-04 07:00:00", stop: "2030-03-04 07:40:00" }),
        ];
        return data;
    });
    await mountSchedule();
    expect.verifySteps([
        ["get_schedule", "2030-03-04 00:00:00", "2030-03-05 00:00:00"],
        ["get_schedule", "2030-03-03 21:00:00", "2030-03-04 21:00:00"], // the branch's day
    ]);
    const block = queryOne(".o_dental_appointment[data-id='1']");
    expect(block.style.top).toBe(`${3 * ROW + 1}px`); // 10:00 in Moscow
    expect(block).toHaveText(/10:00–10:40/);
});
