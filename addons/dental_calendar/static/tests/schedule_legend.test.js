/** The legend of the statuses: each status in its own colour, the colour of its appointments on the grid. */

import { describe, expect, test } from "@odoo/hoot";
import { queryAll, queryOne } from "@odoo/hoot-dom";
import { defineMailModels } from "@mail/../tests/mail_test_helpers";
import { contains, onRpc } from "@web/../tests/web_test_helpers";

import { mountSchedule, scheduleData } from "./schedule_test_helpers";

describe.current.tags("desktop", "dental_calendar");
defineMailModels();

/** The statuses as ``get_schedule`` sends them (``STATE_COLORS`` of models/calendar_event.py). */
const STATES = [
    { key: "scheduled", label: "Scheduled", color: 4, free: false },
    { key: "confirmed", label: "Confirmed", color: 10, free: false },
    { key: "arrived", label: "Arrived", color: 3, free: false },
    { key: "in_chair", label: "In the Chair", color: 2, free: false },
    { key: "completed", label: "Completed", color: 7, free: false },
    { key: "no_show", label: "No-Show", color: 1, free: true },
    { key: "cancelled", label: "Cancelled", color: 0, free: true },
];

function background(selector) {
    return getComputedStyle(queryOne(selector)).backgroundColor;
}

test("the legend lists every status in a colour of its own, the colour of its appointments", async () => {
    onRpc("dental.schedule", "get_schedule", () => {
        const data = { ...scheduleData(), states: STATES };
        // each block in its status's colour, as the server sends it
        data.appointments = data.appointments.map((a) => ({ ...a, color: STATES.find((s) => s.key === a.state).color }));
        return data;
    });
    await mountSchedule();
    expect(".o_dental_legend_item").toHaveCount(7);
    expect(queryAll(".o_dental_legend_item").map((item) => item.textContent.trim())).toEqual(
        STATES.map((s) => s.label)
    );
    const colours = STATES.map((s) => background(`.o_dental_legend_${s.key} .o_dental_dot`));
    expect(new Set(colours).size).toBe(7, { message: "no two statuses share a colour" });
    expect(colours.every((colour) => colour !== "rgba(0, 0, 0, 0)")).toBe(true, { message: "each is coloured" });
    // the blocks wear the legend's colours: scheduled (1) and confirmed (2) appointments of the fixtures' day
    expect(".o_dental_appointment[data-id='1']").toHaveClass("o_dental_state_scheduled");
    expect(background(".o_dental_appointment[data-id='1']")).toBe(colours[0]);
    expect(background(".o_dental_appointment[data-id='2']")).toBe(colours[1]);
    expect(".o_dental_legend_cancelled .text-decoration-line-through").toHaveCount(1, {
        message: "freed statuses are struck through, as on the grid",
    });
});

test("the legend gives way to the bin in the doctors' mode", async () => {
    onRpc("dental.schedule", "get_schedule", () => scheduleData());
    await mountSchedule();
    expect(".o_dental_legend").toHaveCount(1);
    await contains(".o_dental_mode_doctors").click();
    expect(".o_dental_legend").toHaveCount(0);
    expect(".o_dental_trash").toHaveCount(1);
});
