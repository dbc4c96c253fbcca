import { describe, expect, test } from "@odoo/hoot";
import { queryAll, queryOne } from "@odoo/hoot-dom";
import { advanceTime, animationFrame, mockTimeZone } from "@odoo/hoot-mock";
import { defineMailModels } from "@mail/../tests/mail_test_helpers";
import { contains, mockService, mountWithCleanup, onRpc } from "@web/../tests/web_test_helpers";

import { DentalSchedule } from "@dental_calendar/schedule/schedule";

describe.current.tags("desktop", "dental_calendar");
defineMailModels();

const ROW = 24; // px per calendar step

function scheduleData() {
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

function appointment(values) {
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

async function mountSchedule() {
    mockTimeZone(0);
    await mountWithCleanup(DentalSchedule, {
        props: { action: { params: { date: "2030-03-04", company_id: 1 }, context: {} } },
    });
}

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

test("right-click menu changes the status", async () => {
    onRpc("dental.schedule", "get_schedule", () => scheduleData());
    onRpc("calendar.event", "write", ({ args }) => {
        expect.step(["write", args]);
        return true;
    });
    await mountSchedule();
    await contains(".o_dental_appointment[data-id='1']").click({ button: 2 });
    queryOne(".o_dental_appointment[data-id='1']").dispatchEvent(
        new MouseEvent("contextmenu", { bubbles: true, clientX: 300, clientY: 120 })
    );
    await animationFrame();
    expect(".o_dental_menu").toHaveCount(1);
    expect(queryAll(".o_dental_menu .o_dental_menu_state").map((el) => el.textContent.trim())).toEqual([
        "Confirmed",
    ]);
    await contains(".o_dental_menu_state_confirmed").click();
    expect.verifySteps([["write", [[1], { dental_state: "confirmed" }]]]);
});

test("dragging a waiting list entry onto a slot books it", async () => {
    onRpc("dental.schedule", "get_schedule", () => scheduleData());
    onRpc("dental.waitlist", "action_book", ({ args }) => {
        expect.step(["action_book", args]);
        return 42;
    });
    await mountSchedule();
    expect(".o_dental_waitlist_entry").toHaveText(/Waitova Anna/);
    await contains(".o_dental_waitlist_entry[data-id='9']").dragAndDrop(
        ".o_dental_column[data-column='2'] .o_dental_slot[data-row='6']"
    );
    await animationFrame();
    expect.verifySteps([
        ["action_book", [[9], 2, "2030-03-04 11:00:00", "2030-03-04 11:40:00", false]],
    ]);
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

test("the branch selector reloads the day of the chosen branch", async () => {
    onRpc("dental.schedule", "get_schedule", ({ args }) => {
        expect.step(["get_schedule", args[0]]);
        const data = scheduleData();
        data.companies.push({ id: 2, name: "North Branch" });
        data.company = { ...data.company, id: args[0] || 1 };
        return data;
    });
    await mountSchedule();
    expect(".o_dental_branch option").toHaveCount(2);
    await contains(".o_dental_branch").select("2");
    expect.verifySteps([
        ["get_schedule", 1],
        ["get_schedule", 2],
    ]);
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

test("the day refreshes itself every minute (other registrars book too)", async () => {
    onRpc("dental.schedule", "get_schedule", () => {
        expect.step("get_schedule");
        return scheduleData();
    });
    await mountSchedule();
    expect.verifySteps(["get_schedule"]);
    await advanceTime(60000);
    await animationFrame();
    expect.verifySteps(["get_schedule"]);
});

test("right-click menu: cancel, move to another day, open the patient card", async () => {
    onRpc("dental.schedule", "get_schedule", () => scheduleData());
    onRpc("calendar.event", "action_dental_cancel", ({ args }) => {
        expect.step(["action_dental_cancel", args]);
        return true;
    });
    mockService("action", {
        doAction(action, options) {
            expect.step(["doAction", action, options?.additionalContext?.active_id ?? null]);
            return Promise.resolve(true);
        },
    });
    await mountSchedule();
    const openMenu = async () => {
        queryOne(".o_dental_appointment[data-id='1']").dispatchEvent(
            new MouseEvent("contextmenu", { bubbles: true, clientX: 300, clientY: 120 })
        );
        await animationFrame();
    };
    await openMenu();
    await contains(".o_dental_menu_cancel").click();
    await openMenu();
    await contains(".o_dental_menu_move").click();
    await openMenu();
    await contains(".o_dental_menu_patient").click();
    expect.verifySteps([
        ["action_dental_cancel", [[1]]],
        ["doAction", "dental_calendar.dental_appointment_move_wizard_action", 1],
        [
            "doAction",
            { type: "ir.actions.act_window", res_model: "dental.patient", res_id: 5, views: [[false, "form"]] },
            null,
        ],
    ]);
});

test("booking a patient from the card: the quick form comes with the patient", async () => {
    onRpc("dental.schedule", "get_schedule", () => scheduleData());
    mockService("dialog", {
        add(dialogClass, props) {
            expect.step(["dialog", props.context.default_patient_id]);
            props.onRecordSaved();
            return () => {};
        },
    });
    mockTimeZone(0);
    await mountWithCleanup(DentalSchedule, {
        props: {
            action: {
                params: { date: "2030-03-04", company_id: 1, patient_id: 5, patient_name: "Kuznetsov Ivan" },
                context: {},
            },
        },
    });
    expect(".o_dental_booking").toHaveText(/Kuznetsov Ivan/);
    await contains(".o_dental_column[data-column='2'] .o_dental_slot[data-row='6']").dragAndDrop(
        ".o_dental_column[data-column='2'] .o_dental_slot[data-row='7']"
    );
    await animationFrame();
    expect.verifySteps([["dialog", 5]]);
    expect(".o_dental_booking").toHaveCount(0, { message: "booked: the mode ends" });
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
