import { defineMailModels } from "@mail/../tests/mail_test_helpers";
import { describe, destroy, expect, test } from "@odoo/hoot";
import { click, edit, press, queryAll, queryAllTexts, queryFirst, unload } from "@odoo/hoot-dom";
import { advanceTime, animationFrame, mockSendBeacon } from "@odoo/hoot-mock";
import { defineModels, fields, models, mountView, onRpc } from "@web/../tests/web_test_helpers";
import { user } from "@web/core/user";

import { SAVE_DELAY } from "@dental_chart/perio/perio_chart";
import {
    depthY,
    entrySequence,
    LOWER_TEETH,
    MM,
    perioLines,
    screenSites,
    SLOT,
    slotX,
    toothImage,
    UPPER_TEETH,
    VIEWS,
} from "@dental_chart/perio/perio_layout";

describe.current.tags("desktop", "dental_chart");

const ALL_TEETH = [...UPPER_TEETH, ...LOWER_TEETH];
const siteMap = (value) => ({ db: value, b: value, mb: value, dl: value, l: value, ml: value });

/** A tooth of perio_get_chart: ``values`` as {pd: {db: 5}, bleed: {mb: true}, mobility: 1 ...}. */
function tooth(code, values = {}) {
    return {
        id: ALL_TEETH.indexOf(code) + 1,
        code,
        missing: false,
        mobility: 0,
        furcation: 0,
        ...values,
        pd: { ...siteMap(0), ...values.pd },
        gm: { ...siteMap(0), ...values.gm },
        bleed: { ...siteMap(false), ...values.bleed },
        supp: { ...siteMap(false), ...values.supp },
        plaque: { ...siteMap(false), ...values.plaque },
    };
}

function examTeeth(valuesByCode = {}, lineOffset = 0) {
    const teeth = {};
    for (const code of ALL_TEETH) {
        teeth[code] = tooth(code, valuesByCode[code]);
        teeth[code].id += lineOffset;
    }
    return teeth;
}

function chartData(valuesByCode = {}, compareValues = null) {
    return {
        exam: { id: 1, date: "2026-03-01", teeth: examTeeth(valuesByCode) },
        compare: compareValues && { id: 2, date: "2025-03-01", teeth: examTeeth(compareValues, 100) },
        exams: [{ id: 2, date: "2025-03-01", name: "Periodontal chart 2025-03-01" }],
    };
}

class DentalPerioExam extends models.Model {
    _name = "dental.perio.exam";
    name = fields.Char();
    compare_exam_id = fields.Many2one({ relation: "dental.perio.exam" });
    _records = [
        { id: 1, name: "Periodontal chart 2026-03-01", compare_exam_id: false },
        { id: 2, name: "Periodontal chart 2025-03-01", compare_exam_id: false },
    ];
}

defineMailModels();
defineModels([DentalPerioExam]);

async function mountChart() {
    return mountView({
        type: "form",
        resModel: "dental.perio.exam",
        resId: 1,
        arch: `<form><sheet>
            <field name="name"/><field name="compare_exam_id"/><field name="write_date" invisible="1"/>
            <widget name="dental_perio_chart"/>
        </sheet></form>`,
    });
}

const cell = (field, site) => `.o_perio_strip[data-field='${field}'] .o_perio_cell[data-site='${site}']`;
const current = () => queryAll(".o_perio_cell.o_perio_current").map((el) => el.dataset.site);
const pointsOf = (selector) =>
    queryAll(selector).map((el) =>
        el
            .getAttribute("points")
            .split(" ")
            .map((p) => p.split(",").map(Number))
    );

// ------------------------------------------------------------------ geometry

test("lines: margin at GM and pocket bottom at GM + PD, per site, apex up on the upper buccal view", () => {
    const view = VIEWS.UB;
    const lines = perioLines("UB", {
        16: tooth("16", { gm: { db: 1, b: 0, mb: 2 }, pd: { db: 5, b: 2, mb: 3 } }),
    });
    // 16 is the third column; on the patient's right the distal site is on the left
    const xs = [0.22, 0.5, 0.78].map((f) => slotX(2) + SLOT * f);
    expect(lines.margin).toEqual([
        [
            [xs[0], view.cejY - 1 * MM],
            [xs[1], view.cejY],
            [xs[2], view.cejY - 2 * MM],
        ],
    ]);
    expect(lines.pocket).toEqual([
        [
            [xs[0], view.cejY - 6 * MM],
            [xs[1], view.cejY - 2 * MM],
            [xs[2], view.cejY - 5 * MM],
        ],
    ]);
    // the pocket area closes the margin back along the pocket bottom
    expect(lines.areas).toHaveLength(1);
    expect(lines.areas[0].split(" ")).toHaveLength(6);
    expect(lines.deep.map((d) => [d.code, d.site, d.pd])).toEqual([["16", "db", 5]]);
});

test("lines: lower buccal view goes down, lingual sites mirror, missing teeth break the lines", () => {
    const lower = perioLines("LB", { 36: tooth("36", { pd: { mb: 4 }, gm: { mb: -1 } }) });
    // 36 is column 13 (48…41, 31…38) on the patient's left: the mesial site is on the left
    expect(lower.margin[0][0]).toEqual([slotX(13) + SLOT * 0.22, VIEWS.LB.cejY - MM]);
    expect(lower.pocket[0][0]).toEqual([slotX(13) + SLOT * 0.22, VIEWS.LB.cejY + 3 * MM]);
    expect(depthY(VIEWS.LB, 3)).toBeGreaterThan(depthY(VIEWS.LB, 0));
    expect(screenSites("UL").slice(0, 3).map((s) => s.site)).toEqual(["dl", "l", "ml"]);
    expect(screenSites("UL").slice(-3).map((s) => s.site)).toEqual(["ml", "l", "dl"]);
    const teeth = { 15: tooth("15"), 16: tooth("16", { missing: true }), 17: tooth("17") };
    const broken = perioLines("UL", teeth);
    expect(broken.margin).toHaveLength(2);
    expect(broken.margin.map((segment) => segment.length)).toEqual([3, 3]);
    // depths beyond the drawing stay inside it
    expect(depthY(VIEWS.UB, 40)).toBe(VIEWS.UB.imageTop);
});

test("lines: pockets of 4 mm and more are highlighted, bleeding and suppuration dots per site", () => {
    const lines = perioLines("LL", {
        46: tooth("46", { pd: { dl: 3, l: 4, ml: 7 }, bleed: { l: true, ml: true }, supp: { ml: true } }),
    });
    expect(lines.deep.map((d) => `${d.site}:${d.pd}`)).toEqual(["l:4", "ml:7"]);
    expect(lines.deep[1].y1 - lines.deep[1].y2).toBe(7 * MM);
    expect(lines.bleeding.map((d) => d.site)).toEqual(["l", "ml"]);
    expect(lines.suppuration.map((d) => d.site)).toEqual(["ml"]);
    // the dots sit on the crown side of the CEJ
    expect(lines.bleeding[0].y).toBeGreaterThan(VIEWS.LL.cejY);
});

test("tooth images by type: molars have a furcation, roots point away from the crowns", () => {
    const incisor = toothImage("11", 7, "UB");
    const molar = toothImage("16", 2, "UB");
    const lowerMolar = toothImage("36", 10, "LB");
    expect(incisor.roots).toHaveLength(1);
    expect(incisor.furcation).toBe(null);
    expect(molar.roots).toHaveLength(2); // two buccal roots and the palatal one behind
    expect(molar.furcation.y).toBeLessThan(VIEWS.UB.cejY);
    expect(lowerMolar.roots).toHaveLength(1);
    expect(lowerMolar.furcation.y).toBeGreaterThan(VIEWS.LB.cejY);
});

test("entry order: buccal 18→28, palatal 28→18, buccal 48→38, lingual 38→48", () => {
    const order = entrySequence().map((s) => `${s.view} ${s.code}${s.site}`);
    expect(order).toHaveLength(192);
    expect(order.slice(0, 4)).toEqual(["UB 18db", "UB 18b", "UB 18mb", "UB 17db"]);
    expect(order.slice(45, 51)).toEqual(["UB 28mb", "UB 28b", "UB 28db", "UL 28dl", "UL 28l", "UL 28ml"]);
    expect(order[95]).toBe("UL 18dl");
    expect(order.slice(96, 99)).toEqual(["LB 48db", "LB 48b", "LB 48mb"]);
    expect(order[143]).toBe("LB 38db");
    expect(order[144]).toBe("LL 38dl");
    expect(order.at(-1)).toBe("LL 48dl");
});

// ------------------------------------------------------------------ widget

test("draws the exam: teeth, lines, deep pockets, dots, mobility and furcation", async () => {
    onRpc("perio_get_chart", ({ args, kwargs }) => {
        expect.step(`load ${args[0]} ${kwargs.compare_exam_id}`);
        return chartData({
            18: { missing: true },
            16: { pd: { db: 5, b: 3, mb: 4 }, bleed: { db: true }, furcation: 2 },
            31: { pd: { l: 2 }, gm: { b: 3 }, supp: { l: true }, mobility: 2 },
        });
    });
    await mountChart();
    expect.verifySteps(["load 1 false"]);
    expect(".o_perio_view").toHaveCount(4);
    expect(".o_perio_view .o_perio_tooth").toHaveCount(64);
    expect(".o_perio_view .o_perio_tooth.o_perio_missing[data-code='18']").toHaveCount(2);
    // entry starts on the first tooth present
    expect(current()).toEqual(["17:db"]);
    // 18 missing: the upper lines start at 17 and go unbroken to 28
    const upperMargin = pointsOf(".o_perio_view[data-view='UB'] .o_perio_margin");
    expect(upperMargin).toHaveLength(1);
    expect(upperMargin[0]).toHaveLength(45);
    expect(".o_perio_view[data-view='LB'] .o_perio_margin").toHaveCount(1);
    expect(queryAll(".o_perio_svg .o_perio_deep").map((el) => el.dataset.site)).toEqual(["16:db", "16:mb"]);
    expect(".o_perio_svg .o_perio_bleeding").toHaveCount(1);
    expect(".o_perio_bleeding[data-site='16:db']").toHaveCount(1);
    expect(".o_perio_suppuration[data-site='31:l']").toHaveCount(1);
    expect(".o_perio_mobility[data-mobility='2']").toHaveText("II");
    expect(".o_perio_view[data-view='UB'] .o_perio_furcation[data-grade='2']").toHaveCount(1);
    expect(".o_perio_view[data-view='UB'] .o_perio_furcation .o_perio_furcation_fill").toHaveCount(1);
    // the PD numbers, deep ones marked
    expect(queryAllTexts(".o_perio_view[data-view='UB'] .o_perio_strip[data-field='pd'] .o_perio_cell_deep")).toEqual([
        "5",
        "4",
    ]);
    expect(`${cell("gm", "31:b")} text`).toHaveText("3");
    expect(".o_perio_svg .o_perio_compare").toHaveCount(0);
});

test("comparison: the chosen exam's lines are overlaid in grey dashes", async () => {
    onRpc("perio_get_chart", ({ kwargs }) => {
        expect.step(`load ${kwargs.compare_exam_id}`);
        return kwargs.compare_exam_id === 2
            ? chartData({ 16: { pd: { db: 6 } } }, { 16: { pd: { db: 3 } }, 17: { missing: true } })
            : chartData({ 16: { pd: { db: 6 } } });
    });
    await mountChart();
    expect(".o_perio_svg .o_perio_compare").toHaveCount(0);
    const select = queryFirst(".o_perio_compare_select");
    expect(queryAllTexts(".o_perio_compare_select option")).toHaveLength(2);
    select.value = "2";
    select.dispatchEvent(new Event("change"));
    await animationFrame();
    await animationFrame();
    expect.verifySteps(["load false", "load 2"]);
    // one margin and one pocket line per view; the upper ones break at the compared exam's missing 17
    expect(".o_perio_view[data-view='UB'] .o_perio_compare_margin").toHaveCount(2);
    expect(".o_perio_view[data-view='LB'] .o_perio_compare_pocket").toHaveCount(1);
    const [current] = pointsOf(".o_perio_view[data-view='UB'] .o_perio_pocket");
    const [, compared] = pointsOf(".o_perio_view[data-view='UB'] .o_perio_compare_pocket");
    // 16 db: 6 mm now (after the 6 sites of 18 and 17), 3 mm before (first site after the break)
    const cej = VIEWS.UB.cejY;
    expect(current[6][1]).toBe(cej - 6 * MM);
    expect(compared[0][1]).toBe(cej - 3 * MM);
    expect(compared[0][0]).toBe(current[6][0]);
    expect(".o_perio_legend_compare").toHaveCount(1);
    expect(".o_field_widget[name=compare_exam_id] input").toHaveValue("Periodontal chart 2025-03-01");
    select.value = "";
    select.dispatchEvent(new Event("change"));
    await animationFrame();
    await animationFrame();
    expect.verifySteps(["load false"]);
    expect(".o_perio_svg .o_perio_compare").toHaveCount(0);
});

test("keyboard entry: digits fill site by site in clinical order, saved in one call per batch", async () => {
    onRpc("perio_get_chart", () => chartData({ 17: { missing: true } }));
    onRpc("perio_save_sites", ({ args }) => {
        expect.step(["save", args[0], args[1]]);
        return true;
    });
    onRpc("web_read", () => {
        expect.step("reload form");
    });
    await mountChart();
    expect.verifySteps(["reload form"]);
    await click(`${cell("pd", "18:db")} rect`);
    await animationFrame();
    expect(current()).toEqual(["18:db"]);
    await press("3");
    await press("2");
    await press("5");
    await animationFrame();
    // 17 is missing: after 18 comes 16
    expect(current()).toEqual(["16:db"]);
    await press("b"); // bleeding on the site just entered (18 mb)
    await press("s");
    await animationFrame();
    expect(queryAllTexts(`.o_perio_view[data-view='UB'] .o_perio_strip[data-field='pd'] .o_perio_cell`).slice(0, 3)).toEqual([
        "3",
        "2",
        "5",
    ]);
    expect(".o_perio_bleeding[data-site='18:mb']").toHaveCount(1);
    expect(".o_perio_suppuration[data-site='18:mb']").toHaveCount(1);
    expect(".o_perio_deep[data-site='18:mb']").toHaveCount(1);
    expect(".o_perio_chart").toHaveAttribute("data-unsaved", "1");
    expect.verifySteps([]); // nothing sent per keystroke
    await press("Enter");
    await animationFrame();
    await animationFrame();
    expect.verifySteps([
        ["save", [1], [[1, { pd_db: 3, pd_b: 2, pd_mb: 5, bleed_mb: true, supp_mb: true }]]],
        "reload form",
    ]);
    expect(".o_perio_chart").toHaveAttribute("data-unsaved", "0");
    // a pause saves too: 16 db and b, then nothing for a while
    await press("4");
    await press("4");
    await animationFrame();
    expect.verifySteps([]);
    await advanceTime(SAVE_DELAY);
    await animationFrame();
    expect.verifySteps([["save", [1], [[3, { pd_db: 4, pd_b: 4 }]]], "reload form"]);
});

test("keyboard entry: the end of the buccal row goes on to the palatal row; backspace, arrows, margins", async () => {
    onRpc("perio_get_chart", () => chartData());
    onRpc("perio_save_sites", ({ args }) => {
        expect.step(args[1]);
        return true;
    });
    await mountChart();
    await click(`${cell("pd", "28:db")} rect`);
    await press("6");
    await animationFrame();
    expect(current()).toEqual(["28:dl"]);
    expect(queryFirst(`.o_perio_view[data-view='UL'] ${cell("pd", "28:dl")}`)).toHaveClass("o_perio_current");
    await press("2");
    await press("Backspace"); // back to 28 dl and erase it
    await animationFrame();
    expect(current()).toEqual(["28:dl"]);
    expect(`${cell("pd", "28:dl")} text`).toHaveText("");
    await press("ArrowUp"); // the buccal site above
    await press("ArrowLeft");
    await animationFrame();
    expect(current()).toEqual(["28:b"]);
    await press("g"); // gingival margins: overgrowth with a minus, 10 mm and more with Shift
    await press("-");
    await press("2");
    await animationFrame();
    expect(current()).toEqual(["28:db"]);
    await press(["Shift", "1"]);
    await animationFrame();
    expect(".o_perio_chart").toHaveAttribute("data-mode", "gm");
    expect(`${cell("gm", "28:b")} text`).toHaveText("-2");
    expect(`${cell("gm", "28:db")} text`).toHaveText("11");
    await press("m");
    await press("2");
    await animationFrame();
    expect(".o_perio_teeth_strip .o_perio_tooth_number[data-code='28'] .o_perio_mobility").toHaveText("II");
    await press("Enter");
    await animationFrame();
    expect.verifySteps([[[16, { pd_db: 6, pd_dl: 0, gm_b: -2, gm_db: 11, mobility: 2 }]]]);
});

test("keyboard entry: unsaved form changes are saved first; the drawing shows what the server keeps", async () => {
    // a server that keeps what is saved
    const stored = chartData();
    onRpc("perio_get_chart", () => {
        expect.step("perio_get_chart");
        return JSON.parse(JSON.stringify(stored));
    });
    onRpc("web_save", () => {
        expect.step("web_save");
    });
    onRpc("perio_save_sites", ({ args }) => {
        expect.step("perio_save_sites");
        for (const [lineId, values] of args[1]) {
            const saved = Object.values(stored.exam.teeth).find((t) => t.id === lineId);
            for (const [field, value] of Object.entries(values)) {
                const [prefix, site] = field.split("_");
                saved[prefix][site] = value;
            }
        }
        return true;
    });
    await mountChart();
    expect.verifySteps(["perio_get_chart"]);
    await click(".o_field_widget[name=name] input");
    await edit("Changed");
    await click(`${cell("pd", "11:mb")} rect`);
    await press("7");
    await press("Enter");
    await animationFrame();
    await animationFrame();
    expect.verifySteps(["web_save", "perio_save_sites"]);
    expect(`${cell("pd", "11:mb")} text`).toHaveText("7");
    expect(stored.exam.teeth["11"].pd.mb).toBe(7);
});

test("keyboard entry: the pending batch is sent when the tab closes, is hidden, or the chart closes", async () => {
    onRpc("perio_get_chart", () => chartData());
    onRpc("perio_save_sites", ({ args }) => {
        expect.step(["rpc", args[0], args[1]]);
        return true;
    });
    const beacons = [];
    mockSendBeacon((url, blob) => {
        beacons.push(blob.text().then((text) => [url, JSON.parse(text).params]));
        expect.step("sendBeacon");
        return true;
    });
    const view = await mountChart();
    // typed less than SAVE_DELAY before the tab closes
    await click(`${cell("pd", "18:db")} rect`);
    await press("3");
    await press("4");
    await animationFrame();
    const [event] = await unload();
    expect.verifySteps(["sendBeacon"]);
    expect(event.defaultPrevented).toBe(false);
    const [url, params] = await beacons[0];
    expect(url).toBe("/web/dataset/call_kw/dental.perio.exam/perio_save_sites");
    expect(params.model).toBe("dental.perio.exam");
    expect(params.method).toBe("perio_save_sites");
    expect(params.args).toEqual([[1], [[1, { pd_db: 3, pd_b: 4 }]]]);
    expect(params.kwargs.context).toEqual(user.context);
    await animationFrame();
    expect(".o_perio_chart").toHaveAttribute("data-unsaved", "0");
    await advanceTime(SAVE_DELAY);
    expect.verifySteps([]); // sent once
    // the tab hidden (switched away, or closed on a phone)
    await press("5");
    await animationFrame();
    Object.defineProperty(document, "visibilityState", { value: "hidden", configurable: true });
    try {
        document.dispatchEvent(new Event("visibilitychange"));
    } finally {
        delete document.visibilityState;
    }
    expect.verifySteps(["sendBeacon"]);
    expect((await beacons[1])[1].args).toEqual([[1], [[1, { pd_mb: 5 }]]]);
    // the chart closes (the form leaves the exam) before the pause is over: one RPC with the batch
    await press("6");
    await animationFrame();
    destroy(view);
    await animationFrame();
    expect.verifySteps([["rpc", [1], [[2, { pd_db: 6 }]]]]);
});
