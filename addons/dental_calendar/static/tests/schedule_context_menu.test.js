/** The right-click menu of a block. */

import { describe, expect, test } from "@odoo/hoot";
import { queryAll, queryOne } from "@odoo/hoot-dom";
import { animationFrame } from "@odoo/hoot-mock";
import { defineMailModels } from "@mail/../tests/mail_test_helpers";
import { contains, mockService, onRpc } from "@web/../tests/web_test_helpers";

import { mountSchedule, scheduleData } from "./schedule_test_helpers";

describe.current.tags("desktop", "dental_calendar");
defineMailModels();

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
