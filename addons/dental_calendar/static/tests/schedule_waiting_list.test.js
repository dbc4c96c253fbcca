/** The waiting list panel. */

import { describe, expect, test } from "@odoo/hoot";
import { animationFrame } from "@odoo/hoot-mock";
import { defineMailModels } from "@mail/../tests/mail_test_helpers";
import { contains, onRpc } from "@web/../tests/web_test_helpers";

import { mountSchedule, scheduleData } from "./schedule_test_helpers";

describe.current.tags("desktop", "dental_calendar");
defineMailModels();

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
