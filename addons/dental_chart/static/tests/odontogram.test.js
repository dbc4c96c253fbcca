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

import {
    rowTeeth,
    STATUS_COLORS,
    teethOf,
    toothShapes,
    toothState,
    toothType,
} from "@dental_chart/odontogram/odontogram_layout";

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
    // the mixed dentition shows the tooth standing at each position; "Show All" gives the four rows
    expect(".o_dental_tooth").toHaveCount(32);
    await click(".o_dental_show_all");
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

// ---------------------------------------------------------------- anatomical drawing (issue 29)

const DRAWN = [
    { id: 11, code: "caries", name: "Caries", color: "#d9534f", draw: "surface", drawing: "caries" },
    { id: 12, code: "filling", name: "Filling", color: "#337ab7", draw: "surface", drawing: "filling" },
    { id: 13, code: "crown", name: "Crown", color: "#d4a017", draw: "crown", drawing: "crown" },
    { id: 14, code: "veneer", name: "Veneer", color: "#e6b800", draw: "surface", drawing: "veneer" },
    { id: 15, code: "rct", name: "Root canal treated", color: "#6f42c1", draw: "root", drawing: "root_canal" },
    { id: 16, code: "post", name: "Post", color: "#6c757d", draw: "root", drawing: "post" },
    { id: 17, code: "implant", name: "Implant", color: "#2c3e50", draw: "implant", drawing: "implant" },
    { id: 18, code: "bridge", name: "Bridge element", color: "#b8860b", draw: "bridge", drawing: "bridge" },
    { id: 19, code: "missing", name: "Missing", color: "#999999", draw: "missing", drawing: "missing" },
    { id: 20, code: "planned_extraction", name: "Planned extraction", color: "#d9534f", draw: "cross", drawing: "extraction" },
    { id: 21, code: "fracture", name: "Fracture", color: "#ff7f0e", draw: "outline", drawing: "fracture" },
    { id: 22, code: "periodontitis", name: "Periodontitis", color: "#8b0000", draw: "root", drawing: "root_lesion" },
    { id: 23, code: "root_remnant", name: "Root remnant", color: "#a94442", draw: "root", drawing: "remnant" },
    { id: 24, code: "impacted", name: "Impacted", color: "#777777", draw: "outline", drawing: "unerupted" },
    { id: 25, code: "own", name: "Clinic's own", color: "#00aa88", draw: "surface", drawing: false },
];

function drawnChart(findingsByTooth = {}, planByTooth = {}) {
    const data = chartData(findingsByTooth);
    data.conditions = DRAWN;
    for (const [code, plan] of Object.entries(planByTooth)) {
        data.teeth[code].plan = plan;
    }
    return data;
}

test("each tooth is drawn by its type: crown outline and its roots", async () => {
    // roots by type: upper molars 3, lower molars 2, first upper premolar 2, other premolars and front teeth 1
    const roots = (code) => toothType(code).roots.length;
    expect(["16", "17", "26", "18"].map(roots)).toEqual([3, 3, 3, 3]);
    expect(["36", "47", "38"].map(roots)).toEqual([2, 2, 2]);
    expect(["14", "24", "15", "34", "45"].map(roots)).toEqual([2, 2, 1, 1, 1]);
    expect(["11", "12", "13", "31", "43"].map(roots)).toEqual([1, 1, 1, 1, 1]);
    expect(["55", "64", "75", "84", "51", "83"].map(roots)).toEqual([3, 3, 2, 2, 1, 1]);
    expect(["11", "13", "14", "16", "53", "54"].map((code) => toothType(code).kind)).toEqual([
        "incisor",
        "canine",
        "premolar",
        "molar",
        "canine",
        "molar",
    ]);
    // a primary tooth stands under (over) its permanent successor in the mixed chart
    expect(toothShapes("55", 0, "upperPrimary", 150).column).toBe(toothShapes("15", 3, "upperPermanent", 0).column);
    expect(toothShapes("75", 9, "lowerPrimary", 300).column).toBe(toothShapes("35", 12, "lowerPermanent", 450).column);

    onRpc("dental_get_chart", () => chartData());
    await mountChart();
    await click(".o_dental_dentition_mixed");
    await animationFrame();
    await click(".o_dental_show_all");
    await animationFrame();
    for (const [code, kind, count] of [
        ["11", "incisor", 1],
        ["13", "canine", 1],
        ["14", "premolar", 2],
        ["15", "premolar", 1],
        ["16", "molar", 3],
        ["36", "molar", 2],
        ["55", "molar", 3],
        ["85", "molar", 2],
        ["53", "canine", 1],
    ]) {
        expect(tooth(code)).toHaveAttribute("data-kind", kind);
        expect(`${tooth(code)} path.o_dental_root`).toHaveCount(count);
        expect(`${tooth(code)} path.o_dental_crown_view`).toHaveCount(1);
        expect(`${tooth(code)} .o_dental_surface`).toHaveCount(6);
    }
    // roots point up on the upper jaw, down on the lower jaw
    const box = (selector) => queryAll(selector)[0].getBBox();
    expect(box(`${tooth("16")} path.o_dental_root`).y).toBeLessThan(box(`${tooth("16")} path.o_dental_crown_view`).y);
    expect(box(`${tooth("36")} path.o_dental_root`).y).toBeGreaterThan(box(`${tooth("36")} path.o_dental_crown_view`).y);
});

test("each condition kind is drawn as a dentist draws it, in the colour of its status", async () => {
    onRpc("dental_get_chart", () =>
        drawnChart({
            16: [finding({ condition: "caries", surfaces: ["O", "D"] })],
            17: [finding({ condition: "filling", surfaces: ["O"], origin: "procedure" })],
            15: [finding({ condition: "filling", surfaces: ["M"], origin: "manual" })],
            11: [finding({ condition: "crown" })],
            12: [finding({ condition: "veneer" })],
            26: [finding({ condition: "rct" }), finding({ id: 2, condition: "post", origin: "procedure" })],
            36: [finding({ condition: "missing" }), finding({ id: 3, condition: "implant", origin: "procedure" })],
            46: [finding({ condition: "missing" })],
            48: [finding({ condition: "planned_extraction" })],
            21: [finding({ condition: "fracture" })],
            33: [finding({ condition: "periodontitis" })],
            37: [finding({ condition: "root_remnant" })],
            38: [finding({ condition: "impacted" })],
            43: [finding({ condition: "own", surfaces: ["B"] })],
            // a bridge 34-35-36... here 23-24-25 with the pontic 24 (missing)
            23: [finding({ id: 9, condition: "bridge" })],
            24: [finding({ condition: "missing" }), finding({ id: 9, condition: "bridge" })],
            25: [finding({ id: 9, condition: "bridge" })],
        })
    );
    await mountChart();
    const { planned, done, existing } = STATUS_COLORS;
    // caries on its surfaces in its colour; fillings blue when done here, black when existing
    expect(`${tooth("16")} polygon[data-surface='O']`).toHaveAttribute("fill", "#d9534f");
    expect(`${tooth("16")} polygon[data-surface='D']`).toHaveAttribute("fill", "#d9534f");
    expect(`${tooth("16")} polygon[data-surface='B']`).toHaveAttribute("fill", "#ffffff");
    expect(`${tooth("17")} polygon[data-surface='O']`).toHaveAttribute("fill", done);
    expect(`${tooth("15")} polygon[data-surface='M']`).toHaveAttribute("fill", existing);
    // crown: outline over the crown (buccal view) and around the occlusal view
    expect(`${tooth("11")} g.o_dental_crown`).toHaveAttribute("stroke", existing);
    expect(`${tooth("11")} g.o_dental_crown path`).toHaveCount(1);
    expect(`${tooth("11")} g.o_dental_crown rect`).toHaveCount(1);
    expect(`${tooth("12")} .o_dental_veneer`).toHaveAttribute("fill", existing);
    // root-canal filling: a line in each root; post in the root
    expect(`${tooth("26")} g.o_dental_canal path`).toHaveCount(3);
    expect(`${tooth("26")} .o_dental_post`).toHaveAttribute("stroke", done);
    // implant: a screw in place of the roots
    expect(`${tooth("36")} g.o_dental_implant`).toHaveAttribute("stroke", done);
    expect(`${tooth("36")} g.o_dental_implant line`).not.toHaveCount(0);
    expect(`${tooth("36")} path.o_dental_root`).toHaveCount(0);
    expect(tooth("36")).not.toHaveClass("o_dental_missing");
    // missing: not drawn
    expect(tooth("46")).toHaveClass("o_dental_missing");
    expect(`${tooth("46")} .o_dental_anatomy`).toHaveCount(0);
    // planned extraction: red cross over the whole tooth
    expect(`${tooth("48")} g.o_dental_cross`).toHaveAttribute("stroke", "#d9534f");
    expect(`${tooth("48")} g.o_dental_cross line`).toHaveCount(2);
    expect(`${tooth("21")} polyline.o_dental_fracture`).toHaveAttribute("stroke", "#ff7f0e");
    expect(`${tooth("33")} circle.o_dental_apical`).toHaveCount(1);
    expect(`${tooth("33")} path.o_dental_root`).toHaveAttribute("fill", "#8b0000");
    expect(`${tooth("37")} path.o_dental_crown_view`).toHaveCount(0);
    expect(`${tooth("37")} path.o_dental_root`).toHaveCount(2);
    expect(`${tooth("38")} rect.o_dental_outline`).toHaveCount(1);
    // a clinic's own condition without a drawing paints in its colour
    expect(`${tooth("43")} polygon[data-surface='B']`).toHaveAttribute("fill", "#00aa88");
    // bridge: one bar over its teeth, the pontic without roots
    expect(".o_dental_bridge").toHaveCount(3);
    expect(`${tooth("24")} .o_dental_bridge`).toHaveClass("o_dental_pontic");
    expect(`${tooth("24")} path.o_dental_root`).toHaveCount(0);
    expect(`${tooth("23")} path.o_dental_root`).toHaveCount(1);
    const bar = (code) => queryOne(`${tooth(code)} .o_dental_bridge`);
    const end = (el) => Number(el.getAttribute("x")) + Number(el.getAttribute("width"));
    expect(end(bar("23"))).toBe(Number(bar("24").getAttribute("x")));
    expect(end(bar("24"))).toBe(Number(bar("25").getAttribute("x")));
    // the legend tells the status colours
    expect(queryAll(".o_dental_status_item").map((el) => el.dataset.status)).toEqual(["planned", "done", "existing"]);
    expect(planned).toBe("#d62728");
});

test("plan lines show on the teeth they touch in the plan colour", async () => {
    onRpc("dental_get_chart", () =>
        drawnChart(
            { 46: [finding({ condition: "missing" })] },
            {
                46: [
                    { id: 1, name: "Implant", condition: "implant", surfaces: [] },
                    { id: 2, name: "Crown on implant", condition: "crown", surfaces: [] },
                ],
                36: [{ id: 3, name: "Filling", condition: "filling", surfaces: ["O", "M"] }],
                11: [{ id: 4, name: "Consultation", condition: false, surfaces: [] }],
            }
        )
    );
    await mountChart();
    const { planned } = STATUS_COLORS;
    expect(`${tooth("46")} g.o_dental_implant`).toHaveAttribute("stroke", planned);
    expect(`${tooth("46")} g.o_dental_crown`).toHaveAttribute("stroke", planned);
    expect(`${tooth("36")} polygon[data-surface='O']`).toHaveAttribute("fill", planned);
    expect(`${tooth("36")} polygon[data-surface='M']`).toHaveAttribute("fill", planned);
    expect(".o_dental_tooth.o_dental_planned").toHaveCount(3);
    expect(`${tooth("11")} title`).toHaveText(/Planned work: Consultation/);
    // a bridge resolves the "missing" of its pontics: the server marks them
    const byCode = Object.fromEntries(DRAWN.map((c) => [c.code, c]));
    const pontic = toothState([finding({ id: 7, condition: "bridge", pontic: true })], byCode);
    expect(pontic.pontic).toBe(true);
    expect(pontic.bridgeIds).toEqual([7]);
    expect(toothState([finding({ id: 7, condition: "bridge" })], byCode).pontic).toBe(false);
    const state = toothState([], Object.fromEntries(DRAWN.map((c) => [c.code, c])), [
        { id: 5, condition: "planned_extraction", surfaces: [] },
    ]);
    expect(state.cross).toBe(planned);
    expect(state.planned).toBe(true);
});

test("the chart of a patient with 30 findings and a plan draws in less than 100 ms after its RPC (one per load)", async () => {
    const codes = teethOf("permanent");
    const kinds = ["caries", "filling", "crown", "rct", "implant", "planned_extraction", "fracture", "veneer"];
    const findingsByTooth = {};
    for (let i = 0; i < 30; i++) {
        const code = codes[i % codes.length];
        (findingsByTooth[code] ||= []).push(
            finding({ id: i + 1, condition: kinds[i % kinds.length], surfaces: ["O", "M"], origin: "procedure" })
        );
    }
    const plan = {};
    for (const code of codes.slice(0, 10)) {
        plan[code] = [{ id: 100, name: "Crown", condition: "crown", surfaces: [] }];
    }
    let calls = 0;
    onRpc("dental_get_chart", () => {
        calls++;
        return drawnChart(findingsByTooth, plan);
    });
    const start = performance.now();
    await mountChart();
    const total = performance.now() - start;
    const svg = () => queryOne(".o_dental_chart_svg");
    const times = [Number(svg().dataset.drawMs)];
    // two more loads (a date picked: one RPC each, a full redraw); the best of three filters out the
    // load of a shared test machine
    for (const date of ["2026-02-01", "2026-03-01"]) {
        const input = queryOne(".o_dental_date");
        input.value = date;
        input.dispatchEvent(new Event("change"));
        await animationFrame();
        times.push(Number(svg().dataset.drawMs));
    }
    const best = Math.min(...times);
    console.info(
        `[dental_chart] odontogram with 30 findings and a plan: drawn in ${times.join(" / ")} ms after its RPC ` +
            `(best ${best} ms; first mount with the form ${total.toFixed(1)} ms)`
    );
    expect(calls).toBe(3);
    expect(".o_dental_tooth").toHaveCount(32);
    expect(`${tooth("46")} g.o_dental_crown`).toHaveCount(1);
    expect(best).toBeGreaterThan(0);
    expect(best).toBeLessThan(100);
});

// ---------------------------------------------------------------- mixed dentition per position (issue 29)

/** `mixed` of dental_get_chart: every permanent position to itself, but the positions of the primary teeth given. */
function mixedOf(primaryCodes) {
    const mixed = Object.fromEntries(teethOf("permanent").map((code) => [code, code]));
    const successor = { 5: 1, 6: 2, 7: 3, 8: 4 };
    for (const code of primaryCodes) {
        mixed[`${successor[code[0]]}${code[1]}`] = code;
    }
    return mixed;
}

test("mixed dentition: one row per jaw with the tooth standing at each position (a 7-year-old)", async () => {
    // the server's choice for a 7-year-old: 51 extracted and 11 erupted, 31 and 41 erupted,
    // the other primary teeth still in place; 16, 26, 36, 46 permanent (no predecessor)
    const primary = ["55", "54", "53", "52", "61", "62", "63", "64", "65", "75", "74", "73", "72", "85", "84", "83", "82"];
    const data = drawnChart({
        51: [finding({ condition: "missing" })],
        11: [finding({ condition: "filling", surfaces: ["B"] })],
        55: [finding({ condition: "caries", surfaces: ["O"] })],
        16: [finding({ condition: "filling", surfaces: ["O"], origin: "procedure" })],
        // 21 not erupted: 61 stays, 21 is hidden with something to draw
        21: [finding({ condition: "impacted" })],
    });
    data.dentition = "mixed";
    data.mixed = mixedOf(primary);
    data.mixed_hidden = ["21"];
    onRpc("dental_get_chart", () => data);
    await mountChart();
    expect(".o_dental_dentition_mixed").toHaveClass("btn-primary");
    expect(".o_dental_tooth").toHaveCount(32);
    // one tooth per position: the primary teeth where they stand, the erupted successors in their place
    for (const code of ["16", "26", "36", "46", "11", "31", "41", "55", "61", "85", "73"]) {
        expect(tooth(code)).toHaveCount(1);
    }
    for (const code of ["15", "51", "21", "35", "71", "81"]) {
        expect(tooth(code)).toHaveCount(0);
    }
    // each by its own shape and number: 55 a primary upper molar (3 roots, smaller), 16 a permanent molar
    expect(tooth("55")).toHaveAttribute("data-kind", "molar");
    expect(`${tooth("55")} path.o_dental_root`).toHaveCount(3);
    expect(`${tooth("55")} .o_dental_label`).toHaveText("55");
    expect(`${tooth("53")} path.o_dental_root`).toHaveCount(1);
    expect(tooth("53")).toHaveAttribute("data-kind", "canine");
    expect(`${tooth("85")} path.o_dental_root`).toHaveCount(2);
    expect(`${tooth("16")} path.o_dental_root`).toHaveCount(3);
    expect(`${tooth("55")} polygon[data-surface='O']`).toHaveAttribute("fill", "#d9534f");
    expect(`${tooth("16")} polygon[data-surface='O']`).toHaveAttribute("fill", STATUS_COLORS.done);
    expect(`${tooth("11")} polygon[data-surface='B']`).toHaveAttribute("fill", STATUS_COLORS.existing);
    // the occlusal square of a primary tooth is smaller
    const width = (code) => {
        const [first, second] = queryOne(`${tooth(code)} polygon[data-surface='B']`).getAttribute("points").split(" ");
        return Number(second.split(",")[0]) - Number(first.split(",")[0]);
    };
    expect(width("55")).toBeLessThan(width("16"));
    // at the column of its position: 55 where 15 stands in the permanent chart, 11 at its own
    const bgX = (code) => Number(queryOne(`${tooth(code)} .o_dental_tooth_bg`).getAttribute("x"));
    expect(bgX("55")).toBe(toothShapes("15", 3, "upperPermanent", 0).bg.x);
    expect(bgX("11")).toBe(toothShapes("11", 7, "upperPermanent", 0).bg.x);
    expect(bgX("85")).toBe(toothShapes("45", 3, "lowerPermanent", 0).bg.x);
    expect(queryOne(".o_dental_chart_svg").getAttribute("viewBox")).toMatch(/ 300$/);
    // the jaws and "All" select what is drawn
    await click(".o_dental_select_upper");
    await animationFrame();
    expect(".o_dental_tooth.o_selected").toHaveCount(16);
    expect(tooth("55")).toHaveClass("o_selected");
    expect(tooth("11")).toHaveClass("o_selected");
    // the hidden 21 has a finding: "Show All" tells it, and shows it in the four rows
    expect(".o_dental_hidden_count").toHaveText("1");
    expect(".o_dental_hidden_count").toHaveAttribute("title", "21");
    await click(".o_dental_show_all");
    await animationFrame();
    expect(".o_dental_tooth").toHaveCount(52);
    expect(`${tooth("21")} rect.o_dental_outline`).toHaveCount(1);
    expect(tooth("51")).toHaveClass("o_dental_missing");
    expect(tooth("15")).toHaveCount(1);
    expect(".o_dental_hidden_count").toHaveCount(0);
    expect(".o_dental_tooth.o_selected").toHaveCount(16);
    await click(".o_dental_select_all");
    await click(".o_dental_show_all");
    await animationFrame();
    expect(".o_dental_tooth").toHaveCount(32);
    // the selection keeps only what is drawn
    expect(".o_dental_tooth.o_selected").toHaveCount(32);
    await click(".o_dental_dentition_permanent");
    await animationFrame();
    expect(".o_dental_show_all").toHaveCount(0);
    expect(tooth("15")).toHaveCount(1);
    expect(tooth("55")).toHaveCount(0);
});

test("mixed dentition helper: the teeth of a mixed row", () => {
    const mixed = mixedOf(["55", "51"]);
    expect(rowTeeth("upperMixed", mixed).slice(0, 8)).toEqual(["18", "17", "16", "55", "14", "13", "12", "51"]);
    expect(rowTeeth("upperMixed", mixed).slice(8)).toEqual(teethOf("permanent", "upper").slice(8));
    expect(rowTeeth("upperMixed")).toEqual(teethOf("permanent", "upper"));
    expect(rowTeeth("upperPrimary")).toEqual(teethOf("primary", "upper"));
    expect(rowTeeth("lowerMixed", mixedOf(["85"]))[3]).toBe("85");
});
