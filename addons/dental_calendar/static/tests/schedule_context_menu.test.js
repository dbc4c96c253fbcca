/** The right-click menu of a block. */

import { describe, expect, test } from "@odoo/hoot";
import { queryAll, queryOne } from "@odoo/hoot-dom";
import { animationFrame } from "@odoo/hoot-mock";
import { defineMailModels } from "@mail/../tests/mail_test_helpers";
import { contains, mockService, onRpc } from "@web/../tests/web_test_helpers";

import { appointment, mockScheduleMenu, mountSchedule, scheduleData } from "./schedule_test_helpers";

describe.current.tags("desktop", "dental_calendar");
defineMailModels();

test("right-click menu changes the status", async () => {
    onRpc("dental.schedule", "get_schedule", () => scheduleData());
    onRpc("calendar.event", "write", ({ args }) => {
        expect.step(["write", args]);
        return true;
    });
    mockScheduleMenu();
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
    expect.verifySteps([
        ["dental_schedule_menu", [1]],
        ["dental_schedule_menu", [1]],
        ["write", [[1], { dental_state: "confirmed" }]],
    ]);
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
    mockScheduleMenu();
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
        ["dental_schedule_menu", [1]],
        ["action_dental_cancel", [[1]]],
        ["dental_schedule_menu", [1]],
        ["doAction", "dental_calendar.dental_appointment_move_wizard_action", 1],
        ["dental_schedule_menu", [1]],
        [
            "doAction",
            { type: "ir.actions.act_window", res_model: "dental.patient", res_id: 5, views: [[false, "form"]] },
            null,
        ],
    ]);
});

test("doctors mode: the menu of a shift deletes it, and closes", async () => {
    onRpc("dental.schedule", "get_schedule", () => scheduleData());
    onRpc("dental.shift", "unlink", ({ args }) => {
        expect.step(["unlink", args]);
        return true;
    });
    await mountSchedule();
    await contains(".o_dental_mode_doctors").click();
    queryOne(".o_dental_shift_block[data-id='7']").dispatchEvent(
        new MouseEvent("contextmenu", { bubbles: true, clientX: 300, clientY: 120 })
    );
    await animationFrame();
    expect(".o_dental_menu .dropdown-header").toHaveText("Dr. Sergeev");
    expect(".o_dental_menu .o_dental_menu_state").toHaveCount(0);
    await contains(".o_dental_menu_delete_shift").click();
    expect.verifySteps([["unlink", [[7]]]]);
    expect(".o_dental_menu").toHaveCount(0);
});

test("a completed visit: no status back, no move or cancel, the billing entries the server gives", async () => {
    onRpc("dental.schedule", "get_schedule", () => {
        const data = scheduleData();
        data.appointments[0] = appointment({
            id: 1,
            chair_id: 1,
            start: "2030-03-04 10:00:00",
            stop: "2030-03-04 10:40:00",
            state: "completed",
        });
        return data;
    });
    mockScheduleMenu({ states: [], can_move: false, actions: [{ name: "action_dental_bill", label: "Bill" }] });
    const billAction = { type: "ir.actions.act_window", res_model: "dental.bill.wizard", target: "new" };
    onRpc("calendar.event", "action_dental_bill", ({ args }) => {
        expect.step(["action_dental_bill", args]);
        return billAction;
    });
    mockService("action", {
        doAction(action, options) {
            expect.step(["doAction", action.res_model, typeof options.onClose]);
            return Promise.resolve(true);
        },
    });
    await mountSchedule();
    queryOne(".o_dental_appointment[data-id='1']").dispatchEvent(
        new MouseEvent("contextmenu", { bubbles: true, clientX: 300, clientY: 120 })
    );
    await animationFrame();
    expect(".o_dental_menu").toHaveCount(1);
    expect(".o_dental_menu .o_dental_menu_state").toHaveCount(0, { message: "not booked again, not a no-show" });
    expect(".o_dental_menu .o_dental_menu_move").toHaveCount(0);
    expect(".o_dental_menu .o_dental_menu_cancel").toHaveCount(0);
    expect(".o_dental_menu .o_dental_menu_action").toHaveText("Bill");
    await contains(".o_dental_menu_action_action_dental_bill").click();
    expect.verifySteps([
        ["dental_schedule_menu", [1]],
        ["action_dental_bill", [[1]]],
        ["doAction", "dental.bill.wizard", "function"],
    ]);
    expect(".o_dental_menu").toHaveCount(0);
});
