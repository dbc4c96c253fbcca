import { defineMailModels } from "@mail/../tests/mail_test_helpers";
import { describe, expect, test } from "@odoo/hoot";
import { click, queryAll } from "@odoo/hoot-dom";
import { animationFrame } from "@odoo/hoot-mock";
import { defineModels, fields, mockService, models, mountView, onRpc } from "@web/../tests/web_test_helpers";

import { teethOf } from "@dental_chart/odontogram/odontogram_layout";

describe.current.tags("desktop", "dental_chart");

/** The chart's side of the viewer: an image's teeth highlighted, the selected teeth's images. */

class DentalPatient extends models.Model {
    _name = "dental.patient";
    name = fields.Char();
    _records = [{ id: 1, name: "Ivanova" }];
}

defineMailModels();
defineModels([DentalPatient]);

function chartData() {
    const teeth = {};
    let id = 1;
    for (const code of teethOf("permanent")) {
        teeth[code] = { id: id++, code, label: code, dentition: "permanent", findings: [] };
    }
    return { date: "2026-03-01", notation: "fdi", dentition: "permanent", teeth, conditions: [], surfaces: [] };
}

const toothId = (code) => teethOf("permanent").indexOf(code) + 1;

async function mountChart(context = {}) {
    onRpc("dental_get_chart", () => chartData());
    await mountView({
        type: "form",
        resModel: "dental.patient",
        resId: 1,
        arch: `<form><sheet><field name="name"/><widget name="dental_odontogram"/></sheet></form>`,
        context,
    });
}

test("the teeth of an image come selected on the chart", async () => {
    await mountChart({ dental_chart_teeth: ["36", "37"] });
    expect(queryAll(".o_dental_tooth.o_selected").map((el) => el.dataset.code).sort()).toEqual(["36", "37"]);
});

test("the chart's Images button opens the images of the selected teeth", async () => {
    const actions = [];
    mockService("action", {
        doAction(action) {
            actions.push(action);
            return Promise.resolve(true);
        },
    });
    await mountChart();
    expect(".o_dental_tooth.o_selected").toHaveCount(0);
    await click(".o_dental_images");
    await animationFrame();
    expect(actions[0].res_model).toBe("dental.image");
    expect(actions[0].domain).toEqual([["patient_id", "=", 1]]);
    await click(".o_dental_tooth[data-code='36']");
    await animationFrame();
    await click(".o_dental_images");
    await animationFrame();
    expect(actions[1].domain).toEqual([
        ["patient_id", "=", 1],
        ["tooth_ids", "in", [toothId("36")]],
    ]);
});
