import { defineMailModels } from "@mail/../tests/mail_test_helpers";
import { describe, expect, test } from "@odoo/hoot";
import { click, dblclick, edit, queryAll, queryAllTexts, queryOne } from "@odoo/hoot-dom";
import { animationFrame } from "@odoo/hoot-mock";
import {
    defineModels,
    fields,
    mockService,
    models,
    mountView,
    onRpc,
} from "@web/../tests/web_test_helpers";

import { teethOf, toothShapes, toothState } from "@dental_chart/odontogram/odontogram_layout";

describe.current.tags("desktop", "dental_chart");

const CONDITIONS = [
    { id: 1, code: "caries", name: "Caries", color: "#d9534f", draw: "surface" },
    { id: 2, code: "filling", name: "Filling", color: "#337ab7", draw: "surface" },
    { id: 3, code: "crown", name: "Crown", color: "#d4a017", draw: "crown" },
    { id: 4, code: "missing", name: "Missing", color: "#999999", draw: "missing" },
    { id: 5, code: "rct", name: "Root canal treated", color: "#6f42c1", draw: "root" },
    { id: 6, code: "implant", name: "Implant", color: "#2c3e50", draw: "implant" },
];
const SURFACES = ["M", "D", "O", "B", "L", "C"].map((code, i) => ({ id: 100 + i, code, name: code }));

function chartData(findingsByTooth = {}, date = "2026-03-01") {
    const teeth = {};
    let id = 1;
    for (const code of [...teethOf("permanent"), ...teethOf("primary")]) {
        teeth[code] = {
            id: id++,
            code,
            label: code,
            dentition: Number(code[0]) > 4 ? "primary" : "permanent",
            findings: findingsByTooth[code] || [],
        };
    }
    return { date, notation: "fdi", dentition: "permanent", teeth, conditions: CONDITIONS, surfaces: SURFACES };
}

const finding = (values) => ({
    id: 1,
    date: "2026-01-10",
    condition: false,
    diagnosis: false,
    diagnosis_name: false,
    surfaces: [],
    origin: "manual",
    note: "",
    ...values,
});

class DentalPatient extends models.Model {
    _name = "dental.patient";
    name = fields.Char();
    _records = [{ id: 1, name: "Ivanova" }];
}

defineMailModels();
defineModels([DentalPatient]);

async function mountChart() {
    await mountView({
        type: "form",
        resModel: "dental.patient",
        resId: 1,
        arch: `<form><sheet><field name="name"/><widget name="dental_odontogram"/></sheet></form>`,
    });
}

const tooth = (code) => `.o_dental_tooth[data-code='${code}']`;

test("layout: rows, arches and surface orientation", () => {
    expect(teethOf("permanent")).toHaveLength(32);
    expect(teethOf("primary")).toHaveLength(20);
    expect(teethOf("mixed")).toHaveLength(52);
    expect(teethOf("permanent", "upper").slice(0, 3)).toEqual(["18", "17", "16"]);
    // mesial faces the midline: right half of the box for 16 (patient's right), left for 26
    const s16 = toothShapes("16", 2, "upperPermanent", 0);
    const s26 = toothShapes("26", 13, "upperPermanent", 0);
    const firstX = (points) => Number(points.split(" ")[0].split(",")[0]);
    expect(firstX(s16.surfaces.M)).toBeGreaterThan(s16.x);
    expect(firstX(s26.surfaces.M)).toBe(s26.x);
    // roots point up on the upper jaw and down on the lower jaw
    expect(s16.cervical.y).toBeLessThan(s16.y);
    const s36 = toothShapes("36", 10, "lowerPermanent", 100);
    expect(s36.cervical.y).toBeGreaterThan(s36.y);
});

test("state: later findings win, whole-tooth conditions", () => {
    const conditions = Object.fromEntries(CONDITIONS.map((c) => [c.code, c]));
    const state = toothState(
        [
            finding({ condition: "caries", surfaces: ["O", "M"] }),
            finding({ condition: "filling", surfaces: ["O"] }),
            finding({ condition: "rct" }),
            finding({ diagnosis: "K02.1" }),
        ],
        conditions
    );
    expect(state.surfaces).toEqual({ O: "#337ab7", M: "#d9534f" });
    expect(state.root).toBe("#6f42c1");
    expect(state.diagnoses).toEqual(["K02.1"]);
    expect(toothState([finding({ condition: "missing" })], conditions).missing).toBe(true);
    const implant = toothState([finding({ condition: "missing" }), finding({ condition: "implant" })], conditions);
    expect(implant.missing).toBe(false);
    expect(implant.implant).toBe("#2c3e50");
});

test("draws each tooth in its state with a legend", async () => {
    onRpc("dental_get_chart", () =>
        chartData({
            36: [finding({ condition: "caries", surfaces: ["O"], diagnosis: "K02.1" })],
            11: [finding({ condition: "crown" })],
            18: [finding({ condition: "missing" })],
            46: [finding({ condition: "caries", surfaces: ["C"] })],
        })
    );
    await mountChart();
    expect(".o_dental_tooth").toHaveCount(32);
    expect(`${tooth("36")} polygon[data-surface='O']`).toHaveAttribute("fill", "#d9534f");
    expect(`${tooth("36")} polygon[data-surface='M']`).toHaveAttribute("fill", "#ffffff");
    expect(`${tooth("36")} .o_dental_dx`).toHaveCount(1);
    expect(`${tooth("46")} rect[data-surface='C']`).toHaveAttribute("fill", "#d9534f");
    expect(`${tooth("11")} .o_dental_crown`).toHaveAttribute("stroke", "#d4a017");
    expect(tooth("18")).toHaveClass("o_dental_missing");
    expect(tooth("17")).not.toHaveClass("o_dental_missing");
    expect(queryAllTexts(".o_dental_legend_item.fw-bold")).toEqual(["Caries", "Crown", "Missing"]);
});

test("selects teeth one by one, by arch, all, and switches dentition", async () => {
    onRpc("dental_get_chart", () => chartData());
    await mountChart();
    expect(".o_dental_add_finding").not.toBeEnabled();
    await click(tooth("36"));
    await animationFrame();
    expect(tooth("36")).toHaveClass("o_selected");
    expect(".o_dental_add_finding").toHaveText("Add Finding (1)");
    await click(tooth("37"));
    await click(tooth("36"));
    await animationFrame();
    expect(".o_dental_tooth.o_selected").toHaveCount(1);
    expect(tooth("37")).toHaveClass("o_selected");
    await click(".o_dental_select_upper");
    await animationFrame();
    expect(".o_dental_tooth.o_selected").toHaveCount(16);
    expect(tooth("37")).not.toHaveClass("o_selected");
    await click(".o_dental_select_all");
    await animationFrame();
    expect(".o_dental_tooth.o_selected").toHaveCount(32);
    await click(".o_dental_dentition_primary");
    await animationFrame();
    expect(".o_dental_tooth").toHaveCount(20);
    expect(".o_dental_tooth.o_selected").toHaveCount(0);
    await click(".o_dental_dentition_mixed");
    await animationFrame();
    expect(".o_dental_tooth").toHaveCount(52);
    await click(".o_dental_select_lower");
    await animationFrame();
    expect(".o_dental_tooth.o_selected").toHaveCount(26);
    await click(".o_dental_select_clear");
    await animationFrame();
    expect(".o_dental_tooth.o_selected").toHaveCount(0);
});

test("surfaces of the selection go to the new finding", async () => {
    onRpc("dental_get_chart", () => chartData());
    const actions = [];
    mockService("action", {
        doAction(action) {
            actions.push(action);
            return Promise.resolve(true);
        },
    });
    await mountChart();
    expect(".o_dental_surface_btn:disabled").toHaveCount(6);
    await click(tooth("36"));
    await animationFrame();
    await click(".o_dental_surface_btn[data-surface='O']");
    await click(".o_dental_surface_btn[data-surface='M']");
    await click(".o_dental_surface_btn[data-surface='C']");
    await click(".o_dental_surface_btn[data-surface='C']");
    await animationFrame();
    expect(queryAll(".o_dental_surface_btn.btn-info").map((el) => el.dataset.surface)).toEqual(["M", "O"]);
    await click(".o_dental_add_finding");
    await animationFrame();
    expect(actions).toHaveLength(1);
    expect(actions[0].res_model).toBe("dental.chart.finding");
    expect(actions[0].context.default_patient_id).toBe(1);
    // tooth 36 is the 27th tooth created by chartData (ids follow the upper then lower rows)
    expect(actions[0].context.default_tooth_ids).toEqual([teethOf("permanent").indexOf("36") + 1]);
    expect(actions[0].context.default_surface_ids).toEqual([100, 102]);
});

test("surfaces of the selection go to the plan; surface buttons name their surface", async () => {
    const data = chartData();
    data.surfaces = data.surfaces.map((surface) => ({ ...surface, name: `Surface ${surface.code}` }));
    onRpc("dental_get_chart", () => data);
    const calls = [];
    mockService("action", {
        doAction(action, options) {
            calls.push(options?.additionalContext);
            return Promise.resolve(true);
        },
    });
    await mountChart();
    expect(".o_dental_surface_btn[data-surface='O']").toHaveAttribute("title", "Surface O");
    await click(tooth("36"));
    await animationFrame();
    await click(".o_dental_surface_btn[data-surface='O']");
    await click(".o_dental_surface_btn[data-surface='D']");
    await animationFrame();
    await click(".o_dental_plan");
    await animationFrame();
    expect(calls).toHaveLength(1);
    expect(calls[0].default_tooth_ids).toEqual([teethOf("permanent").indexOf("36") + 1]);
    expect(calls[0].default_surface_ids).toEqual([101, 102]);
});

test("double click adds a finding on that tooth only", async () => {
    onRpc("dental_get_chart", () => chartData());
    const actions = [];
    mockService("action", {
        doAction(action) {
            actions.push(action);
            return Promise.resolve(true);
        },
    });
    await mountChart();
    await click(".o_dental_select_all");
    await animationFrame();
    await dblclick(tooth("46"));
    await animationFrame();
    expect(".o_dental_tooth.o_selected").toHaveCount(1);
    expect(actions.at(-1).context.default_tooth_ids).toEqual([teethOf("permanent").indexOf("46") + 1]);
});

test("unsaved changes of the card are saved before a dialog opens", async () => {
    onRpc("dental_get_chart", () => chartData());
    onRpc("web_save", () => {
        expect.step("web_save");
    });
    mockService("action", {
        doAction() {
            expect.step("doAction");
            return Promise.resolve(true);
        },
    });
    await mountChart();
    await click(".o_field_widget[name=name] input");
    await edit("Ivanova M.");
    await click(tooth("36"));
    await animationFrame();
    await click(".o_dental_add_finding");
    await animationFrame();
    expect.verifySteps(["web_save", "doAction"]);
});

test("plan buttons open the plan wizard for the selected teeth", async () => {
    onRpc("dental_get_chart", () => chartData());
    const calls = [];
    mockService("action", {
        doAction(action, options) {
            calls.push([action, options?.additionalContext]);
            return Promise.resolve(true);
        },
    });
    await mountChart();
    await click(tooth("11"));
    await click(tooth("21"));
    await animationFrame();
    await click(".o_dental_plan");
    await click(".o_dental_add_services");
    await animationFrame();
    expect(calls.map(([action]) => action)).toEqual([
        "dental_chart.dental_plan_wizard_action",
        "dental_chart.dental_plan_wizard_action",
    ]);
    const ids = ["11", "21"].map((code) => teethOf("permanent").indexOf(code) + 1);
    expect(calls[0][1]).toEqual({
        default_patient_id: 1,
        default_tooth_ids: ids,
        default_surface_ids: [],
        default_step: "pick",
    });
    expect(calls[1][1].default_step).toBe("edit");
    await click(".o_dental_new_record");
    await animationFrame();
    const recordAction = calls.at(-1)[0];
    expect(recordAction.res_model).toBe("dental.visit.record");
    expect(recordAction.context.default_tooth_ids).toEqual(ids);
});

test("shows the chart as it was on a chosen date with one call per load", async () => {
    const calls = [];
    onRpc("dental_get_chart", ({ kwargs }) => {
        calls.push(kwargs.date || null);
        return kwargs.date === "2025-12-01"
            ? chartData({}, "2025-12-01")
            : chartData({ 36: [finding({ condition: "filling", surfaces: ["O"] })] });
    });
    await mountChart();
    expect(calls).toEqual([null]);
    expect(`${tooth("36")} polygon[data-surface='O']`).toHaveAttribute("fill", "#337ab7");
    const input = queryOne(".o_dental_date");
    input.value = "2025-12-01";
    input.dispatchEvent(new Event("change"));
    await animationFrame();
    expect(calls).toEqual([null, "2025-12-01"]);
    expect(`${tooth("36")} polygon[data-surface='O']`).toHaveAttribute("fill", "#ffffff");
    expect(".o_dental_past").toHaveCount(1);
    expect(".o_dental_add_finding").not.toBeEnabled();
    await click(".o_dental_today");
    await animationFrame();
    expect(calls).toEqual([null, "2025-12-01", "2026-03-01"]);
    expect(".o_dental_past").toHaveCount(0);
});
