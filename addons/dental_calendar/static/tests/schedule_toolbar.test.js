/** The toolbar. */

import { describe, expect, test } from "@odoo/hoot";
import { animationFrame, mockTimeZone } from "@odoo/hoot-mock";
import { defineMailModels } from "@mail/../tests/mail_test_helpers";
import { contains, mockService, mountWithCleanup, onRpc } from "@web/../tests/web_test_helpers";

import { DentalSchedule } from "@dental_calendar/schedule/schedule";
import { mountSchedule, scheduleData } from "./schedule_test_helpers";

describe.current.tags("desktop", "dental_calendar");
defineMailModels();

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

test("previous and next move by a day, by a week in a doctor's week", async () => {
    onRpc("dental.schedule", "get_schedule", ({ args }) => {
        expect.step(args[1]);
        const data = scheduleData();
        data.employee_id = args[3] || false;
        return data;
    });
    await mountSchedule();
    expect(".o_dental_title").toHaveText(/Monday, 04.03.2030/);
    await contains(".o_dental_next").click();
    await contains(".o_dental_prev").click();
    await contains(".o_dental_prev").click();
    await contains(".o_dental_doctor_week").click();
    expect(".o_dental_title").toHaveText(/25.02 – 03.03.2030/);
    await contains(".o_dental_next").click();
    expect.verifySteps([
        "2030-03-04 00:00:00",
        "2030-03-05 00:00:00",
        "2030-03-04 00:00:00",
        "2030-03-03 00:00:00",
        "2030-02-25 00:00:00",
        "2030-03-04 00:00:00",
    ]);
});
