/** The side panel: branch, professions and doctors. */

import { describe, expect, test } from "@odoo/hoot";
import { defineMailModels } from "@mail/../tests/mail_test_helpers";
import { contains, onRpc } from "@web/../tests/web_test_helpers";

import { mountSchedule, scheduleData } from "./schedule_test_helpers";

describe.current.tags("desktop", "dental_calendar");
defineMailModels();

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
