/** The branch's time zone in the schedule and in every dialog it opens, whatever the browser's zone. */

import { describe, expect, test } from "@odoo/hoot";
import { destroy } from "@odoo/hoot";
import { animationFrame, mockDate, mockTimeZone } from "@odoo/hoot-mock";
import { defineMailModels } from "@mail/../tests/mail_test_helpers";
import { deserializeDateTime, formatDateTime } from "@web/core/l10n/dates";
import { contains, mockService, mountWithCleanup, onRpc } from "@web/../tests/web_test_helpers";

import { DentalSchedule } from "@dental_calendar/schedule/schedule";
import { slotConflict, zoneDiffers } from "@dental_calendar/schedule/schedule_layout";
import { appointment, mountSchedule, scheduleData } from "./schedule_test_helpers";

describe.current.tags("desktop", "dental_calendar");
defineMailModels();

const { DateTime, Settings } = luxon;

function moscowBranch() {
    onRpc("dental.schedule", "get_schedule", () => {
        const data = scheduleData();
        data.company.tz = "Europe/Moscow"; // UTC+3
        data.appointments = [
            appointment({ id: 1, chair_id: 1, start: "2030-03-04 07:00:00", stop: "2030-03-04 07:40:00" }),
        ];
        return data;
    });
}

test("a 15:20 slot opens the quick booking form at 15:20 of the branch, not of the browser", async () => {
    moscowBranch();
    mockService("dialog", {
        add(dialogClass, props) {
            const { context } = props;
            // what the form's date fields show: the UTC value read in the current zone
            const shown = deserializeDateTime(context.default_start).toFormat("HH:mm");
            expect.step([context.default_start, shown, context.default_dental_slot_chosen]);
            return () => {};
        },
    });
    const schedule = await mountSchedule({ tz: 1 }); // the browser in Brussels (UTC+1 in March)
    expect(".o_dental_appointment[data-id='1']").toHaveText(/10:00–10:40/);
    // 15:20 is row 19 (9:00 + 19 × 20 minutes)
    await contains(".o_dental_column[data-column='1'] .o_dental_slot[data-row='19']").dragAndDrop(
        ".o_dental_column[data-column='1'] .o_dental_slot[data-row='20']"
    );
    await animationFrame();
    expect.verifySteps([["2030-03-04 12:20:00", "15:20", true]]);
    expect(formatDateTime(deserializeDateTime("2030-03-04 12:20:00"))).toMatch(/15:20/);
    // Leaving the schedule gives the browser's zone back to the rest of the web client.
    destroy(schedule);
    expect(formatDateTime(deserializeDateTime("2030-03-04 12:20:00"))).toMatch(/13:20/);
    expect(Settings.defaultZone.offset(Date.UTC(2030, 2, 4))).toBe(60);
});

test("opened without a day, the schedule shows the branch's today, not the browser's date", async () => {
    // 22:30 in the browser (UTC) on March 4 is 01:30 on March 5 in the Moscow branch
    mockTimeZone(0);
    mockDate("2030-03-04 22:30:00", 0);
    onRpc("dental.schedule", "get_schedule", ({ args }) => {
        expect.step(args[1]);
        const data = scheduleData();
        data.company.tz = "Europe/Moscow";
        return data;
    });
    await mountWithCleanup(DentalSchedule, { props: { action: { params: { company_id: 1 }, context: {} } } });
    // asked first for the browser's day, then for the branch's day from its midnight (21:00 UTC)
    expect.verifySteps(["2030-03-04 00:00:00", "2030-03-04 21:00:00"]);
});

test("a warning when the browser's clock differs from the branch's, none when it agrees", async () => {
    moscowBranch();
    await mountSchedule({ tz: 1 });
    expect(".o_dental_zone_warning").toHaveCount(1);
    expect(".o_dental_zone_warning").toHaveText(/Europe\/Moscow, UTC\+03:00.*UTC\+01:00/);
});

test("no warning when the browser is in the branch's time", async () => {
    moscowBranch();
    await mountSchedule({ tz: 3 });
    expect(".o_dental_appointment[data-id='1']").toHaveText(/10:00–10:40/);
    expect(".o_dental_zone_warning").toHaveCount(0);
});

test("zones compare by the hours they show", () => {
    const day = DateTime.fromISO("2030-03-04T12:00:00", { zone: "utc" });
    expect(zoneDiffers("Europe/Moscow", "Europe/Istanbul", day)).toBe(false);
    expect(zoneDiffers("Europe/Moscow", "Europe/Brussels", day)).toBe(true);
    expect(zoneDiffers(false, "Europe/Brussels", day)).toBe(false);
});

test("a slot overlapping an appointment of the chair or the doctor is taken", () => {
    const appointments = [
        appointment({ id: 1, chair_id: 1, doctor_id: 11, start: "2030-03-04 07:00:00", stop: "2030-03-04 07:40:00" }),
        appointment({
            id: 2,
            chair_id: 2,
            doctor_id: 12,
            start: "2030-03-04 08:00:00",
            stop: "2030-03-04 08:20:00",
            state: "cancelled",
        }),
    ];
    const slot = (start, stop, chair_id, doctor_id) => ({
        start: `2030-03-04 ${start}:00`,
        stop: `2030-03-04 ${stop}:00`,
        chair_id,
        doctor_id,
    });
    // half covered: 07:20–08:00 in chair 1
    expect(slotConflict(appointments, slot("07:20", "08:00", 1, 12))).toEqual({
        appointment: appointments[0],
        doctor: false,
    });
    expect(slotConflict(appointments, slot("07:40", "08:00", 1, 11))).toBe(null, { message: "end to end" });
    // the doctor is busy in another chair, unless the branch lets doctors work in parallel
    expect(slotConflict(appointments, slot("07:20", "08:00", 2, 11))).toEqual({
        appointment: appointments[0],
        doctor: true,
    });
    expect(slotConflict(appointments, slot("07:20", "08:00", 2, 11), { doctorExclusive: false })).toBe(null);
    expect(slotConflict(appointments, slot("08:00", "08:20", 2, 12))).toBe(null, { message: "cancelled" });
    expect(slotConflict(appointments, slot("07:20", "08:00", 1, 11), { ignoreId: 1 })).toBe(null, {
        message: "the appointment being moved",
    });
});

test("dragging over a half-taken slot is refused at once, with the appointment in the way", async () => {
    moscowBranch();
    mockService("dialog", {
        add() {
            expect.step("form opened");
            return () => {};
        },
    });
    mockService("notification", {
        add(message, options) {
            expect.step([message.toString(), options.type]);
            return () => {};
        },
    });
    await mountSchedule({ tz: 3 });
    // 10:20–11:00 in chair 1: the appointment takes 10:00–10:40
    await contains(".o_dental_column[data-column='1'] .o_dental_slot[data-row='4']").dragAndDrop(
        ".o_dental_column[data-column='1'] .o_dental_slot[data-row='5']"
    );
    await animationFrame();
    expect.verifySteps([
        [
            "Chair 1 is taken from 10:00 to 10:40 (Kuznetsov Ivan). Choose a free time.",
            "danger",
        ],
    ]);
});
