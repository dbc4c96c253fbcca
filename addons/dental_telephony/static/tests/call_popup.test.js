import { describe, expect, test } from "@odoo/hoot";
import { click } from "@odoo/hoot-dom";
import { mountWithCleanup } from "@web/../tests/web_test_helpers";
import { defineMailModels } from "@mail/../tests/mail_test_helpers";

import { DentalCallPopup } from "@dental_telephony/call_popup/call_popup";

describe.current.tags("desktop", "dental_telephony");
defineMailModels();

const PATIENT = {
    id: 7,
    partner_id: 70,
    name: "Zvonkova Irina",
    tags: ["VIP", "Implants"],
    last_visit: "2026-10-01",
    next_visit: { start: "2026-12-10 07:30:00", doctor: [3, "Dr. Zubova"] },
    last_reminder: "2026-12-09",
    debt: "1,500.00 ₽",
};

function props(info, steps = true) {
    const step = (name) => (...args) => steps && expect.step([name, ...args].join(":"));
    return {
        info,
        close: step("close"),
        onNewLead: step("lead"),
        onNewPatient: step("patient"),
        onOpenPatient: step("open"),
        onOpenLead: step("open_lead"),
    };
}

test("a known caller: photo, name, tags, visits, reminder and debt", async () => {
    await mountWithCleanup(DentalCallPopup, { props: props({ number: "+79167000001", patient: PATIENT, lead: false }) });
    expect(".o_dental_call_number").toHaveText("+79167000001");
    expect(".o_dental_call_photo").toHaveCount(1); // Hoot replaces image sources
    expect(".o_dental_call_patient").toHaveText("Zvonkova Irina");
    expect(".o_dental_call_tags .badge").toHaveCount(2);
    expect(".o_dental_call_next").toHaveText(/Dr\. Zubova/);
    expect(".o_dental_call_last").toHaveText("10/01/2026");
    expect(".o_dental_call_reminder").toHaveText("12/09/2026");
    expect(".o_dental_call_debt").toHaveText("1,500.00 ₽");
    expect(".o_dental_call_new_lead").toHaveCount(0);
    await click(".o_dental_call_patient");
    await click(".o_dental_call_close");
    expect.verifySteps(["open:7", "close"]);
});

test("a caller whose money the user may not read: no debt row", async () => {
    const patient = { ...PATIENT, debt: false, next_visit: false, last_visit: false };
    await mountWithCleanup(DentalCallPopup, { props: props({ number: "+7", patient, lead: false }) });
    expect(".o_dental_call_debt").toHaveCount(0);
    expect(".o_dental_call_next").toHaveText("None booked");
    expect(".o_dental_call_last").toHaveText("Never");
});

test("an unknown number offers a new lead or a new patient", async () => {
    await mountWithCleanup(DentalCallPopup, { props: props({ number: "+79035550077", patient: false, lead: false }) });
    expect(".o_dental_call_unknown").toHaveCount(1);
    await click(".o_dental_call_new_lead");
    await click(".o_dental_call_new_patient");
    expect.verifySteps(["lead", "patient"]);
});

test("an unknown number with an open lead links the lead instead of a new one", async () => {
    const info = { number: "+79035550077", patient: false, lead: { id: 5, name: "Implant enquiry" } };
    await mountWithCleanup(DentalCallPopup, { props: props(info) });
    expect(".o_dental_call_new_lead").toHaveCount(0);
    expect(".o_dental_call_lead").toHaveText("Implant enquiry");
    await click(".o_dental_call_lead");
    expect.verifySteps(["open_lead:5"]);
});
